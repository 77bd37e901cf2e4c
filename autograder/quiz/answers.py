"""Reading and scoring one quiz answer: 1 right, 0.3 blank, 0 wrong.

The course scores every exam question the same way (lecture 000): a right
answer earns 1 point, no answer 0.3, a wrong answer 0.  "Blank" means the
answer cell was left as released; the caller (the grader, which compares the
cell with its released source) decides that and passes ``blank=True``.
Anything else that is not right is wrong: unparsable text, NaN, a letter that
is not offered, a value of the wrong type, ``None`` in an edited cell.

Student text is never given to ``eval``/``exec``.  Symbolic answers are read by
:func:`parse_symbolic`, a small evaluator over Python's ``ast`` that accepts
numbers, the question's variables, ``+ - * / **``, unary minus, parentheses
and the functions ``exp log sqrt tanh sigmoid``, and rejects every other node
(names, attributes, calls of anything else, subscripts, lambdas, strings...).

This module does not import :mod:`autograder.quiz.bank` at run time (the bank
uses the evaluator to validate its own reference expressions), so it works on
any object with the attributes of :class:`~autograder.quiz.bank.Question` and
:class:`~autograder.quiz.bank.Variant`.
"""

from __future__ import annotations

import ast
import hashlib
import math
import numbers
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from autograder.quiz.bank import Question, Variant

POINTS_RIGHT = 1.0
POINTS_BLANK = 0.3
POINTS_WRONG = 0.0

LETTERS = "ABCDE"
"""Choice labels in the order the student sees them (at most five choices)."""

Status = Literal["right", "blank", "wrong"]

MAX_ANSWER_CHARS = 300
"""Longer answers are wrong without being parsed (no question needs more)."""

MAX_EXPRESSION_NODES = 200

SYMBOLIC_FUNCTIONS: tuple[str, ...] = ("exp", "log", "sqrt", "tanh", "sigmoid")

DEFAULT_DOMAIN = (0.1, 0.9)
"""Where symbolic answers are compared when a question states no domain: it
suits sigmoid/tanh outputs and probabilities, the commonest variables here."""

SYMBOLIC_POINTS = 8
SYMBOLIC_REL_TOL = 1e-6
SYMBOLIC_ABS_TOL = 1e-9

TRUE_WORDS = frozenset({"o", "○", "t", "true", "참"})
FALSE_WORDS = frozenset({"x", "×", "✕", "f", "false", "거짓"})


class Feedback(NamedTuple):
    """One message in both languages."""

    ko: str
    en: str

    def __str__(self) -> str:
        return f"{self.ko}\n{self.en}"


class ScoreResult(NamedTuple):
    """What :func:`score_answer` returns; unpacks as ``score, status, message``."""

    score: float
    status: Status
    message: Feedback


