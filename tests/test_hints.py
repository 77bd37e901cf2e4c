"""Hint wording: every id the checks can name has text, and question-specific sentences attach
only to hints and questions that exist."""

from __future__ import annotations

from autograder import checks
from autograder.hints import HINTS, QUESTION_HINTS, hint_text
from autograder.report import CheckResult, QuestionResult


def test_question_hints_name_real_questions_and_hints():
    questions = {qid for aid in checks.problem_set_ids() for qid in checks.get(aid).questions}
    for (qid, hint_id), (ko, en) in QUESTION_HINTS.items():
        assert qid in questions, qid
        assert hint_id in HINTS, hint_id
        assert ko.strip() and en.strip()


def test_wrong_axis_in_ps3_speaks_of_row_sums_not_rows_as_samples():
    general = hint_text("wrong-axis")
    ps3 = hint_text("wrong-axis", "split_error_proportional")
    assert "each sample is a row" not in general
    assert "each sample is a row" not in ps3 and "row sum" in ps3
    assert ps3.startswith(general.splitlines()[0])
    assert "each sample is a row" in hint_text("wrong-axis", "softmax")


def test_feedback_and_json_carry_the_question_sentence():
    result = QuestionResult("hidden_gradient", 2.0, [CheckResult("batch", 2.0, False, "x", "batch-mean")])
    assert "summed over the samples" in result.to_json()["checks"][0]["hint"]
    assert "summed over the samples" in result.feedback()
