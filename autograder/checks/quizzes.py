"""Quizzes as assignments: one question per bank question, scored 1 right / 0.3 blank / 0 wrong.

The student's answer is the value of `answer_qNN` after their notebook ran in the sandbox
(fetched as plain data); "blank" means the answer cell is exactly as released. The
expected answer is computed here, in the grading process, from the student id nbgrader
grades under, so a neighbour's answer to their own numbers is wrong for this student.
"""

from __future__ import annotations

from functools import cache

from autograder.checks.framework import Assignment, Context
from autograder.sandbox.client import StudentError


@cache
def bank_and_quizzes():
    from autograder.quiz import load_bank, load_quizzes

    bank = load_bank()
    return bank, load_quizzes(bank=bank)


class QuizBankError(Exception):
    """The quiz bank could not be loaded: quizzes cannot be graded (never a silent fallback)."""


def quiz_ids() -> list[str]:
    """The quizzes of the bank; raises QuizBankError when the bank cannot be loaded, so a quiz
    is never mistaken for an assignment backprop-lab does not know."""
    try:
        return sorted(bank_and_quizzes()[1])
    except Exception as exc:
        raise QuizBankError(f"the quiz bank could not be loaded ({type(exc).__name__}: {exc})"[:800]) from exc


def answer_name(number: int) -> str:
    return f"answer_q{number:02d}"


def released_answer_cell(number: int) -> str:
    return f"{answer_name(number)} = None  # 답 / your answer"


def blank(source: str | None, number: int) -> bool:
    return source is None or " ".join(source.split()) == " ".join(released_answer_cell(number).split())


def verdict(result, submitted):
    """The verdict alone: no expected answer, no explanation (keys not released yet)."""
    from autograder.quiz import POINTS_BLANK, POINTS_RIGHT, POINTS_WRONG, Feedback

    later_ko = "정답과 해설은 교수자가 공개한 뒤에 보입니다."
    later_en = "The key and the explanation are shown once the instructor releases them."
    if result.status == "right":
        return Feedback(f"정답 ({POINTS_RIGHT:g}점). {later_ko}", f"Right ({POINTS_RIGHT:g} point). {later_en}")
    if result.status == "blank":
        return Feedback(f"무답 ({POINTS_BLANK:g}점). {later_ko}", f"No answer ({POINTS_BLANK:g} points). {later_en}")
    shown = repr(submitted)[:80]
    return Feedback(f"오답 ({POINTS_WRONG:g}점): 제출한 답 {shown}. {later_ko}",
                    f"Wrong ({POINTS_WRONG:g} points): you answered {shown}. {later_en}")


@cache
def quiz_assignment(quiz_id: str) -> Assignment:
    from autograder.quiz import score_answer, variant

    bank, quizzes = bank_and_quizzes()
    quiz = quizzes[quiz_id]
    assignment = Assignment(quiz_id, quiz.title_ko, quiz.title_en)
    assignment._reference = object()  # quizzes have no reference module: answers come from the bank
    for number, bank_id in enumerate(quiz.question_ids, start=1):
        question = assignment.question(f"q{number:02d}", kind="quiz")
        bank_question = bank[bank_id]

        def check(t: Context, number=number, bank_question=bank_question) -> None:
            student = t.student_id or "anonymous"
            v = variant(bank_question, student, quiz_id)
            source = t.extra.get("answers", {}).get(answer_name(number))
            is_blank = blank(source, number)
            submitted = None
            if not is_blank:
                try:
                    submitted = getattr(t.sub, answer_name(number)).value()
                except StudentError:
                    submitted = None  # the cell was changed but defines no answer: wrong
            result = score_answer(bank_question, v, submitted, is_blank)
            t.extra["answer"] = answer_facts(bank_question, v, submitted, result.status)
            t.extra["override"] = result.score
            # the key and the explanation only when the instructor says so (BackpropGrade.quiz_keys)
            message = result.message if t.extra.get("show_quiz_keys") else verdict(result, submitted)
            t.extra["note"] = f"{message.ko}\n{message.en}"
            if result.score < 1.0:
                t.fail(message.ko, message.en)
            t.correct_value()  # the answer, compared here with the one computed for this student

        question.check(points=1.0, name=bank_id)(check)
    return assignment


def answer_facts(question, v, submitted, status: str) -> dict:
    """What the class report needs of one answer, as plain data: the status, the value handed in
    (shortened), and for a choice question the index in the bank's list of the choice picked,
    mapped back from this student's shuffled order (None when it is not a letter on offer)."""
    from autograder.quiz.answers import AnswerError, parse_choice, parse_number, parse_truefalse

    facts: dict = {"status": status, "given": None, "choice": None, "expected": None}
    if status == "blank":
        return facts
    if isinstance(submitted, bool) or isinstance(submitted, int | float):
        facts["given"] = submitted
    elif submitted is not None:
        text = str(submitted)
        facts["given"] = text if len(text) <= 80 else text[:77] + "..."
    try:
        if question.type == "choice":
            facts["choice"] = v.permutation[parse_choice(submitted, len(v.choices))]
        elif question.type == "truefalse":
            facts["choice"] = "true" if parse_truefalse(submitted) else "false"
        elif question.type == "numeric":
            facts["given"] = parse_number(submitted)
            facts["expected"] = float(v.expected)
    except AnswerError:
        pass
    return facts
