"""What a student reads: one Markdown result per graded cell (no bare `Out[ ]`), values on
lines of their own, student text escaped, the quiz question as that student saw it, blank
shown as blank, explanations typeset as MathML; and grades.csv rounded."""

from __future__ import annotations

import html

import nbformat
import pytest

from autograder import checks
from autograder.checks.quizzes import bank_and_quizzes
from autograder.course.build import build_notebook
from autograder.course.quizzes import answered, quiz_notebook
from autograder.feedback import question_markdown, typeset
from autograder.grading import Grader, grade_path
from autograder.nbgrader_plugin.export import rounded
from autograder.nbgrader_plugin.preprocessor import write_results
from autograder.quiz import render_markdown, variant
from autograder.report import CheckResult, QuestionResult
from autograder.submission import from_notebook, is_autograder_test

QUIZ = "quiz_1_loss_backprop"


def graded_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and is_autograder_test(c)]


def test_a_failed_check_shows_expected_and_returned_on_lines_of_their_own(root, tmp_path):
    module = tmp_path / "mine.py"
    mistake = root / "examples" / "ps1_softmax_loss" / "mistake_batch-mean_cross_entropy_error.py"
    module.write_text((root / "solutions" / "ps1_softmax_loss.py").read_text() + "\n" + mistake.read_text())
    report = grade_path("ps1_softmax_loss", module)
    nb = build_notebook("ps1_softmax_loss")
    write_results(nb, report)
    for cell in graded_cells(nb):
        assert [o.output_type for o in cell.outputs] == ["execute_result"]  # one result: the feedback, scored
        float(cell.outputs[0].data["text/plain"])
    cell = next(c for c in graded_cells(nb) if c.metadata.nbgrader.grade_id == "cross_entropy_error")
    markdown = cell.outputs[0].data["text/markdown"]
    lines = markdown.splitlines()
    expected = next(i for i, line in enumerate(lines) if line.lstrip().startswith("기댓값 / expected:"))
    assert lines[expected + 1].lstrip().startswith("반환값 / returned:")
    assert "white-space: pre-wrap" in markdown and "batch-mean" in markdown
    assert float(cell.outputs[0].data["text/plain"]) == report.questions["cross_entropy_error"].score


def test_student_text_is_escaped_and_never_typeset():
    hostile = "<script>alert(1)</script> $x$ **bold** <img src=x onerror=alert(2)>"
    question = QuestionResult("softmax", 1.0, [CheckResult("rows", 1.0, False, f"returned {hostile}")])
    markdown = question_markdown(question, notes=[f"<cell 3>: {hostile}"])
    assert "<script>" not in markdown and "<img" not in markdown and "<math" not in markdown
    assert html.escape(hostile, quote=False) in markdown


def test_quiz_feedback_shows_the_students_own_question_blank_as_blank_and_typeset_explanations():
    bank, quizzes = bank_and_quizzes()
    ids = quizzes[QUIZ].question_ids
    right = {1: repr(variant(bank[ids[0]], "mina", QUIZ).expected)}
    nb = answered(quiz_notebook(QUIZ), {**right, 3: "'<b>not this</b>'"})
    hidden = Grader(checks.get(QUIZ)).grade(from_notebook(nb), "mina")  # the default: keys not released yet
    for q in hidden.questions.values():
        assert "<math" not in question_markdown(q) and "Explanation" not in question_markdown(q)
    report = Grader(checks.get(QUIZ), show_quiz_keys=True).grade(from_notebook(nb), "mina")
    write_results(nb, report, student="mina")
    outputs = {c.metadata.nbgrader.grade_id: c.outputs[0].data for c in graded_cells(nb)}
    blank = outputs["q02"]["text/markdown"]
    assert outputs["q02"]["text/plain"] == "0.3"
    assert "– 무답/blank" in blank and "✗" not in blank
    view = variant(bank[ids[1]], "mina", QUIZ).view
    own = typeset(render_markdown(view, 2))
    assert all(("> " + line) in blank for line in own.splitlines() if line.strip())
    assert "<math" in blank  # the explanation's LaTeX, typeset without MathJax
    pre = blank[blank.index("<pre"):blank.index("</pre>")]
    assert "해설" not in pre and "Explanation" not in pre and "$" not in pre
    wrong = outputs["q03"]["text/markdown"]
    assert "✗" in wrong and "&lt;b&gt;not this&lt;/b&gt;" in wrong and "<b>not this" not in wrong
    assert "✓" in outputs["q01"]["text/markdown"]


def test_latex_that_does_not_convert_stays_as_written():
    assert typeset(r"broken $\frac{1}{$ here") == r"broken $\frac{1}{$ here"
    assert typeset("no math, 5 dollars") == "no math, 5 dollars"
    assert typeset(r"$a$ and $\frac{1}{$").startswith("<math")


@pytest.mark.parametrize("raw, shown", [("14.200000000000006", "14.2"), ("18.0", "18"), ("7.499999999999999", "7.5"),
                                        ("", ""), ("0.30000000000000004", "0.3"), ("-0.0", "0")])
def test_export_rounds_scores(raw, shown):
    assert rounded(raw) == shown


def test_released_quiz_notebook_validates():
    nbformat.validate(quiz_notebook(QUIZ))
