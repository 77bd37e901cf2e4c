"""Grading results, as JSON (the CLI's --json contract) and as text for people."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.hints import hint_text
from autograder.text import clean

MAX_MESSAGE_CHARS = 4000  # one check's message: a submission cannot make feedback grow without bound
MAX_ERROR_CHARS = 1000


@dataclass
class CheckResult:
    name: str
    points: float
    passed: bool
    message: str = ""
    hint_id: str | None = None
    # For class statistics (autograder/analytics), kept out of the --json contract but carried by
    # to_wire: why the code produced no value to compare (a sandbox fault kind such as "timeout",
    # "crash", "flood"; "unreadable", "exception", "not-implemented", "undefined"), and for a quiz
    # answer what was handed in ({"status", "given", "choice" (the bank's index), "expected"}).
    fault: str | None = None
    answer: dict | None = None

    def __post_init__(self) -> None:  # text from student code is printable before it goes anywhere
        self.name = clean(self.name, 200)
        self.message = clean(self.message, MAX_MESSAGE_CHARS)

    def to_json(self, question: str | None = None) -> dict:
        return {"name": self.name, "passed": self.passed, "message": self.message,
                "hint_id": self.hint_id, "hint": hint_text(self.hint_id, question)}


@dataclass
class QuestionResult:
    id: str
    max_score: float
    checks: list[CheckResult] = field(default_factory=list)
    override_score: float | None = None  # quizzes score 1 / 0.3 / 0 outside the check sum

    @property
    def score(self) -> float:
        if self.override_score is not None:
            return round(self.override_score, 6)
        return round(sum(c.points for c in self.checks if c.passed), 6)

    def to_json(self) -> dict:
        return {"score": self.score, "max_score": self.max_score, "checks": [c.to_json(self.id) for c in self.checks]}

    def mark(self, check: CheckResult) -> str:
        """✓ passed, ✗ failed; a quiz answer left blank (it scores 0.3, not 0) is marked blank."""
        if check.passed:
            return "✓"
        if self.override_score and len(self.checks) == 1:
            return "– 무답/blank"
        return "✗"

    def feedback(self) -> str:
        """Plain text for the nbgrader cell output and the console report."""
        lines = [f"{clean(self.id, 200)}: {fmt_points(self.score)} / {fmt_points(self.max_score)}"]
        for c in self.checks:
            lines.append(f"  {self.mark(c)} {c.name} ({fmt_points(c.points)})")
            if c.message:  # failures say why; quiz answers also carry their explanation when right
                lines.extend("      " + line for line in c.message.splitlines())
            if not c.passed:
                if c.hint_id:
                    lines.append(f"      힌트/hint [{c.hint_id}]:")
                    lines.extend("        " + line for line in (hint_text(c.hint_id, self.id) or "").splitlines())
        return "\n".join(lines)


@dataclass
class Report:
    assignment: str
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the grading itself (e.g. no secret), not the code

    @property
    def score(self) -> float:
        return round(sum(q.score for q in self.questions.values()), 6)

    @property
    def max_score(self) -> float:
        return round(sum(q.max_score for q in self.questions.values()), 6)

    def to_json(self) -> dict:
        return {
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "questions": {qid: q.to_json() for qid, q in self.questions.items()},
            "errors": self.clean_errors(),
            "notes": list(self.notes),
        }

    def clean_errors(self) -> list[str]:
        return [clean(e, MAX_ERROR_CHARS) for e in self.errors]

    @classmethod
    def from_json(cls, raw: dict, points: dict[str, list[float]] | None = None,
                  override: dict[str, float | None] | None = None) -> Report:
        """The inverse of to_json (which leaves out each check's points and a quiz's override score:
        pass them, or they are rebuilt from the scores where they can be)."""
        report = cls(clean(raw["assignment"], 200), errors=[clean(e, MAX_ERROR_CHARS) for e in raw.get("errors", [])],
                     notes=[clean(n, MAX_ERROR_CHARS) for n in raw.get("notes", [])])
        for qid, q in raw["questions"].items():
            result = QuestionResult(qid, q["max_score"], override_score=(override or {}).get(qid))
            pts = (points or {}).get(qid) or [None] * len(q["checks"])
            for c, p in zip(q["checks"], pts):
                result.checks.append(CheckResult(c["name"], p if p is not None else c.get("points", 0.0),
                                                 c["passed"], c["message"], c["hint_id"]))
            report.questions[qid] = result
        return report

    def to_wire(self) -> dict:
        """Everything, for crossing a process or machine boundary (to_json plus points and overrides)."""
        return {"report": self.to_json(),
                "points": {q: [c.points for c in r.checks] for q, r in self.questions.items()},
                "override": {q: r.override_score for q, r in self.questions.items()},
                "faults": {q: [c.fault for c in r.checks] for q, r in self.questions.items()
                           if any(c.fault for c in r.checks)},
                "answers": {q: [c.answer for c in r.checks] for q, r in self.questions.items()
                            if any(c.answer for c in r.checks)}}

    @classmethod
    def from_wire(cls, data: dict) -> Report:
        report = cls.from_json(data["report"], data["points"], data["override"])
        for field_name in ("faults", "answers"):  # absent from reports written before they existed
            for qid, values in (data.get(field_name) or {}).items():
                if qid in report.questions:
                    for check, value in zip(report.questions[qid].checks, values):
                        setattr(check, field_name[:-1], value)
        return report

    def text(self) -> str:
        lines = [f"{self.assignment}: {fmt_points(self.score)} / {fmt_points(self.max_score)}"]
        for message in self.clean_errors():
            lines.append(f"! {message}")
        for message in self.notes:
            lines.append(f"note: {message}")
        for q in self.questions.values():
            lines.append(q.feedback())
        return "\n".join(lines)


def fmt_points(x: float) -> str:
    return f"{x:g}"