class AnswerError(ValueError):
    """A submitted answer cannot be read; carries the reason in both languages."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(en)
        self.feedback = Feedback(ko, en)


# ---------------------------------------------------------------------------
# The restricted expression evaluator (symbolic answers)
# ---------------------------------------------------------------------------


def _sigmoid(x: float) -> float:
    # Two branches so that neither exp can overflow.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
}

_BINARY_OPS: dict[type, Callable[[float, float], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


@dataclass(frozen=True)
class SymbolicExpression:
    """A parsed, validated expression; call :meth:`evaluate` with variable values."""

    text: str
    variables: tuple[str, ...]
    tree: ast.Expression

    def evaluate(self, values: Mapping[str, float]) -> float:
        """Evaluate with floats only (so ``9**9**9`` overflows instead of hanging).

        Raises ``ArithmeticError`` or ``ValueError`` (division by zero, log of a
        negative number, overflow, a complex or non-finite result).
        """
        result = _eval_node(self.tree.body, values)
        if not math.isfinite(result):
            raise ValueError("non-finite result")
        return result


def _eval_node(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval_node(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        result = _BINARY_OPS[type(node.op)](_eval_node(node.left, values), _eval_node(node.right, values))
        if not isinstance(result, float):  # a negative number to a fractional power is complex
            raise ValueError("complex result")
        return result
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return float(_FUNCTIONS[node.func.id](_eval_node(node.args[0], values)))
    raise ValueError(f"unexpected node {type(node).__name__}")  # parse_symbolic let nothing else through


def normalize_expression_text(text: str) -> str:
    """The spellings students type that mean Python operators: ``^`` for ``**``,
    the Unicode minus and multiplication signs, full-width characters (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("^", "**").replace("−", "-").replace("×", "*").replace("·", "*").strip()


def parse_symbolic(text: str, variables: Sequence[str]) -> SymbolicExpression:
    """Parse ``text`` into a :class:`SymbolicExpression` over ``variables``.

    Raises :class:`AnswerError` (with a bilingual reason) for anything that is
    not numbers, the listed variables, ``+ - * / **``, unary ``+``/``-``,
    parentheses and one-argument calls of ``exp log sqrt tanh sigmoid``.
    """
    allowed_names = ", ".join(variables)
    functions = ", ".join(SYMBOLIC_FUNCTIONS)
    if not isinstance(text, str):
        raise AnswerError("식은 문자열로 적어야 합니다.", "The expression must be a string.")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError("식이 너무 깁니다.", "The expression is too long.")
    source = normalize_expression_text(text)
    if not source:
        raise AnswerError("식이 비어 있습니다.", "The expression is empty.")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise AnswerError(
            f"'{text}'을(를) 식으로 읽을 수 없습니다 (곱셈은 * 로 적으세요: 2*x).",
            f"'{text}' cannot be read as an expression (write products with *: 2*x).",
        ) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_EXPRESSION_NODES:
        raise AnswerError("식이 너무 깁니다.", "The expression is too long.")
    called = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
    for node in nodes:
        problem = _forbidden(node, variables)
        if problem is None and isinstance(node, ast.Name) and node.id in _FUNCTIONS and id(node) not in called:
            problem = f"function '{node.id}' without an argument"
        if problem is not None:
            raise AnswerError(
                f"허용되지 않는 요소: {problem}. 쓸 수 있는 것: 숫자, 변수 {allowed_names}, + - * / ** ( ), "
                f"함수 {functions}.",
                f"Not allowed: {problem}. Allowed: numbers, the variables {allowed_names}, + - * / ** ( ), "
                f"the functions {functions}.",
            )
    return SymbolicExpression(text=source, variables=tuple(variables), tree=tree)


def _forbidden(node: ast.AST, variables: Sequence[str]) -> str | None:
    """Why ``node`` is not allowed, or None if it is."""
    if isinstance(node, (ast.Expression, ast.Load)):
        return None
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"constant {value!r}"
        return None
    if isinstance(node, ast.Name):
        if node.id in variables or node.id in _FUNCTIONS:
            return None
        return f"name '{node.id}'"
    if isinstance(node, ast.UnaryOp):
        return None if isinstance(node.op, (ast.USub, ast.UAdd)) else "operator"
    if isinstance(node, ast.BinOp):
        return None if type(node.op) in _BINARY_OPS else "operator"
    if isinstance(node, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)):
        return None
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in variables:
            return f"'{node.func.id}(...)' (a product is written {node.func.id}*(...))"
        if not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS):
            return f"the call '{node.func.id}(...)'" if isinstance(node.func, ast.Name) else "a call"
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            return f"{node.func.id}() takes exactly one argument"
        return None
    return _NODE_WORDS.get(type(node).__name__, type(node).__name__)


_NODE_WORDS = {
    "Attribute": "attribute access '.'",
    "Subscript": "indexing '[...]'",
    "Lambda": "lambda",
    "Compare": "a comparison",
    "BoolOp": "and/or",
    "IfExp": "if/else",
    "List": "a list",
    "Tuple": "a tuple",
    "NamedExpr": "':='",
    "JoinedStr": "an f-string",
}


def sample_points(question_id: str, variables: Sequence[str], domain: Mapping[str, Sequence[float]]) -> list[dict]:
    """The points where symbolic answers to ``question_id`` are compared.

    Deterministic (the same for every student and every run) and spread over
    each variable's domain; a list of ``{variable: value}`` dicts.
    """
    points = []
    for k in range(SYMBOLIC_POINTS):
        point = {}
        for name in variables:
            low, high = domain.get(name, DEFAULT_DOMAIN)
            digest = hashlib.sha256(f"symbolic-points\x1f{question_id}\x1f{name}\x1f{k}".encode()).digest()
            u = int.from_bytes(digest[:8], "big") / 2**64
            point[name] = low + (high - low) * u
        points.append(point)
    return points


