"""Quizzes graded through the same path as the problem sets: 1 right, 0.3 blank, 0 wrong,
per student variants, and a copied answer is wrong for someone else."""

from __future__ import annotations

import pytest

from autograder import checks
from autograder.checks.quizzes import bank_and_quizzes
from autograder.course.quizzes import answered, quiz_notebook
from autograder.grading import Grader
from autograder.quiz import variant
from autograder.submission import from_notebook

pytestmark = pytest.mark.quiz
QUIZ = "quiz_1_loss_backprop"


def expected_answers(student: str) -> dict[int, str]:
    bank, quizzes = bank_and_quizzes()
    return {n: repr(variant(bank[b], student, QUIZ).expected) for n, b in enumerate(quizzes[QUIZ].question_ids, 1)}


def grade(answers: dict[int, str], student: str, show_quiz_keys: bool = False):
    return Grader(checks.get(QUIZ), show_quiz_keys=show_quiz_keys).grade(
        from_notebook(answered(quiz_notebook(QUIZ), answers)), student)


def test_right_blank_and_wrong_score_one_point_three_and_zero_on_every_type():
    bank, quizzes = bank_and_quizzes()
    right = expected_answers("s1")
    answers = {n: right[n] for n in range(1, 9)}
    answers.update({n: "'not an answer'" for n in range(9, 17)})
    report = grade(answers, "s1")
    scores = [q.score for q in report.questions.values()]
    assert scores[:8] == [1.0] * 8
    assert scores[8:16] == [0.0] * 8
    assert scores[16:] == [0.3] * 9
    assert report.score == pytest.approx(8 + 0.3 * 9)
    assert report.max_score == 25
    types = {bank[b].type for b in quizzes[QUIZ].question_ids}
    assert types == {"choice", "truefalse", "numeric", "symbolic"}


def test_full_marks_and_explanations_in_feedback():
    report = grade(expected_answers("s2"), "s2", show_quiz_keys=True)
    assert report.score == 25
    bank, quizzes = bank_and_quizzes()
    first = bank[quizzes[QUIZ].question_ids[0]]
    feedback = report.questions["q01"].feedback()
    assert first.explanation_en.split()[0] in feedback and first.explanation_ko.split()[0] in feedback
    wrong = grade({1: "None"}, "s2")  # changed cell, still None: wrong, not blank
    assert wrong.questions["q01"].score == 0
    assert wrong.questions["q01"].checks[0].message


def test_keys_and_explanations_stay_hidden_unless_the_instructor_releases_them():
    """A blank quiz's feedback must not answer the resubmission: no expected answer, no explanation."""
    bank, quizzes = bank_and_quizzes()
    expected = expected_answers("s3")
    for show in (False, True):
        report = grade({1: "'Z'"}, "s3", show_quiz_keys=show)  # q01 wrong, the rest blank
        text = "\n".join(q.feedback() for q in report.questions.values())
        first = bank[quizzes[QUIZ].question_ids[0]]
        assert ("Expected:" in text) == show and (first.explanation_en in text) == show
        assert report.questions["q01"].score == 0 and report.questions["q02"].score == 0.3
    assert expected  # the keys exist; they are only not shown


def test_a_neighbours_answers_are_wrong_where_the_numbers_differ():
    alice = expected_answers("alice")
    assert grade(alice, "alice").score == 25
    copied = grade(alice, "bob").score
    assert copied < 25 - 3


def test_the_student_notebook_holds_no_answers():
    bank, quizzes = bank_and_quizzes()
    nb = quiz_notebook(QUIZ)
    text = "\n".join(c.source for c in nb.cells)
    for bank_id in quizzes[QUIZ].question_ids:
        q = bank[bank_id]
        for field in (q.explanation_en, q.explanation_ko):
            assert field[:60] not in text
        if q.answer_expr:
            assert q.answer_expr not in text
