"""`BackpropGrade`: grades a submitted notebook inside `nbgrader autograde`.

nbgrader keeps doing what it is good at (sanitising the submission, restoring locked and
test cells from the gradebook, saving grades, late penalties, feedback). This
preprocessor replaces `Execute`: instead of running the notebook in a kernel where student
code could rewrite the tests, it grades the student's cells in our sandbox and writes each
question's result into its test cell as plain output plus a partial-credit number that
nbgrader's `determine_grade` reads. The test cells contain no hidden checks, so neither the
kernel nor the feedback can show them.
"""

from __future__ import annotations

import json
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors.execute import Execute
from traitlets import Bool, Unicode

from autograder import checks
from autograder.grading import Grader
from autograder.report import Report
from autograder.submission import from_notebook, is_autograder_test


class BackpropGrade(NbGraderPreprocessor):
    fallback_to_execute = Bool(
        True, help="Run notebooks of assignments that backprop-lab does not know with nbgrader's Execute."
    ).tag(config=True)
    cache_dir = Unicode(
        "", help="Folder of reports made by `backprop-lab autograde` (reused when the notebook is unchanged)."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        aid, student = info["assignment"], info["student"]
        if aid not in checks.assignment_ids():
            if self.fallback_to_execute:
                self.log.info("backprop-lab has no checks for %s: running it with nbgrader's Execute", aid)
                return Execute(parent=self.parent).preprocess(nb, resources)
            raise ValueError(f"backprop-lab has no checks for assignment {aid!r}")
        submission = from_notebook(nb)  # nbgrader has already put locked and test cells back
        report = self.cached_report(submission, aid, student) or Grader(checks.get(aid)).grade(submission, student)
        write_results(nb, report, self.log, student=student)
        return nb, resources

    def cached_report(self, submission, aid: str, student: str) -> Report | None:
        if not self.cache_dir:
            return None
        from autograder.course.cache import load_report

        return load_report(Path(self.cache_dir), aid, student, submission)


def write_results(nb, report: Report, log=None, student: str | None = None) -> None:
    """Put each question's feedback and score into its autograded test cell: one result whose
    text/plain is the score (nbgrader reads it) and whose text/markdown is the feedback
    (autograder/feedback.py), so the page shows the feedback where a bare `Out[ ]` would be."""
    from autograder.feedback import question_markdown, quiz_context

    for message in report.errors:
        if log:
            log.warning("%s: %s", report.assignment, message)
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_autograder_test(cell):
            continue
        qid = cell.metadata["nbgrader"]["grade_id"]
        question = report.questions.get(qid)
        if question is None:
            cell.outputs = [new_output("error", ename="NoHiddenChecks", evalue=qid,
                                       traceback=[f"backprop-lab has no checks for {qid!r} (0 points)"])]
            continue
        markdown = question_markdown(question, report.errors, quiz_context(report.assignment, qid, student))
        points = float(cell.metadata["nbgrader"].get("points", question.max_score))
        # A plain decimal string: nbgrader reads it with float(); never an np.float64 repr.
        score = min(question.score, points)
        cell.outputs = [new_output("execute_result", execution_count=None,
                                   data={"text/plain": repr(float(score)), "text/markdown": markdown})]
    nb.metadata.setdefault("backprop_lab", {})["report"] = json.loads(json.dumps(report.to_json()))


def configure(c) -> None:
    """Make nbgrader's autograde grade with backprop-lab (call from nbgrader_config.py)."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    c.Autograde.autograde_preprocessors = [
        BackpropGrade, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata,
    ]
    c.OverwriteCells.add_missing_cells = True  # a deleted test cell comes back and is graded
    c.ClearSolutions.code_stub = {"python": "# 여기에 코드를 작성하세요 / YOUR CODE HERE\nraise NotImplementedError()"}
    c.LimitOutput.max_lines = 2000
    # The feedback is a test cell's result (autograder/feedback.py): no bare `Out[ ]:` beside it.
    c.HTMLExporter.exclude_output_prompt = True
    c.ExportApp.plugin_class = "autograder.nbgrader_plugin.export.RoundedCsvExport"  # 14.2, not 14.200000000000006
