"""Quizzes as assignments: one question per bank question, scored 1 right / 0.3 blank / 0 wrong.

The student's answer is the value of `answer_qNN` after their notebook ran in the sandbox
(fetched as plain data); "blank" means the answer cell is exactly as released. The
expected answer is computed here, in the grading process, from the student id nbgrader
grades under, so a neighbour's answer to their own numbers is wrong for this student.
"""

from __future__ import annotations

import ast
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


IDENTITY_NAME = "NBGRADER_ID"
"""The variable of the quiz's id cell: empty on JupyterHub (the login is used), else the id typed."""


def recorded_id(source: str | None) -> str | None:
    """The id a submission's id cell records: the string assigned to NBGRADER_ID, read without
    running anything. "" when left empty (JupyterHub: the login name, which is the nbgrader id);
    None when the cell is missing or not a plain string assignment."""
    if source is None:
        return None
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:
        names = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if (isinstance(node, ast.Assign) and IDENTITY_NAME in names and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            found = node.value.value.strip()
    return found


def identity_mismatch(answer_cells: dict[str, str], student_id: str | None) -> str | None:
    """The recorded id when it differs from the id nbgrader grades under, else None."""
    recorded = recorded_id(answer_cells.get(IDENTITY_NAME))
    if not recorded or not student_id or recorded == student_id:
        return None
    return recorded


class QuizAssignment(Assignment):
    def submission_notes(self, answer_cells: dict[str, str], student_id: str | None) -> list[str]:
        """What the grader says about the whole submission (shown to the student and the instructor)."""
        other = identity_mismatch(answer_cells, student_id)
        if other is None:
            return []
        return [f"nbgrader 학생 ID 불일치 / nbgrader student id mismatch: the quiz was answered as {other!r} "
                f"but is graded as {student_id!r}. 채점은 {student_id!r}의 숫자로 했습니다 (graded with the "
                f"numbers of {student_id!r}); each question says what the answer would score with the numbers of "
                f"{other!r}. 교수자에게 알리세요 / tell your instructor."]


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
    assignment = QuizAssignment(quiz_id, quiz.title_ko, quiz.title_en)
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
            result = score_answer(bank_question, v, submitted, is_blank, explain=False)
            t.extra["answer"] = answer_facts(bank_question, v, submitted, result.status)
            lines = [result.message.ko.strip(), result.message.en.strip()]
            other = identity_mismatch(t.extra.get("answers", {}), t.student_id)
            if other is not None:  # the numbers the student saw were someone else's: say what they score
                theirs = score_answer(bank_question, variant(bank_question, other, quiz_id), submitted, is_blank,
                                      explain=False)
                lines.append(f"{other!r}의 숫자로는 / with the numbers of {other!r}: {theirs.status} "
                             f"({theirs.score:g})")
            lines += [f"해설: {v.explanation_ko}", f"Explanation: {v.explanation_en}"]
            t.extra["override"] = result.score
            t.extra["status"] = result.status
            # the key and the explanation only when the instructor says so (BackpropGrade.quiz_keys)
            if not t.extra.get("show_quiz_keys"):
                said = verdict(result, submitted)
                keys = ("해설: ", "Explanation: ")
                lines = [said.ko, said.en] + [line for line in lines[2:] if not line.startswith(keys)]
            t.extra["note"] = "\n".join(lines)
            if result.score < 1.0:
                t.fail(lines[0], "\n".join(lines[1:]))  # the grader joins them back with a newline
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
