"""Feedback a student reads: each question's result as one Markdown output of its test cell.

nbgrader shows a test cell's outputs in the feedback and in formgrader. We give it one
`execute_result` whose `text/plain` is the score (nbgrader's partial credit reads it) and
whose `text/markdown` is what a person reads, so the page shows the feedback, typeset,
instead of a bare `Out[ ]: 1.5`:

- every check on its own line with ✓ / ✗ / – (blank), the message wrapped in a
  `<pre>` that breaks long lines (expected and returned values each on a line of their own);
- hints and quiz explanations (instructors' text, Markdown with LaTeX) as Markdown, their
  `$...$` turned into MathML (latex2mathml), which browsers typeset without MathJax: feedback
  pages load MathJax from a CDN, which a campus machine or a test may not reach;
- for a quiz, the question as this student saw it (their numbers, their choice order).

Anything that may carry student text (messages quote returned values and exceptions; notes
quote cells) is HTML-escaped inside `<pre>`, where neither Markdown nor MathJax reads it.
"""

from __future__ import annotations

import html
import re

from autograder.hints import hint_text
from autograder.report import QuestionResult, fmt_points

PRE = '<pre style="white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.2em 0 0.6em 1.5em">{}</pre>'


def literal(text: str) -> str:
    """Student-influenced text, shown exactly and never interpreted (HTML, Markdown, LaTeX)."""
    return PRE.format(html.escape(text.strip("\n"), quote=False))


MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)


def typeset(markdown: str) -> str:
    """Trusted Markdown with `$...$` / `$$...$$` replaced by MathML (a span that does not convert stays)."""
    from latex2mathml.converter import convert

    def one(match: re.Match) -> str:
        display, inline = match.group(1), match.group(2)
        try:
            return convert(display if display is not None else inline,
                           display="block" if display is not None else "inline")
        except Exception:  # noqa: BLE001 - a LaTeX construct latex2mathml lacks: leave the source
            return match.group(0)

    return MATH.sub(one, markdown)


def question_markdown(question: QuestionResult, notes: list[str] | None = None,
                      quiz: QuizContext | None = None) -> str:
    parts = [f"**{question.id}: {fmt_points(question.score)} / {fmt_points(question.max_score)}**"]
    if notes:
        parts.append("제출물 메모 / notes on the submission:")
        parts.append(literal("\n".join(notes)))
    if quiz is not None:
        parts.append(f"문제 (여러분의 숫자와 보기 순서) / the question as you saw it, for `{quiz.student_id}`:")
        parts.append("\n".join("> " + line for line in typeset(quiz.question_markdown).splitlines()))
    for check in question.checks:
        parts.append(f"{question.mark(check)} **{check.name}** ({fmt_points(check.points)})")
        message = check.message
        if quiz is not None:  # the explanation is shown typeset below, not as text here
            message = "\n".join(line for line in message.splitlines()
                                if not line.startswith(("해설: ", "Explanation: ")))
        if message.strip():
            parts.append(literal(message))
        if not check.passed and check.hint_id:
            parts.append(f"힌트/hint `{check.hint_id}`:\n\n{hint_text(check.hint_id) or ''}")
    keys_shown = any(line.startswith("Explanation: ") for c in question.checks for line in c.message.splitlines())
    if quiz is not None and keys_shown:  # only when the grader released the key (BackpropGrade.quiz_keys)
        parts.append(typeset(f"**해설**: {quiz.explanation_ko}\n\n**Explanation**: {quiz.explanation_en}"))
    return "\n\n".join(parts) + "\n"


class QuizContext:
    """What the feedback of one quiz question shows beside the result (all from the bank)."""

    def __init__(self, quiz_id: str, number: int, student_id: str) -> None:
        from autograder.checks.quizzes import bank_and_quizzes
        from autograder.quiz import render_markdown, variant

        bank, quizzes = bank_and_quizzes()
        question = bank[quizzes[quiz_id].question_ids[number - 1]]
        v = variant(question, student_id, quiz_id)
        self.student_id = student_id
        self.question_markdown = render_markdown(v.view, number)
        self.explanation_ko, self.explanation_en = v.explanation_ko, v.explanation_en


def quiz_context(assignment_id: str, question_id: str, student_id: str | None) -> QuizContext | None:
    from autograder.checks.quizzes import quiz_ids

    if not student_id or assignment_id not in quiz_ids() or not question_id.startswith("q"):
        return None
    try:
        return QuizContext(assignment_id, int(question_id[1:]), student_id)
    except (ValueError, IndexError, KeyError):
        return None
