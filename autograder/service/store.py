"""The one place `serve` talks to the database: students' tokens (hashes only) and their attempts.

The tables live in the course's database, next to nbgrader's gradebook (SQLite by default, the
PostgreSQL server when the gradebook is there), under names nbgrader never uses
(`backprop_lab_tokens`, `backprop_lab_attempts`), so the class report can read how each student
progressed. Every attempt is a row from the moment it is let through: counted while it is being
graded, so two requests at once cannot both take the last attempt, and kept with its score and
hints once graded. Times are naive UTC, as nbgrader stores its due dates.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from autograder.report import Report
from autograder.service.config import Budget

metadata = sa.MetaData()

tokens = sa.Table(
    "backprop_lab_tokens", metadata,
    sa.Column("student", sa.String(128), primary_key=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("created", sa.DateTime, nullable=False),
)

attempts = sa.Table(
    "backprop_lab_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("student", sa.String(128), nullable=False),
    sa.Column("assignment", sa.String(128), nullable=False),
    sa.Column("question", sa.String(128), nullable=False, default=""),  # "" = the whole assignment
    sa.Column("started", sa.DateTime, nullable=False),
    sa.Column("finished", sa.DateTime),
    # pending (being graded), graded, fault (grading that submission failed), interrupted (server stopped)
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("max_score", sa.Float),
    sa.Column("scores", sa.Text),  # JSON {question: score}
    sa.Column("hints", sa.Text),  # JSON {question: [hint ids of its failing checks]}
    sa.Index("backprop_lab_attempts_by_student", "student", "assignment", "question", "started"),
)

COUNTED = ("pending", "graded", "fault")

# nbgrader's own table, read only for due dates (nbgrader makes and migrates it, never us)
nbgrader_assignment = sa.Table("assignment", sa.MetaData(), sa.Column("name", sa.String(128)),
                               sa.Column("duedate", sa.DateTime))


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def token_digest(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough: nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass
class Usage:
    used: int
    left: int
    next_free: datetime | None  # when the oldest counted attempt leaves the window (None: not full)


class OutOfAttempts(Exception):
    def __init__(self, usage: Usage, budget: Budget) -> None:
        super().__init__("out of attempts")
        self.usage, self.budget = usage, budget


class Store:
    def __init__(self, db_url: str, course_id: str = "") -> None:
        self.db_url = db_url
        kwargs = {"connect_args": {"timeout": 30}} if db_url.startswith("sqlite") else {"pool_pre_ping": True}
        self.engine = sa.create_engine(db_url, **kwargs)
        self._reserve_lock = threading.Lock()  # count-then-insert must not interleave
        self._ensure_schema(course_id)

    def _ensure_schema(self, course_id: str) -> None:
        existing = set(sa.inspect(self.engine).get_table_names())
        if "assignment" not in existing and not existing & {tokens.name, attempts.name}:
            # An empty database: let nbgrader make its gradebook first, or it would later find our
            # tables, take the database for an old gradebook and never stamp its schema version.
            from autograder.course.init import create_gradebook

            create_gradebook(self.db_url, course_id)
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:  # a server that stopped mid-grading: those were never graded
            conn.execute(attempts.update().where(attempts.c.status == "pending")
                         .values(status="interrupted", finished=utcnow()))

    def close(self) -> None:
        self.engine.dispose()

    # -- tokens ------------------------------------------------------------------------------------
    def issue_token(self, student: str) -> str:
        """A new token for the student (any earlier one stops working). Only its hash is stored."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(tokens.delete().where(tokens.c.student == student))
            conn.execute(tokens.insert().values(student=student, token_sha256=token_digest(token), created=utcnow()))
        return token

    def student_for_token(self, token: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(tokens.c.student)
                                .where(tokens.c.token_sha256 == token_digest(token))).scalar()

    # -- attempts ----------------------------------------------------------------------------------
    def _usage(self, conn, student: str, assignment: str, question: str, budget: Budget, now: datetime) -> Usage:
        since = now - timedelta(seconds=budget.window)
        rows = conn.execute(
            sa.select(attempts.c.started).where(
                attempts.c.student == student, attempts.c.assignment == assignment,
                attempts.c.question == question, attempts.c.status.in_(COUNTED), attempts.c.started > since)
            .order_by(attempts.c.started)).scalars().all()
        used = len(rows)
        next_free = None  # also for a budget of 0: nothing will ever free up
        if used >= budget.limit and rows:
            next_free = rows[used - budget.limit] + timedelta(seconds=budget.window)
        return Usage(used, max(0, budget.limit - used), next_free)

    def usage(self, student: str, assignment: str, question: str, budget: Budget) -> Usage:
        with self.engine.connect() as conn:
            return self._usage(conn, student, assignment, question, budget, utcnow())

    def reserve(self, student: str, assignment: str, question: str, budget: Budget) -> tuple[int, Usage]:
        """Take one attempt, or raise OutOfAttempts. Returns the attempt's id and the usage with it."""
        with self._reserve_lock, self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # and across processes: one budget, one lock, until commit
                key = int.from_bytes(hashlib.sha256(f"{student}\0{assignment}\0{question}".encode()).digest()[:8],
                                     "big", signed=True)
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
            now = utcnow()
            usage = self._usage(conn, student, assignment, question, budget, now)
            if usage.left <= 0:
                raise OutOfAttempts(usage, budget)
            attempt_id = conn.execute(attempts.insert().values(
                student=student, assignment=assignment, question=question, started=now, status="pending")
            ).inserted_primary_key[0]
        return attempt_id, Usage(usage.used + 1, usage.left - 1, None)

    def release(self, attempt_id: int) -> None:
        """The server could not grade it (queue full, server error): it does not count."""
        with self.engine.begin() as conn:
            conn.execute(attempts.delete().where(attempts.c.id == attempt_id))

    def record(self, attempt_id: int, report: Report | None, status: str = "graded") -> None:
        values = {"status": status, "finished": utcnow()}
        if report is not None:
            values.update(
                score=report.score, max_score=report.max_score,
                scores=json.dumps({q: r.score for q, r in report.questions.items()}),
                hints=json.dumps({q: sorted({c.hint_id for c in r.checks if not c.passed and c.hint_id})
                                  for q, r in report.questions.items()}, ensure_ascii=True))
        with self.engine.begin() as conn:
            conn.execute(attempts.update().where(attempts.c.id == attempt_id).values(**values))

    def history(self, student: str, assignment: str | None = None) -> list[dict]:
        query = sa.select(attempts).where(attempts.c.student == student)
        if assignment is not None:
            query = query.where(attempts.c.assignment == assignment)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(attempts.c.started, attempts.c.id)).mappings().all()
        return [{"time": iso(r["started"]), "assignment": r["assignment"], "question": r["question"] or None,
                 "status": r["status"], "score": r["score"], "max_score": r["max_score"],
                 "scores": json.loads(r["scores"]) if r["scores"] else {},
                 "hints": json.loads(r["hints"]) if r["hints"] else {}} for r in rows]

    # -- nbgrader's gradebook ----------------------------------------------------------------------
    def due_date(self, assignment: str) -> datetime | None:
        """The assignment's due date in nbgrader's gradebook (naive UTC), if it has one."""
        with self.engine.connect() as conn:
            try:
                return conn.execute(sa.select(nbgrader_assignment.c.duedate)
                                    .where(nbgrader_assignment.c.name == assignment)).scalar()
            except sa.exc.DBAPIError:
                return None