def symbolic_equivalent(
    submitted: SymbolicExpression, reference: SymbolicExpression, points: Sequence[Mapping[str, float]]
) -> bool:
    """True if the two agree (to 1e-6 relative) wherever the reference is defined.

    A point where the submitted expression fails (division by zero, log of a
    negative number...) but the reference does not counts as a disagreement.
    """
    compared = 0
    for point in points:
        try:
            want = reference.evaluate(point)
        except (ArithmeticError, ValueError):
            continue
        try:
            got = submitted.evaluate(point)
        except (ArithmeticError, ValueError):
            return False
        if not math.isclose(got, want, rel_tol=SYMBOLIC_REL_TOL, abs_tol=SYMBOLIC_ABS_TOL):
            return False
        compared += 1
    return compared > 0


# ---------------------------------------------------------------------------
# Reading the other answer types
# ---------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    if len(value) > MAX_ANSWER_CHARS:
        raise AnswerError("답이 너무 깁니다.", "The answer is too long.")
    return unicodedata.normalize("NFKC", value).strip()


def parse_choice(submitted: Any, n_choices: int) -> int:
    """The 0-based shown position of a choice letter (``"b"``, ``" B "``, ``"(B)"``, ``"B."``)."""
    letters = LETTERS[:n_choices]
    if not isinstance(submitted, str):
        raise AnswerError(
            f'보기 글자({letters[0]}–{letters[-1]}) 하나를 문자열로 적으세요 (예: "{letters[0]}").',
            f'Give one choice letter ({letters[0]}-{letters[-1]}) as a string (e.g. "{letters[0]}").',
        )
    text = _clean_text(submitted).upper()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = text.rstrip(".)").strip()
    if len(text) != 1 or text not in letters:
        raise AnswerError(
            f"'{submitted}'은(는) 보기 {letters[0]}–{letters[-1]} 중 하나가 아닙니다.",
            f"'{submitted}' is not one of the choices {letters[0]}-{letters[-1]}.",
        )
    return letters.index(text)


def parse_truefalse(submitted: Any) -> bool:
    """A bool from ``True``/``False`` or the words O/X, T/F, true/false, 참/거짓."""
    if isinstance(submitted, bool):
        return submitted
    if type(submitted).__name__ == "bool_":  # numpy.bool_, without importing numpy here
        return bool(submitted)
    if isinstance(submitted, str):
        text = _clean_text(submitted).casefold()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
    raise AnswerError(
        f'\'{submitted}\'은(는) 참/거짓 답이 아닙니다. True/False 또는 "O"/"X"로 적으세요.',
        f'\'{submitted}\' is not a true/false answer: write True/False or "O"/"X".',
    )


def parse_number(submitted: Any) -> float:
    """A finite float from an int/float (not a bool) or a numeric string."""
    if isinstance(submitted, bool) or type(submitted).__name__ == "bool_":
        value = None
    elif isinstance(submitted, numbers.Real):
        value = float(submitted)
    elif isinstance(submitted, str):
        text = _clean_text(submitted).replace("−", "-")
        try:
            value = float(text)
        except ValueError:
            value = None
    else:
        value = None
    if value is None:
        raise AnswerError(
            f"'{submitted}'은(는) 숫자가 아닙니다. 숫자 하나를 적으세요 (예: 0.25).",
            f"'{submitted}' is not a number: write a single number (e.g. 0.25).",
        )
    if not math.isfinite(value):
        raise AnswerError(
            "답이 유한한 숫자가 아닙니다 (NaN 또는 무한대).", "The answer is not a finite number (NaN or inf)."
        )
    return value


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def format_expected(question: Question, variant: Variant) -> str:
    """The expected answer as the feedback shows it (e.g. ``B``, ``O (참/true)``, ``0.6035``)."""
    expected = variant.expected
    if question.type == "truefalse":
        return "O (참/true)" if expected else "X (거짓/false)"
    if question.type == "numeric":
        return question.tolerance.format_value(expected)
    return str(expected)


