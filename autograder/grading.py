"""Grade one submission: run its code in the sandbox, then every question's checks.

Questions are independent: each gets its own time and CPU budget, and a question whose
code hangs, crashes, exits, floods or runs out of memory scores 0 with a message while
the process is restarted (its good cells replayed) for the next question. The whole
submission has one budget (wall-clock and CPU) that covers loading, every replay and every
question: once it is spent, the questions left score 0 with a message saying so.
"""

from __future__ import annotations

import functools
import time
import traceback
from dataclasses import dataclass

from autograder import checks
from autograder.checks.framework import (
    NO_SECRET_NOTE,
    Assignment,
    Context,
    Fail,
    Question,
    code_digest,
    course_of,
    secret,
)
from autograder.report import CheckResult, QuestionResult, Report
from autograder.sandbox.client import Limits, Sandbox, SandboxFault, StudentError, budget_fault, disk_fault
from autograder.submission import Submission, SubmissionError, load


def both(ko: str, en: str) -> str:
    return f"{ko}\n{en}"


MAX_LISTED_ERRORS = 10  # load errors listed in a report; the rest are counted


@dataclass
class Loaded:
    good_cells: list
    errors: list[str]


def submission_budget(assignment: Assignment) -> float:
    """Seconds (wall-clock, and CPU) for one whole submission: every question's own budget plus
    room to load and replay the cells. ps1: 60 s, ps4: 140 s, a quiz: 155 s."""
    questions = sum(q.wall_seconds for q in assignment.questions.values())
    return min(600.0, max(60.0, questions + 3 * assignment.cell_seconds))


