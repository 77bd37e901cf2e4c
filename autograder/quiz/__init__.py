"""Quizzes: a question bank in TOML, per-student variants, and the 1 / 0.3 / 0 rule.

- :mod:`autograder.quiz.bank` loads and validates ``quizzes/bank/*.toml`` and
  ``quizzes/quiz_*.toml`` and draws each student's variant of a question.
- :mod:`autograder.quiz.answers` reads a submitted answer and scores it.

Only :func:`render_params` (a :class:`StudentView`) and :func:`render_markdown`
may feed a released notebook; :func:`variant` holds the expected answer.
"""

from autograder.quiz.answers import (
    LETTERS,
    POINTS_BLANK,
    POINTS_RIGHT,
    POINTS_WRONG,
    AnswerError,
    Feedback,
    ScoreResult,
    parse_symbolic,
    score_answer,
)
from autograder.quiz.bank import (
    LECTURES,
    TOPICS,
    BankError,
    Choice,
    ParamSpec,
    PublicQuestion,
    Question,
    Quiz,
    StudentView,
    Tolerance,
    Variant,
    counts,
    describe,
    load_bank,
    load_quizzes,
    quiz_variants,
    quiz_views,
    render_markdown,
    render_params,
    render_public,
    variant,
)

__all__ = [
    "LECTURES",
    "LETTERS",
    "POINTS_BLANK",
    "POINTS_RIGHT",
    "POINTS_WRONG",
    "TOPICS",
    "AnswerError",
    "BankError",
    "Choice",
    "Feedback",
    "ParamSpec",
    "PublicQuestion",
    "Question",
    "Quiz",
    "ScoreResult",
    "StudentView",
    "Tolerance",
    "Variant",
    "counts",
    "describe",
    "load_bank",
    "load_quizzes",
    "parse_symbolic",
    "quiz_variants",
    "quiz_views",
    "render_markdown",
    "render_params",
    "render_public",
    "score_answer",
    "variant",
]