def _is_right(question: Question, variant: Variant, submitted: Any) -> bool:
    """Whether ``submitted`` is right; raises :class:`AnswerError` if it cannot be read."""
    kind = question.type
    if kind == "choice":
        return LETTERS[parse_choice(submitted, len(variant.choices))] == variant.expected
    if kind == "truefalse":
        return parse_truefalse(submitted) is variant.expected
    if kind == "numeric":
        return question.tolerance.allows(variant.expected, parse_number(submitted))
    if kind == "symbolic":
        expression = parse_symbolic(submitted, question.variables)
        reference = parse_symbolic(variant.expected, question.variables)
        points = sample_points(question.id, question.variables, question.domain)
        return symbolic_equivalent(expression, reference, points)
    raise ValueError(f"unknown question type {kind!r}")


def _shown(submitted: Any) -> str:
    text = repr(submitted)
    return text if len(text) <= 80 else text[:77] + "..."


def score_answer(
    question: Question, variant: Variant, submitted: Any, blank: bool, explain: bool = True
) -> ScoreResult:
    """Score one answer by the course's rule: 1 right, 0.3 blank, 0 wrong.

    - question: the :class:`~autograder.quiz.bank.Question`.
    - variant: this student's :class:`~autograder.quiz.bank.Variant` of it
      (from ``bank.variant(question, student_id, quiz_id)``): its numbers,
      choice order and expected answer.
    - submitted: the value read from the student's answer cell, a plain Python
      value (str, int, float, bool or None).  Choice: a letter of the
      student's own (shuffled) order, ``"A"``..``"E"``, case and spaces
      ignored.  True/false: a bool or ``"O"``/``"X"``/``"T"``/``"F"``/
      ``"참"``/``"거짓"``.  Numeric: an int/float or a numeric string.
      Symbolic: a string.
    - blank: True if the answer cell was left as released (decided by the
      caller); ``submitted`` is then ignored.
    - explain: end each message with the explanation (the feedback shows it
      typeset on its own when False).

    Returns ``ScoreResult(score, status, message)``: ``score`` is 1.0, 0.3 or
    0.0, ``status`` is ``"right"``, ``"blank"`` or ``"wrong"``, ``message`` a
    :class:`Feedback` (ko, en) with the verdict, the expected answer when not
    right, and the explanation.  An unreadable answer is wrong, never an error.
    """
    if variant.question_id != question.id:
        raise ValueError(f"variant of {variant.question_id!r} used to score {question.id!r}")
    explanation = Feedback(f"해설: {variant.explanation_ko}", f"Explanation: {variant.explanation_en}")
    if not explain:
        explanation = Feedback("", "")
    expected = format_expected(question, variant)
    if blank:
        return ScoreResult(
            POINTS_BLANK,
            "blank",
            Feedback(
                f"무답 ({POINTS_BLANK:g}점). 정답: {expected}. {explanation.ko}",
                f"No answer ({POINTS_BLANK:g} points). Expected: {expected}. {explanation.en}",
            ),
        )
    try:
        right = _is_right(question, variant, submitted)
        reason = None
    except AnswerError as error:
        right = False
        reason = error.feedback
    if right:
        return ScoreResult(
            POINTS_RIGHT,
            "right",
            Feedback(
                f"정답 ({POINTS_RIGHT:g}점). {explanation.ko}", f"Right ({POINTS_RIGHT:g} point). {explanation.en}"
            ),
        )
    why_ko = f" {reason.ko}" if reason else ""
    why_en = f" {reason.en}" if reason else ""
    return ScoreResult(
        POINTS_WRONG,
        "wrong",
        Feedback(
            f"오답 ({POINTS_WRONG:g}점): 제출한 답 {_shown(submitted)}.{why_ko} 정답: {expected}. {explanation.ko}",
            f"Wrong ({POINTS_WRONG:g} points): you answered {_shown(submitted)}.{why_en} Expected: {expected}. "
            f"{explanation.en}",
        ),
    )