class Grader:
    def __init__(self, assignment: Assignment, limits: Limits | None = None,
                 budget_seconds: float | None = None, show_quiz_keys: bool = False) -> None:
        self.assignment = assignment
        self.show_quiz_keys = show_quiz_keys  # quiz feedback shows the key and explanation only if set
        self.limits = limits or Limits(cell_seconds=assignment.cell_seconds)
        self.sandbox = Sandbox(self.limits)
        self.answer_cells: dict[str, str] = {}
        self.code = ""  # digest of the submission's code: part of every hidden input's seed
        self.budget_seconds = budget_seconds or submission_budget(assignment)

    # -- the submission's budget -------------------------------------------------------
    def start_sandbox(self) -> None:
        self.sandbox.close()
        if self.spent():
            raise budget_fault()
        self.sandbox.cpu_left = self.budget_seconds - self.sandbox.cpu_total
        self.sandbox.start()

    def spent(self) -> bool:
        """The submission's wall-clock or CPU budget is used up."""
        return (self.sandbox.hard_deadline is not None and time.monotonic() >= self.sandbox.hard_deadline) \
            or self.sandbox.cpu_total + self.sandbox.cpu_used() >= self.budget_seconds

    def load_cells(self, submission: Submission) -> Loaded:
        """Run every cell once; remember the ones that ran so a restart can replay them."""
        good, errors = [], []
        self.start_sandbox()
        for cell in submission.cells:
            if cell.skip_in_grading or not cell.source.strip():
                continue
            try:
                self.sandbox.exec_cell(cell.source, cell.filename, submission.module_name)
                good.append(cell)
            except StudentError as exc:
                where = f" ({exc.where[-1]})" if exc.where else ""
                errors.append(f"{cell.filename}: {exc.type}: {exc.message}{where}"[:500])
            except SandboxFault as fault:
                if fault.kind == "budget" or self.spent():
                    raise budget_fault() from None
                errors.append(f"{cell.filename}: {fault.en} / {fault.ko} — 이 셀은 건너뜁니다 / cell skipped")
                self.replay(good, submission.module_name)
        return Loaded(good, errors)

    def replay(self, cells, module_name: str) -> None:
        self.start_sandbox()
        for cell in cells:
            try:
                self.sandbox.exec_cell(cell.source, cell.filename, module_name)
            except StudentError:
                pass
            except SandboxFault:
                if self.spent():
                    raise budget_fault() from None
                self.start_sandbox()  # a cell that broke this time: go on without it

    def grade_question(self, q: Question, student_id: str | None) -> tuple[QuestionResult, bool]:
        """Returns the result and whether the sandbox must be restarted."""
        result = QuestionResult(q.id, q.max_score)
        if self.spent():
            fault = budget_fault()
            return failed_question(q, both(fault.ko, fault.en), fault.kind), False
        self.sandbox.begin_question(q.wall_seconds, q.cpu_seconds or q.wall_seconds)
        fault: SandboxFault | None = None
        try:
            probe = {"exists": True} if q.kind == "quiz" else self.sandbox.probe(q.id)
        except SandboxFault as exc:
            fault, probe = exc, {"exists": True}
        missing = None if probe.get("exists") else both(
            f"`{q.id}`이(가) 정의되어 있지 않습니다. 해당 셀을 실행할 수 있는지(문법 오류 등) 확인하세요.",
            f"`{q.id}` is not defined: check that its cell runs (syntax errors, a renamed function).")
        shared: dict = {}  # checks of this question may share work (e.g. one training run)
        for check in q.checks:
            if fault is not None:
                result.checks.append(CheckResult(check.name, check.points, False, both(fault.ko, fault.en),
                                                 fault=fault.kind))
                continue
            if missing:
                result.checks.append(CheckResult(check.name, check.points, False, missing, fault="undefined"))
                continue
            context = Context(q, check, self.sandbox, student_id,
                              {"answers": self.answer_cells, "show_quiz_keys": self.show_quiz_keys}, shared,
                              code=self.code)
            try:
                check.run(context)  # passes only with a correct value seen (framework.Check.run)
                result.checks.append(CheckResult(check.name, check.points, True, context.extra.get("note", ""),
                                                 answer=context.extra.get("answer")))
            except Fail as f:
                result.checks.append(CheckResult(check.name, check.points, False, both(f.ko, f.en), f.hint,
                                                 answer=context.extra.get("answer")))
            except StudentError as exc:
                result.checks.append(CheckResult(check.name, check.points, False, student_error_message(exc),
                                                 fault=student_error_kind(exc)))
            except SandboxFault as exc:
                fault = exc
                result.checks.append(CheckResult(check.name, check.points, False, both(exc.ko, exc.en),
                                                 fault=exc.kind))
            except Exception as exc:  # a bug in a check must not pass or silently fail anyone
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                result.checks.append(CheckResult(check.name, check.points, False, both(
                    f"채점기 내부 오류입니다. 담당 교수자에게 알려 주세요: {detail}",
                    f"Internal grader error, please tell the instructor: {detail}"), fault="grader-error"))
                raise GraderBug(f"{q.id}/{check.name}: {detail}") from exc
            if "override" in context.extra:  # quizzes: 1 right / 0.3 blank / 0 wrong
                result.override_score = (result.override_score or 0.0) + context.extra["override"]
        self.sandbox.end_question()
        if fault is not None:
            result.override_score = None if result.override_score is None else 0.0
            for c in result.checks:
                c.passed = False  # a hang, crash, exit, flood or memory blow-up loses the question
                c.fault = c.fault or fault.kind
                if not c.message.strip():  # checks that had passed before it say why they are lost too
                    c.message = both(fault.ko, fault.en)
        return result, fault is not None

    def grade(self, submission: Submission, student_id: str | None = None,
              questions: list[str] | None = None) -> Report:
        report = Report(self.assignment.id)
        if student_id is None and any(q.kind == "quiz" for q in self.assignment.questions.values()):
            report.errors.append("학생 ID 없이 채점했습니다: --student로 nbgrader 학생 ID를 주세요 / graded without a "
                                 "student id: pass --student with your nbgrader id to get your own numbers")
        self.answer_cells = {c.answer: c.source for c in submission.cells if c.answer}
        notes = getattr(self.assignment, "submission_notes", None)  # quizzes: the id the student used
        if notes is not None:
            report.errors.extend(notes(self.answer_cells, student_id))
        self.code = code_digest([c.source for c in submission.cells if not c.skip_in_grading])
        if not secret():
            report.notes.append(NO_SECRET_NOTE)
        self.sandbox.hard_deadline = time.monotonic() + self.budget_seconds
        self.sandbox.cpu_total = 0.0
        try:
            loaded = self.load_cells(submission)
            report.errors.extend(submission.warnings + listed(loaded.errors))
            if not self.sandbox.boxed:
                from autograder.sandbox.box import NO_BOX_WARNING

                report.errors.append(NO_BOX_WARNING)
            if not self.sandbox.info.get("landlock"):
                report.errors.append("sandbox: Landlock is not available on this kernel, so student code was "
                                     "confined by an audit hook and resource limits only (see autograder/sandbox)")
            for q in self.assignment.questions.values():
                if questions is not None and q.id not in questions:
                    continue
                try:
                    result, restart = self.grade_question(q, student_id)
                except GraderBug as bug:
                    report.errors.append(f"internal grader error: {bug}")
                    result, restart = QuestionResult(q.id, q.max_score), True
                report.questions[q.id] = result
                if restart and not self.spent():
                    try:
                        self.replay(loaded.good_cells, submission.module_name)
                    except SandboxFault:
                        pass  # the next question reports it (its sandbox is not running)
        except SandboxFault as fault:  # the sandbox would not start, or the budget ran out while loading
            report.errors.append(f"{fault.en} / {fault.ko}")
            for q in self.assignment.questions.values():
                if questions is None or q.id in questions:
                    report.questions.setdefault(q.id, failed_question(q, both(fault.ko, fault.en), fault.kind))
        finally:
            self.sandbox.close()
        if any(c.message.startswith(budget_fault().ko) for q in report.questions.values() for c in q.checks):
            report.errors.append(f"{budget_fault().en} / {budget_fault().ko} "
                                 f"({self.budget_seconds:g} s wall-clock and CPU)")
        return report


