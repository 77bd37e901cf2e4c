"""`BackpropGrade`: grades a submitted notebook inside `nbgrader autograde`.

nbgrader keeps doing what it is good at (sanitising the submission, restoring locked and
test cells from the gradebook, saving grades, late penalties, feedback). This
preprocessor replaces `Execute`: instead of running the notebook in a kernel where student
code could rewrite the tests, it grades the student's cells in our sandbox and writes each
question's result into its test cell as plain output plus a partial-credit number that
nbgrader's `determine_grade` reads. The test cells contain no hidden checks, so neither the
kernel nor the feedback can show them.

Grading goes through the same isolated path as `backprop-lab autograde`: a grader worker
process with its own memory limit and the submission's time budget (executor.py), so a hostile
notebook costs only its own grade and nbgrader goes on to the next student.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from nbformat import from_dict
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors.execute import Execute
from traitlets import Bool, Enum, Unicode

from autograder import checks
from autograder.checks.quizzes import quiz_ids
from autograder.report import Report
from autograder.submission import SubmissionError, from_notebook, is_autograder_test
from autograder.text import clean

_executor = None
_lock = threading.Lock()


def shared_executor():
    """One isolated grader worker for this nbgrader process, started on first use."""
    global _executor
    with _lock:
        if _executor is None:
            from autograder.executor import LocalExecutor

            _executor = LocalExecutor(1)
            atexit.register(_executor.close)
        return _executor


def grade_isolated(nb, aid: str, student: str, show_quiz_keys: bool = False) -> Report:
    import json

    from autograder.checks.framework import current_course
    from autograder.executor import GradeJob

    data = json.dumps(nb, ensure_ascii=True).encode("ascii")  # lone surrogates survive as \\ud800 escapes
    course = current_course()  # its secret: the worker reads it from the course, it never travels
    job = GradeJob(aid, f"{aid}.ipynb", data, student, tag=student, course=str(course or ""),
                   show_quiz_keys=show_quiz_keys)
    return shared_executor().submit(job).result()


class BackpropGrade(NbGraderPreprocessor):
    fallback_to_execute = Bool(
        True, help="Run notebooks of assignments that backprop-lab does not know with nbgrader's Execute."
    ).tag(config=True)
    cache_dir = Unicode(
        "", help="Folder of reports made by `backprop-lab autograde` (reused when the notebook is unchanged)."
    ).tag(config=True)
    quiz_keys = Enum(
        ["after_deadline", "always", "never"], "after_deadline",
        help="When quiz feedback shows the expected answers and the explanations: 'after_deadline' (the "
             "default: only when the assignment's due date, set in the gradebook, has passed), 'always' or 'never'.",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        aid, student = info["assignment"], info["student"]
        quiz = aid not in checks.problem_set_ids()
        if quiz and aid not in quiz_ids():  # raises QuizBankError if the bank cannot be loaded: never Execute
            if aid.startswith("quiz_"):
                raise ValueError(f"quiz {aid!r} is not in backprop-lab's quiz bank")
            if self.fallback_to_execute:
                self.log.info("backprop-lab has no checks for %s: running it with nbgrader's Execute", aid)
                return Execute(parent=self.parent).preprocess(nb, resources)
            raise ValueError(f"backprop-lab has no checks for assignment {aid!r}")
        show_keys = quiz and self.show_quiz_keys(info)
        report = None
        if not show_keys:  # cached reports were made with the keys hidden
            try:
                submission = from_notebook(nb)  # nbgrader has already put locked and test cells back
                report = self.cached_report(submission, aid, student)
            except SubmissionError:
                report = None  # the grader worker reports it
        if report is None:
            report = grade_isolated(nb, aid, student, show_keys)
        write_results(nb, report, self.log, student=student)
        return nb, resources

    def show_quiz_keys(self, info: dict) -> bool:
        if self.quiz_keys != "after_deadline":
            return self.quiz_keys == "always"
        from datetime import UTC, datetime

        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gb:
                due = gb.find_assignment(info["assignment"]).duedate
        except (MissingEntry, KeyError):
            return False
        return due is not None and datetime.now(UTC).replace(tzinfo=None) > due  # nbgrader keeps UTC

    def cached_report(self, submission, aid: str, student: str) -> Report | None:
        if not self.cache_dir:
            return None
        from autograder.course.cache import load_report

        return load_report(Path(self.cache_dir), aid, student, submission)


def write_results(nb, report: Report, log=None, student: str | None = None) -> None:
    """Put each question's feedback and score into its autograded test cell: one result whose
    text/plain is the score (nbgrader reads it) and whose text/markdown is the feedback
    (autograder/feedback.py), so the page shows the feedback where a bare `Out[ ]` would be.
    The notes on the submission (load errors, first few and a count) go into the first test cell only.

    The outputs are what `nbformat.v4.new_output` makes, without its schema check of each one:
    nbformat checks the whole notebook when nbgrader writes it."""
    from autograder.feedback import question_markdown, quiz_context

    errors = [*report.clean_errors(), *(clean(n, 500) for n in report.notes)]
    for message in errors:
        if log:
            log.warning("%s: %s", report.assignment, message)
    notes_written = False
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_autograder_test(cell):
            continue
        qid = cell.metadata["nbgrader"]["grade_id"]
        question = report.questions.get(qid)
        if question is None:
            cell.outputs = [from_dict({"output_type": "error", "ename": "NoHiddenChecks", "evalue": qid,
                                       "traceback": [f"backprop-lab has no checks for {qid!r} (0 points)"]})]
            continue
        markdown = question_markdown(question, errors if not notes_written else [],
                                     quiz_context(report.assignment, qid, student))
        notes_written = True
        points = float(cell.metadata["nbgrader"].get("points", question.max_score))
        # A plain decimal string: nbgrader reads it with float(); never an np.float64 repr.
        score = min(question.score, points)
        cell.outputs = [from_dict({"output_type": "execute_result", "metadata": {},
                                   "data": {"text/plain": repr(float(score)), "text/markdown": markdown},
                                   "execution_count": None})]
    # a summary only: the report itself is in the test cells (and in the cache), not copied again here
    nb.metadata.setdefault("backprop_lab", {})["report"] = {
        "assignment": clean(report.assignment, 200), "score": report.score, "max_score": report.max_score,
        "errors": len(errors)}


def configure(c) -> None:
    """Make nbgrader's autograde grade with backprop-lab (call from nbgrader_config.py).

    Both preprocessor lists stay nbgrader's lists (others may add to them): `BackpropGrade`
    takes the place of `Execute`, and `CheckCellMetadata` is the compiled one (same checks)."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        ClearOutput,
        DeduplicateIds,
        IgnorePattern,
        LimitOutput,
        OverwriteKernelspec,
        SaveAutoGrades,
    )

    from autograder.checks.framework import use_course
    from autograder.nbgrader_plugin.metadata import CompiledCheckCellMetadata
    from autograder.nbgrader_plugin.overwrite import OverwriteCellsSafely
    from autograder.nbgrader_plugin.sanitise import SanitiseStudentHtml

    root = c.CourseDirectory.root
    use_course(root if isinstance(root, str) and root else None)  # the course's grading secret
    # nbgrader's own sanitising steps, with OverwriteCells that survives duplicated cells
    c.Autograde.sanitize_preprocessors = [
        ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCellsSafely, CompiledCheckCellMetadata,
    ]
    # grading, then no student HTML left live, before autograded/ is written
    c.Autograde.autograde_preprocessors = [
        BackpropGrade, SanitiseStudentHtml, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CompiledCheckCellMetadata,
    ]
    # nbformat checks the notebook once after each pass rather than after every preprocessor
    c.Exporter.optimistic_validation = True
    c.OverwriteCells.add_missing_cells = True  # a deleted test cell comes back and is graded
    c.ClearSolutions.code_stub = {"python": "# 여기에 코드를 작성하세요 / YOUR CODE HERE\nraise NotImplementedError()"}
    c.LimitOutput.max_lines = 2000
    # The feedback is a test cell's result (autograder/feedback.py): no bare `Out[ ]:` beside it.
    c.HTMLExporter.exclude_output_prompt = True
    c.ExportApp.plugin_class = "autograder.nbgrader_plugin.export.RoundedCsvExport"  # 14.2, not 14.200000000000006