def listed(errors: list[str]) -> list[str]:
    """Load errors once, in the report: the first few and how many more."""
    if len(errors) <= MAX_LISTED_ERRORS:
        return errors
    more = len(errors) - MAX_LISTED_ERRORS
    return [*errors[:MAX_LISTED_ERRORS], f"… 그 밖에 셀 오류 {more}개 / and {more} more cell errors"]


class GraderBug(Exception):
    pass


def student_error_message(exc: StudentError) -> str:
    if exc.type == "NotImplementedError":
        return both("아직 구현하지 않았습니다 (NotImplementedError).", "Not implemented yet (NotImplementedError).")
    if "[Errno 28]" in exc.message or "[Errno 27]" in exc.message or "[Errno 122]" in exc.message:
        fault = disk_fault(Limits().disk_bytes)
        return both(fault.ko, fault.en) + f"\n({exc.type}: {exc.message[:200]})"
    if exc.type == "BlockingIOError" and "[Errno 11]" in exc.message:
        return both("프로세스 수 한도를 넘었습니다 (fork/스레드).",
                    "Process limit exceeded (fork or threads).") + f"\n({exc.type}: {exc.message[:200]})"
    where = ("\n" + "\n".join(exc.where[-3:])) if exc.where else ""
    return both(f"코드에서 예외가 발생했습니다: {exc.type}: {exc.message}",
                f"Your code raised {exc.type}: {exc.message}") + where


def student_error_kind(exc: StudentError) -> str:
    return "not-implemented" if exc.type == "NotImplementedError" else "exception"


def failed_question(q: Question, message: str, fault: str | None = None) -> QuestionResult:
    return QuestionResult(q.id, q.max_score,
                          [CheckResult(c.name, c.points, False, message, fault=fault) for c in q.checks])


def unreadable_report(assignment: Assignment, reason: str) -> Report:
    report = Report(assignment.id, errors=[reason])
    message = both(f"제출물을 읽을 수 없습니다: {reason}", f"The submission could not be read: {reason}")
    for q in assignment.questions.values():
        report.questions[q.id] = failed_question(q, message, "unreadable")
    return report


def grade_path(assignment_id: str, path, student_id: str | None = None, limits: Limits | None = None,
               show_quiz_keys: bool = False) -> Report:
    """Grade a file as `nbgrader autograde` would: a notebook's locked cells are first put back
    as released (nbgrader's OverwriteCells does the same), so both give the same score."""
    assignment = checks.get(assignment_id)
    try:
        submission = load(path, released=released_cells(assignment_id))
    except SubmissionError as exc:
        return unreadable_report(assignment, str(exc))
    with course_of(path):  # a notebook inside a course: that course's secret, as nbgrader uses
        return Grader(assignment, limits, show_quiz_keys=show_quiz_keys).grade(submission, student_id)


@functools.cache
def released_cells(assignment_id: str) -> dict[str, str]:
    """grade_id -> source of every locked cell of the assignment's source notebook (built once per
    assignment and process: every grader of a class run asks for it)."""
    from autograder.course.build import build_notebook
    from autograder.course.quizzes import quiz_notebook

    nb = build_notebook(assignment_id) if assignment_id in checks.problem_set_ids() else quiz_notebook(assignment_id)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("locked") and c.cell_type == "code"}
