"""The quiz question bank: loading, validation, and per-student variants.

The bank is readable text in the repository, ``quizzes/bank/*.toml`` (one file
per topic), each file a list of ``[[question]]`` tables:

Every question
    ``id`` (stable, lower-case, e.g. ``"loss-ce-onehot"``; never reuse or
    rename one that was released), ``type`` (``"choice"``, ``"truefalse"``,
    ``"numeric"`` or ``"symbolic"``), ``topic`` (a key of :data:`TOPICS`),
    ``lecture`` (a key of :data:`LECTURES`, e.g. ``"003"``), ``ko`` and ``en``
    (the stem, Markdown with ``$LaTeX$``), ``explanation_ko`` and
    ``explanation_en`` (shown in the feedback after grading).
``choice``
    ``choices = [{ko = "...", en = "..."}, ...]`` (2 to 5), ``answer`` (0-based
    index into that list), optional ``shuffle`` (default true: each student
    sees the choices in an order of their own; set false for ordered options).
``truefalse``
    ``answer = true`` or ``false``.
``numeric``
    ``tolerance = {abs = ..., rel = ...}`` (either or both; right when
    ``|x - expected| <= abs + rel * |expected|``) and ``tolerance_why`` (why
    that tolerance), then either a fixed ``answer`` or ``params`` and
    ``answer_expr``.  ``params`` maps a name to a spec:
    ``{kind = "uniform", low = 0.1, high = 0.9, decimals = 2}``,
    ``{kind = "int", low = 1, high = 9}`` or ``{kind = "choice", values = [...]}``.
    Each parameter must appear as ``{name}`` in both stems (and may appear in
    the explanations); the student sees the drawn value there.  A
    placeholder must not sit where LaTeX reads an argument (``\\hat{y}``,
    ``x^{n}``): the loader refuses it, so name such parameters differently.
    ``answer_expr`` is a Python expression over the parameters, ``np``,
    ``math``, ``sigmoid`` and ``softmax``, evaluated only by the grader.
    Explanations may also use ``{answer}``.  A parameterised question lists the
    known mistakes it must tell apart, ``mistakes = [{expr = "z * (1 - z)", why =
    "..."}, ...]``, each an expression like ``answer_expr`` (optionally with
    ``applies``, a condition over the parameters for draws where the mistake can
    show at all); a test checks that no draw accepts one of them.
``symbolic``
    ``answer`` (an expression such as ``"s*(1-s)"``), ``variables = ["s"]``,
    optional ``domain = {s = [0.1, 0.9]}`` (where answers are compared;
    default [0.1, 0.9]).  See :mod:`autograder.quiz.answers` for what students
    may write.

Quizzes are ``quizzes/quiz_*.toml``: ``title_ko``, ``title_en`` and
``questions = [ids...]``; the file name (without ``.toml``) is the quiz id and
the nbgrader assignment name.

Variants.  A student's numbers and choice order are drawn from SHA-256 of
(quiz id, question id, student id), never from Python's ``hash()`` or a
library's random stream, so the notebook generator and the grader (and any
later run, on any machine) derive the same variant.  :func:`render_params`
builds what the student may see from :class:`PublicQuestion` alone, which
holds no answer; :func:`variant` adds the expected answer for the grader.
Editing a released question's parameters or choices changes its variants:
add a new question instead, or compare :attr:`StudentView.fingerprint`.
"""

from __future__ import annotations

import ast
import builtins
import decimal
import hashlib
import json
import keyword
import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from autograder.quiz.answers import (
    LETTERS,
    SYMBOLIC_FUNCTIONS,
    AnswerError,
    parse_symbolic,
    sample_points,
)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BANK_DIR = REPO_ROOT / "quizzes" / "bank"
DEFAULT_QUIZ_DIR = REPO_ROOT / "quizzes"

VARIANT_SCHEME = "quiz-variant-v1"
"""Part of every hash that draws a variant; changing it changes every variant."""

QuestionType = Literal["choice", "truefalse", "numeric", "symbolic"]
QUESTION_TYPES: tuple[str, ...] = ("choice", "truefalse", "numeric", "symbolic")

LECTURES: dict[str, tuple[str, str]] = {
    "000": ("손실함수, 계산 그래프, 오차역전파 (신경망 언어 모형 4)", "Loss functions, computation graphs, backprop"),
    "001": (
        "계산 그래프를 이용한 역전파 (밑바닥부터 시작하는 딥러닝 5장)",
        "Backprop on computation graphs (DLFS ch. 5)",
    ),
    "002": ("역전파 1: 은닉층 오차 계산", "Backprop 1: hidden-layer errors"),
    "003": ("딥러닝 기초", "Deep learning basics"),
    "004": ("2층 신경망 손글씨 노트", "Handwritten notes: a two-layer network"),
    # Beyond the five lectures: "Deep Learning from Scratch" (밑바닥부터 시작하는 딥러닝), chapters 4 to 6,
    # which the assignments follow where the lectures stop (Adam, numerical gradients, dropout, initialisation).
    "DLFS": ("강의 밖: 밑바닥부터 시작하는 딥러닝 4~6장", "Beyond the lectures: Deep Learning from Scratch ch. 4-6"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "loss": ("손실함수", "loss functions"),
    "softmax": ("소프트맥스", "softmax"),
    "graph-chain": ("계산 그래프와 연쇄법칙", "computation graphs and the chain rule"),
    "activation": ("활성화 함수와 그 미분", "activation functions and their derivatives"),
    "layer-backward": ("Affine·Softmax-with-Loss 역전파", "Affine and Softmax-with-loss backward passes"),
    "error-split": ("오차의 비례 분배", "the proportional error split"),
    "perceptron": ("퍼셉트론과 XOR", "perceptrons and XOR"),
    "optimizer": ("경사 하강법과 최적화 기법", "gradient descent and the optimizers"),
    "minibatch-epoch": ("미니배치와 에폭", "mini-batches and epochs"),
    "overfitting": ("과적합", "overfitting"),
    "dropout": ("드롭아웃", "dropout"),
    "weight-decay": ("가중치 감소", "weight decay"),
    "initialization": ("가중치 초기화", "initialisation"),
}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QUIZ_ID_RE = re.compile(r"^quiz_[a-z0-9_]+$")
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

_COMMON_REQUIRED = ("id", "type", "topic", "lecture", "ko", "en", "explanation_ko", "explanation_en")
_KEYS_BY_TYPE: dict[str, tuple[set[str], set[str]]] = {  # type -> (required, optional)
    "choice": ({"choices", "answer"}, {"shuffle"}),
    "truefalse": ({"answer"}, set()),
    "numeric": ({"tolerance", "tolerance_why"}, {"answer", "params", "answer_expr", "mistakes"}),
    "symbolic": ({"answer", "variables"}, {"domain"}),
}

EXACT_TOLERANCE = 1e-6
"""A tolerance this small only absorbs float representation: the hint asks for the exact value."""

VALIDATION_SEEDS = 24
"""How many student ids a parameterised question is tried with at load time."""


class BankError(ValueError):
    """The bank or a quiz file is invalid; the message names the file and question."""


# ---------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question."""

    ko: str
    en: str


@dataclass(frozen=True)
class ParamSpec:
    """How one parameter of a numeric question is drawn.

    ``kind`` is ``"uniform"`` (``low``..``high`` rounded to ``decimals``),
    ``"int"`` (``low``..``high`` inclusive) or ``"choice"`` (one of ``values``).
    """

    kind: Literal["uniform", "int", "choice"]
    low: float | None = None
    high: float | None = None
    decimals: int | None = None
    values: tuple[float, ...] = ()

    def draw(self, u: float) -> float | int:
        """The value for a uniform draw ``u`` in [0, 1)."""
        if self.kind == "uniform":
            assert self.low is not None and self.high is not None and self.decimals is not None
            value = round(self.low + (self.high - self.low) * u, self.decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
            return min(max(value, self.low), self.high)
        if self.kind == "int":
            assert self.low is not None and self.high is not None
            return min(int(self.low) + math.floor(u * (int(self.high) - int(self.low) + 1)), int(self.high))
        return self.values[min(math.floor(u * len(self.values)), len(self.values) - 1)]

    def format(self, value: float) -> str:
        """The value as the student sees it (exactly the value the grader uses)."""
        if self.kind == "uniform":
            return f"{value:.{self.decimals}f}"
        return _plain_number(value)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "choice":
            data["values"] = list(self.values)
        else:
            data.update(low=self.low, high=self.high)
            if self.kind == "uniform":
                data["decimals"] = self.decimals
        return data


@dataclass(frozen=True)
class Tolerance:
    """Right when ``|submitted - expected| <= abs + rel * |expected|``."""

    abs: float = 0.0
    rel: float = 0.0

    def bound(self, expected: float) -> float:
        return self.abs + self.rel * abs(expected)

    def allows(self, expected: float, submitted: float) -> bool:
        # The 1e-12 keeps a value typed exactly on the boundary (e.g. 0.2525 + 0.0005) right despite rounding.
        return abs(submitted - expected) <= self.bound(expected) * (1 + 1e-12) + 1e-15

    def describe(self) -> str:
        """``±0.001``, ``±1%`` or ``±(0.001 + 1%)``."""
        parts = []
        if self.abs:
            parts.append(_plain_number(self.abs))
        if self.rel:
            parts.append(f"{_plain_number(self.rel * 100)}%")
        return f"±{parts[0]}" if len(parts) == 1 else f"±({parts[0]} + {parts[1]})"

    def format_value(self, value: float) -> str:
        """``value`` with one decimal more than the tolerance resolves, no trailing zeros (feedback only)."""
        if not self.abs:
            return f"{value:.5g}"
        decimals = min(max(0, -math.floor(math.log10(self.abs))) + 1, 8)
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    def to_dict(self) -> dict[str, float]:
        return {"abs": self.abs, "rel": self.rel}


@dataclass(frozen=True)
class PublicQuestion:
    """Everything about a question that a student may see, and nothing else.

    ``choices`` are in a canonical order derived from their text (when the
    question shuffles), so not even the order the instructor wrote them in
    (which might put the right one first) is public.  Safe to embed in a
    released notebook via :meth:`to_dict`.
    """

    id: str
    type: QuestionType
    topic: str
    lecture: str
    ko: str
    en: str
    choices: tuple[Choice, ...] = ()
    shuffle: bool = False
    params: Mapping[str, ParamSpec] = field(default_factory=dict)
    tolerance: Tolerance | None = None
    variables: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; :meth:`from_dict` reads it back."""
        return {
            "id": self.id,
            "type": self.type,
            "topic": self.topic,
            "lecture": self.lecture,
            "ko": self.ko,
            "en": self.en,
            "choices": [{"ko": c.ko, "en": c.en} for c in self.choices],
            "shuffle": self.shuffle,
            "params": {name: spec.to_dict() for name, spec in self.params.items()},
            "tolerance": self.tolerance.to_dict() if self.tolerance else None,
            "variables": list(self.variables),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PublicQuestion:
        params = {}
        for name, spec in data.get("params", {}).items():
            spec = dict(spec)
            if "values" in spec:
                spec["values"] = tuple(spec["values"])
            params[name] = ParamSpec(**spec)
        tolerance = data.get("tolerance")
        return cls(
            id=data["id"],
            type=data["type"],
            topic=data["topic"],
            lecture=data["lecture"],
            ko=data["ko"],
            en=data["en"],
            choices=tuple(Choice(c["ko"], c["en"]) for c in data.get("choices", ())),
            shuffle=bool(data.get("shuffle", False)),
            params=params,
            tolerance=Tolerance(**tolerance) if tolerance else None,
            variables=tuple(data.get("variables", ())),
        )


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer to a parameterised numeric question (grader and tests only)."""

    expr: str
    why: str
    applies: str | None = None  # a condition over the parameters; None: every draw

    def __post_init__(self) -> None:
        object.__setattr__(self, "_code", compile(self.expr, "<mistake>", "eval"))
        object.__setattr__(self, "_when", None if self.applies is None else compile(self.applies, "<applies>", "eval"))

    def value(self, params: Mapping[str, float | int]) -> float | None:
        """What the mistake gives for these parameters, or None where it cannot show."""
        namespace = dict(_ANSWER_NAMESPACE)
        if self._when is not None and not eval(self._when, namespace, dict(params)):  # bank text
            return None
        return float(eval(self._code, namespace, dict(params)))  # bank text, written by instructors


@dataclass(frozen=True)
class Question:
    """One bank question: its public part plus the answer key (grader only).

    - public: the :class:`PublicQuestion` (stems, choices in canonical order,
      parameter specs, tolerance, variables).
    - choices: the choices in the order the bank file lists them.
    - answer: choice: index into ``choices``; truefalse: bool; numeric: the
      fixed float, or None when parameterised; symbolic: the reference
      expression text.
    - answer_expr: numeric only, the expression over the parameters.
    - domain: symbolic only, variable -> (low, high) where answers are compared.
    - source: the bank file the question came from.
    """

    public: PublicQuestion
    choices: tuple[Choice, ...]
    answer: Any
    answer_expr: str | None
    explanation_ko: str
    explanation_en: str
    tolerance_why: str | None
    domain: Mapping[str, tuple[float, float]]
    source: Path
    _compiled: Any = field(default=None, repr=False, compare=False)
    mistakes: tuple[Mistake, ...] = ()

    @property
    def id(self) -> str:
        return self.public.id

    @property
    def type(self) -> QuestionType:
        return self.public.type

    @property
    def topic(self) -> str:
        return self.public.topic

    @property
    def lecture(self) -> str:
        return self.public.lecture

    @property
    def ko(self) -> str:
        return self.public.ko

    @property
    def en(self) -> str:
        return self.public.en

    @property
    def tolerance(self) -> Tolerance | None:
        return self.public.tolerance

    @property
    def variables(self) -> tuple[str, ...]:
        return self.public.variables

    @property
    def params(self) -> Mapping[str, ParamSpec]:
        return self.public.params

    @property
    def parameterised(self) -> bool:
        return bool(self.public.params)


@dataclass(frozen=True)
class StudentView:
    """What one student sees of one question: no answer, no explanation.

    - quiz_id, question_id, student_id, type, topic, lecture: identifiers.
    - ko, en: the stems with this student's numbers filled in.
    - choices: ``(letter, ko, en)`` in this student's order (empty unless choice).
    - params: parameter name -> the number as shown (a string).
    - variables: the names a symbolic answer may use.
    - answer_hint_ko, answer_hint_en: how to write the answer.
    - fingerprint: a hash of everything above, to check at grading time that
      the notebook showed what the grader grades.

    This is the only thing that may go into a released notebook.
    """

    quiz_id: str
    question_id: str
    student_id: str
    type: QuestionType
    topic: str
    lecture: str
    ko: str
    en: str
    choices: tuple[tuple[str, str, str], ...]
    params: Mapping[str, str]
    variables: tuple[str, ...]
    answer_hint_ko: str
    answer_hint_en: str
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (for notebook metadata)."""
        return {
            "quiz_id": self.quiz_id,
            "question_id": self.question_id,
            "student_id": self.student_id,
            "type": self.type,
            "topic": self.topic,
            "lecture": self.lecture,
            "ko": self.ko,
            "en": self.en,
            "choices": [list(c) for c in self.choices],
            "params": dict(self.params),
            "variables": list(self.variables),
            "answer_hint_ko": self.answer_hint_ko,
            "answer_hint_en": self.answer_hint_en,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Variant:
    """One student's version of a question, for the grader.

    - view: the :class:`StudentView` (what the notebook showed).
    - params: parameter name -> the concrete number.
    - choices: the choices in the student's order; ``permutation[i]`` is the
      index in the bank file's list of the choice shown at position ``i``
      (letter ``LETTERS[i]``).
    - expected: the right answer: choice: a letter; truefalse: a bool;
      numeric: a float; symbolic: the reference expression.
    - explanation_ko, explanation_en: with this student's numbers.
    """

    view: StudentView
    params: Mapping[str, float | int]
    choices: tuple[Choice, ...]
    permutation: tuple[int, ...]
    expected: Any
    explanation_ko: str
    explanation_en: str

    @property
    def question_id(self) -> str:
        return self.view.question_id

    @property
    def student_id(self) -> str:
        return self.view.student_id

    @property
    def quiz_id(self) -> str:
        return self.view.quiz_id

    @property
    def ko(self) -> str:
        return self.view.ko

    @property
    def en(self) -> str:
        return self.view.en


@dataclass(frozen=True)
class Quiz:
    """A quiz: its id (the nbgrader assignment name), titles and question ids in order."""

    id: str
    title_ko: str
    title_en: str
    question_ids: tuple[str, ...]
    source: Path

    @property
    def max_score(self) -> float:
        return float(len(self.question_ids))


# ---------------------------------------------------------------------------
# Drawing variants
# ---------------------------------------------------------------------------


def _unit(*parts: str) -> float:
    """A number in [0, 1) from SHA-256 of the parts: stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join((VARIANT_SCHEME, *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _plain_number(value: float) -> str:
    """A number without exponent or trailing zeros: 0.00001, 2, 0.5."""
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return format(decimal.Decimal(repr(float(value))), "f")


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` for the names in ``values``; leave other braces (LaTeX) alone."""
    return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _canonical_order(question_id: str, choices: Sequence[Choice], shuffle: bool) -> list[int]:
    """Indices of ``choices`` in the public order (by text hash when shuffled)."""
    if not shuffle:
        return list(range(len(choices)))
    return sorted(range(len(choices)), key=lambda i: _unit("canonical", question_id, choices[i].en, choices[i].ko))


def _draw_params(public: PublicQuestion, student_id: str, quiz_id: str) -> dict[str, float | int]:
    return {
        name: spec.draw(_unit("param", quiz_id, public.id, student_id, name)) for name, spec in public.params.items()
    }


def _student_order(public: PublicQuestion, student_id: str, quiz_id: str) -> list[int]:
    """Positions in ``public.choices`` in the order this student sees them."""
    n = len(public.choices)
    if not public.shuffle:
        return list(range(n))
    return sorted(range(n), key=lambda i: _unit("choice", quiz_id, public.id, student_id, str(i)))


def answer_hint(public: PublicQuestion) -> tuple[str, str]:
    """How to write the answer, (ko, en)."""
    if public.type == "choice":
        last = LETTERS[len(public.choices) - 1]
        return (f'보기 글자 하나로 답하세요 (A–{last}), 예: "A".', f'Answer with one letter (A-{last}), e.g. "A".')
    if public.type == "truefalse":
        return ('참이면 "O", 거짓이면 "X"로 답하세요.', 'Answer "O" if true, "X" if false.')
    if public.type == "numeric":
        assert public.tolerance is not None
        if public.tolerance.rel == 0 and public.tolerance.abs <= EXACT_TOLERANCE:
            return ("정확한 값을 숫자 하나로 답하세요.", "Answer with the exact value, one number.")
        tol = public.tolerance.describe()
        return (f"숫자 하나로 답하세요 (허용 오차 {tol}).", f"Answer with one number (tolerance {tol}).")
    names = ", ".join(public.variables)
    functions = ", ".join(SYMBOLIC_FUNCTIONS)
    return (
        f'변수 {names}로 된 식을 문자열로 답하세요, 예: "2*{public.variables[0]}". '
        f"쓸 수 있는 것: 숫자, + - * / ** ( ), {functions}.",
        f'Answer with an expression in {names} as a string, e.g. "2*{public.variables[0]}". '
        f"Allowed: numbers, + - * / ** ( ), {functions}.",
    )


def render_public(public: PublicQuestion, student_id: str, quiz_id: str) -> StudentView:
    """The student-visible view of ``public`` for one student; no answer involved.

    - public: the question's :class:`PublicQuestion` (or one read back with
      :meth:`PublicQuestion.from_dict`).
    - student_id: the nbgrader student id.
    - quiz_id: the quiz (nbgrader assignment) id.
    """
    student_id = str(student_id)
    shown = {name: public.params[name].format(v) for name, v in _draw_params(public, student_id, quiz_id).items()}
    order = _student_order(public, student_id, quiz_id)
    choices = tuple(
        (LETTERS[pos], _fill(public.choices[i].ko, shown), _fill(public.choices[i].en, shown))
        for pos, i in enumerate(order)
    )
    hint_ko, hint_en = answer_hint(public)
    content = {
        "quiz_id": quiz_id,
        "question_id": public.id,
        "student_id": student_id,
        "type": public.type,
        "topic": public.topic,
        "lecture": public.lecture,
        "ko": _fill(public.ko, shown),
        "en": _fill(public.en, shown),
        "choices": choices,
        "params": shown,
        "variables": public.variables,
        "answer_hint_ko": hint_ko,
        "answer_hint_en": hint_en,
    }
    fingerprint = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    return StudentView(**content, fingerprint=fingerprint)


def render_params(question: Question, student_id: str, quiz_id: str) -> StudentView:
    """What ``student_id`` sees of ``question`` in ``quiz_id``: stems with their
    numbers, choices in their order, how to answer.  Built from the question's
    public part only, so it cannot contain the answer."""
    return render_public(question.public, student_id, quiz_id)


def _answer_namespace() -> dict[str, Any]:
    def sigmoid(x: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))

    def softmax(a: Any) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        e = np.exp(a - a.max())
        return e / e.sum()

    safe_builtins = {name: getattr(builtins, name) for name in ("abs", "float", "int", "max", "min", "round", "sum")}
    return {"__builtins__": safe_builtins, "np": np, "math": math, "sigmoid": sigmoid, "softmax": softmax}


_ANSWER_NAMESPACE = _answer_namespace()


def _evaluate_answer_expr(question: Question, params: Mapping[str, float | int]) -> float:
    value = eval(question._compiled, dict(_ANSWER_NAMESPACE), dict(params))  # bank text, written by instructors
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"answer_expr gave {type(value).__name__}, not a real number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"answer_expr gave {value}")
    return value


def variant(question: Question, student_id: str, quiz_id: str) -> Variant:
    """``student_id``'s version of ``question`` in ``quiz_id``, with the expected answer.

    Deterministic: the same arguments give the same variant on every run.
    For the grader only; put only ``variant(...).view`` (or
    :func:`render_params`) in a notebook.
    """
    student_id = str(student_id)
    view = render_params(question, student_id, quiz_id)
    values = _draw_params(question.public, student_id, quiz_id)
    if question.type == "choice":
        canonical = _canonical_order(question.id, question.choices, question.public.shuffle)
        permutation = tuple(canonical[i] for i in _student_order(question.public, student_id, quiz_id))
        expected: Any = LETTERS[permutation.index(question.answer)]
    else:
        permutation = ()
        if question.type == "numeric" and question.parameterised:
            expected = _evaluate_answer_expr(question, values)
        elif question.type == "numeric":
            expected = float(question.answer)
        else:
            expected = question.answer
    fill = dict(view.params)
    if question.type == "numeric":
        assert question.tolerance is not None
        fill["answer"] = question.tolerance.format_value(expected)
    return Variant(
        view=view,
        params=values,
        choices=tuple(question.choices[i] for i in permutation),
        permutation=permutation,
        expected=expected,
        explanation_ko=_fill(question.explanation_ko, fill),
        explanation_en=_fill(question.explanation_en, fill),
    )


# ---------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------


class _Checker:
    """Collects the context (file, question id) for error messages."""

    def __init__(self, source: Path, qid: str | None = None) -> None:
        self.source = source
        self.qid = qid

    def fail(self, message: str) -> BankError:
        where = f"{self.source}" + (f": question {self.qid!r}" if self.qid else "")
        return BankError(f"{where}: {message}")

    def text(self, raw: Mapping[str, Any], key: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def number(self, value: Any, what: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(f"{what} must be a finite number, got {value!r}")
        return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise BankError(f"{path}: not valid TOML: {error}") from None


def _parse_param(check: _Checker, name: str, raw: Any) -> ParamSpec:
    if not name.isidentifier() or keyword.iskeyword(name) or name in _ANSWER_NAMESPACE or name == "answer":
        raise check.fail(f"parameter name {name!r} is not a usable identifier")
    if not isinstance(raw, dict) or raw.get("kind") not in ("uniform", "int", "choice"):
        raise check.fail(f'parameter {name!r} needs kind = "uniform", "int" or "choice"')
    kind = raw["kind"]
    allowed = {
        "uniform": {"kind", "low", "high", "decimals"},
        "int": {"kind", "low", "high"},
        "choice": {"kind", "values"},
    }
    unknown = set(raw) - allowed[kind]
    missing = allowed[kind] - set(raw)
    if unknown or missing:
        raise check.fail(f"parameter {name!r} ({kind}): unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    if kind == "choice":
        values = raw["values"]
        if not isinstance(values, list) or not values:
            raise check.fail(f"parameter {name!r}: values must be a non-empty list")
        return ParamSpec("choice", values=tuple(check.number(v, f"parameter {name!r} value") for v in values))
    low = check.number(raw["low"], f"parameter {name!r} low")
    high = check.number(raw["high"], f"parameter {name!r} high")
    if kind == "int":
        if not (isinstance(low, int) and isinstance(high, int)) or low > high:
            raise check.fail(f"parameter {name!r}: int needs integers low <= high")
        return ParamSpec("int", low=low, high=high)
    decimals = raw["decimals"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 8 or not low < high:
        raise check.fail(f"parameter {name!r}: uniform needs low < high and decimals in 0..8")
    return ParamSpec("uniform", low=float(low), high=float(high), decimals=decimals)


def _parse_question(raw: Any, source: Path) -> Question:
    check = _Checker(source, raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None)
    if not isinstance(raw, dict):
        raise check.fail("each [[question]] must be a table")
    qid = check.text(raw, "id")
    if not _ID_RE.match(qid):
        raise check.fail("id must be lower-case letters, digits and '-'")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise check.fail(f"type must be one of {QUESTION_TYPES}, got {qtype!r}")
    required, optional = _KEYS_BY_TYPE[qtype]
    missing = (set(_COMMON_REQUIRED) | required) - set(raw)
    if missing:
        raise check.fail(f"missing {sorted(missing)}")
    unknown = set(raw) - set(_COMMON_REQUIRED) - required - optional
    if unknown:
        raise check.fail(f"unknown keys {sorted(unknown)} for a {qtype} question")
    if raw["topic"] not in TOPICS:
        raise check.fail(f"topic {raw['topic']!r} is not one of {sorted(TOPICS)}")
    if raw["lecture"] not in LECTURES:
        raise check.fail(f"lecture must be one of {sorted(LECTURES)} (a string), got {raw['lecture']!r}")
    ko, en = check.text(raw, "ko"), check.text(raw, "en")
    explanation_ko, explanation_en = check.text(raw, "explanation_ko"), check.text(raw, "explanation_en")

    choices: tuple[Choice, ...] = ()
    canonical_choices: tuple[Choice, ...] = ()
    shuffle = False
    params: dict[str, ParamSpec] = {}
    tolerance = None
    variables: tuple[str, ...] = ()
    domain: dict[str, tuple[float, float]] = {}
    answer_expr = None
    mistakes: tuple[Mistake, ...] = ()
    tolerance_why = None
    answer = raw.get("answer")

    if qtype == "choice":
        raw_choices = raw["choices"]
        if not isinstance(raw_choices, list) or not 2 <= len(raw_choices) <= len(LETTERS):
            raise check.fail(f"choices must be a list of 2 to {len(LETTERS)} tables")
        for k, c in enumerate(raw_choices):
            if not isinstance(c, dict) or set(c) != {"ko", "en"}:
                raise check.fail(f'choice {k} must be {{ko = "...", en = "..."}}')
            choices += (Choice(check.text(c, "ko"), check.text(c, "en")),)
        if len({c.en for c in choices}) != len(choices) or len({c.ko for c in choices}) != len(choices):
            raise check.fail("two choices have the same text")
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(choices):
            raise check.fail(f"answer must be a 0-based index below {len(choices)}, got {answer!r}")
        shuffle = raw.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise check.fail("shuffle must be true or false")
        canonical_choices = tuple(choices[i] for i in _canonical_order(qid, choices, shuffle))
    elif qtype == "truefalse":
        if not isinstance(answer, bool):
            raise check.fail("answer must be true or false")
    elif qtype == "numeric":
        tol = raw["tolerance"]
        if not isinstance(tol, dict) or not tol or set(tol) - {"abs", "rel"}:
            raise check.fail("tolerance must be a table {abs = ..., rel = ...}")
        tolerance = Tolerance(**{k: float(check.number(v, f"tolerance.{k}")) for k, v in tol.items()})
        if tolerance.abs < 0 or tolerance.rel < 0 or tolerance.abs + tolerance.rel == 0:
            raise check.fail("tolerance needs abs >= 0, rel >= 0, not both 0")
        tolerance_why = check.text(raw, "tolerance_why")
        has_fixed, has_params = "answer" in raw, "params" in raw or "answer_expr" in raw
        if has_fixed == has_params:
            raise check.fail("a numeric question needs either 'answer' or 'params' + 'answer_expr'")
        if has_fixed:
            check.number(answer, "answer")
            answer = float(answer)
        else:
            if not isinstance(raw.get("params"), dict) or not raw["params"]:
                raise check.fail("params must be a non-empty table")
            params = {name: _parse_param(check, name, spec) for name, spec in raw["params"].items()}
            answer_expr = check.text(raw, "answer_expr")
            mistakes = _parse_mistakes(check, raw.get("mistakes", []), params)
            for name in params:
                for lang, stem in (("ko", ko), ("en", en)):
                    if "{" + name + "}" not in stem:
                        raise check.fail(f"parameter {name!r} is not shown in the {lang} stem as {{{name}}}")
            texts = [ko, en, explanation_ko, explanation_en] + [t for c in choices for t in (c.ko, c.en)]
            _check_placeholders(check, texts, [*params, "answer"])
    else:  # symbolic
        raw_vars = raw["variables"]
        if not isinstance(raw_vars, list) or not raw_vars or not all(isinstance(v, str) for v in raw_vars):
            raise check.fail("variables must be a non-empty list of names")
        for v in raw_vars:
            if not v.isidentifier() or keyword.iskeyword(v) or v in SYMBOLIC_FUNCTIONS:
                raise check.fail(f"variable {v!r} is not a usable name")
        variables = tuple(raw_vars)
        raw_domain = raw.get("domain", {})
        if not isinstance(raw_domain, dict) or set(raw_domain) - set(variables):
            raise check.fail("domain must map listed variables to [low, high]")
        for v, bounds in raw_domain.items():
            if not isinstance(bounds, list) or len(bounds) != 2:
                raise check.fail(f"domain of {v!r} must be [low, high]")
            low, high = (float(check.number(b, f"domain of {v!r}")) for b in bounds)
            if not low < high:
                raise check.fail(f"domain of {v!r} needs low < high")
            domain[v] = (low, high)
        if not isinstance(answer, str):
            raise check.fail("answer must be an expression string")
        try:
            reference = parse_symbolic(answer, variables)
        except AnswerError as error:
            raise check.fail(f"answer {answer!r} is not a valid expression: {error}") from None
        defined = 0
        for point in sample_points(qid, variables, domain):
            try:
                reference.evaluate(point)
                defined += 1
            except (ArithmeticError, ValueError):
                pass
        if defined < len(sample_points(qid, variables, domain)) // 2:
            raise check.fail(f"answer {answer!r} is undefined on most of its domain; set 'domain'")

    public = PublicQuestion(
        id=qid,
        type=qtype,
        topic=raw["topic"],
        lecture=raw["lecture"],
        ko=ko,
        en=en,
        choices=canonical_choices,
        shuffle=shuffle,
        params=params,
        tolerance=tolerance,
        variables=variables,
    )
    compiled = None
    if answer_expr is not None:
        try:
            compiled = compile(answer_expr, f"<{source.name}:{qid}:answer_expr>", "eval")
        except SyntaxError as error:
            raise check.fail(f"answer_expr is not a Python expression: {error}") from None
        names = {n.id for n in ast.walk(ast.parse(answer_expr, mode="eval")) if isinstance(n, ast.Name)}
        unknown_names = names - set(params) - set(_ANSWER_NAMESPACE) - set(_ANSWER_NAMESPACE["__builtins__"])
        if unknown_names:
            raise check.fail(f"answer_expr uses undefined names {sorted(unknown_names)}")
    question = Question(
        public=public,
        choices=choices,
        answer=answer,
        answer_expr=answer_expr,
        explanation_ko=explanation_ko,
        explanation_en=explanation_en,
        tolerance_why=tolerance_why,
        domain=domain,
        source=source,
        _compiled=compiled,
        mistakes=mistakes,
    )
    if question.parameterised:
        _check_parameterised(question, check)
    return question


def _check_placeholders(check: _Checker, texts: Sequence[str], names: Sequence[str]) -> None:
    """Refuse ``{name}`` where LaTeX would read the braces as an argument
    (``\\hat{y}``, ``\\sqrt{h}``, ``x^{n}``, ``\\frac{1}{n}``): the value would replace a symbol."""
    for text in texts:
        for match in _PLACEHOLDER_RE.finditer(text):
            before = text[match.start() - 1] if match.start() else ""
            if match.group(1) in names and (before.isalpha() or before in "^_}"):
                snippet = text[max(0, match.start() - 12) : match.end()]
                raise check.fail(
                    f"'{snippet}' would replace a LaTeX argument with parameter {match.group(1)!r}: "
                    "rename the parameter or write the placeholder as {{name}} inside a group"
                )


def _parse_mistakes(check: _Checker, raw: Any, params: Mapping[str, ParamSpec]) -> tuple[Mistake, ...]:
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        raise check.fail('mistakes must be a list of tables {expr = "...", why = "..."}')
    out = []
    for m in raw:
        if set(m) - {"expr", "why", "applies"} or not {"expr", "why"} <= set(m):
            raise check.fail('each mistake is {expr = "...", why = "...", applies = "..." (optional)}')
        for key in ("expr", "applies"):
            if key not in m:
                continue
            text = check.text(m, key)
            try:
                tree = ast.parse(text, mode="eval")
            except SyntaxError as error:
                raise check.fail(f"mistake {key} {text!r} is not a Python expression: {error}") from None
            names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            unknown = names - set(params) - set(_ANSWER_NAMESPACE) - set(_ANSWER_NAMESPACE["__builtins__"])
            if unknown:
                raise check.fail(f"mistake {key} {text!r} uses undefined names {sorted(unknown)}")
        out.append(Mistake(m["expr"], check.text(m, "why"), m.get("applies")))
    return tuple(out)


def _check_parameterised(question: Question, check: _Checker) -> None:
    """answer_expr must give a finite number for many students, and not always the same one."""
    answers = set()
    for k in range(VALIDATION_SEEDS):
        values = _draw_params(question.public, f"validation-{k}", "quiz_validation")
        try:
            answers.add(_evaluate_answer_expr(question, values))
        except Exception as error:  # noqa: BLE001 - any failure of instructor code is a bank error
            raise check.fail(f"answer_expr failed for params {values}: {type(error).__name__}: {error}") from None
    if len(answers) < 2:
        raise check.fail("answer_expr gives the same answer for every student; the parameters have no effect")


def load_bank(path: str | Path | None = None) -> dict[str, Question]:
    """Load and validate the question bank.

    - path: a directory of ``*.toml`` bank files, or one file; default
      ``quizzes/bank`` in the repository.

    Returns question id -> :class:`Question`, in file-name then file order.
    Raises :class:`BankError` naming the file and question for any problem:
    invalid TOML, unknown or missing keys, wrong types, an answer index out of
    range, a missing tolerance, a parameterised answer that fails, a duplicate
    id, an invalid symbolic reference.
    """
    root = Path(path) if path is not None else DEFAULT_BANK_DIR
    files = sorted(root.glob("*.toml")) if root.is_dir() else [root]
    if not files or not files[0].exists():
        raise BankError(f"{root}: no bank files (*.toml)")
    bank: dict[str, Question] = {}
    for file in files:
        data = _read_toml(file)
        unknown = set(data) - {"question"}
        if unknown:
            raise BankError(f"{file}: unknown top-level keys {sorted(unknown)} (expected [[question]] tables)")
        entries = data.get("question", [])
        if not isinstance(entries, list):
            raise BankError(f"{file}: 'question' must be an array of tables, [[question]]")
        for raw in entries:
            question = _parse_question(raw, file)
            if question.id in bank:
                raise BankError(f"{file}: question {question.id!r}: duplicate id (also in {bank[question.id].source})")
            bank[question.id] = question
    return bank


def load_quizzes(path: str | Path | None = None, bank: Mapping[str, Question] | None = None) -> dict[str, Quiz]:
    """Load the quizzes and check them against the bank.

    - path: a directory holding ``quiz_*.toml`` files, or one such file;
      default ``quizzes/`` in the repository.
    - bank: the loaded bank; default :func:`load_bank()`.

    Returns quiz id (the file name without ``.toml``) -> :class:`Quiz`.
    Raises :class:`BankError` for unknown keys, missing titles, an empty or
    repeated question list, or an id that is not in the bank.
    """
    root = Path(path) if path is not None else DEFAULT_QUIZ_DIR
    files = sorted(root.glob("quiz_*.toml")) if root.is_dir() else [root]
    if not files or not files[0].exists():
        raise BankError(f"{root}: no quiz files (quiz_*.toml)")
    bank = load_bank() if bank is None else bank
    quizzes: dict[str, Quiz] = {}
    for file in files:
        quiz_id = file.stem
        if not _QUIZ_ID_RE.match(quiz_id):
            raise BankError(f"{file}: a quiz file is named quiz_<lower-case letters, digits, _>.toml")
        data = _read_toml(file)
        check = _Checker(file)
        unknown = set(data) - {"title_ko", "title_en", "questions"}
        if unknown:
            raise check.fail(f"unknown keys {sorted(unknown)}")
        title_ko, title_en = check.text(data, "title_ko"), check.text(data, "title_en")
        ids = data.get("questions")
        if not isinstance(ids, list) or not ids or not all(isinstance(q, str) for q in ids):
            raise check.fail("'questions' must be a non-empty list of question ids")
        repeated = sorted({q for q in ids if ids.count(q) > 1})
        if repeated:
            raise check.fail(f"questions listed twice: {repeated}")
        missing = [q for q in ids if q not in bank]
        if missing:
            raise check.fail(f"questions not in the bank: {missing}")
        quizzes[quiz_id] = Quiz(quiz_id, title_ko, title_en, tuple(ids), file)
    return quizzes


# ---------------------------------------------------------------------------
# Whole quizzes, and the student-facing text
# ---------------------------------------------------------------------------


def quiz_views(quiz: Quiz, bank: Mapping[str, Question], student_id: str) -> list[StudentView]:
    """What ``student_id`` sees of every question of ``quiz``, in order."""
    return [render_params(bank[qid], student_id, quiz.id) for qid in quiz.question_ids]


def quiz_variants(quiz: Quiz, bank: Mapping[str, Question], student_id: str) -> list[Variant]:
    """``student_id``'s variant of every question of ``quiz``, in order (grader only)."""
    return [variant(bank[qid], student_id, quiz.id) for qid in quiz.question_ids]


def render_markdown(view: StudentView, number: int | None = None) -> str:
    """A Markdown cell for one question: Korean, then English, then the choices
    and how to answer.  Built from the view alone, so it holds no answer."""
    title = f"**{number}.** " if number is not None else ""
    lines = [f"{title}{view.ko}", "", view.en, ""]
    for letter, ko, en in view.choices:
        lines.append(f"- **{letter}.** {ko}" + (f" / {en}" if en.strip() != ko.strip() else ""))
    if view.choices:
        lines.append("")
    lines.append(f"*{view.answer_hint_ko}*  ")
    lines.append(f"*{view.answer_hint_en}*")
    return "\n".join(lines)


def counts(bank: Iterable[Question] | Mapping[str, Question]) -> dict[str, dict[str, int]]:
    """How many questions per type, topic, lecture, and how many are parameterised."""
    questions = list(bank.values()) if isinstance(bank, Mapping) else list(bank)
    result: dict[str, dict[str, int]] = {"type": {}, "topic": {}, "lecture": {}}
    for q in questions:
        for key, value in (("type", q.type), ("topic", q.topic), ("lecture", q.lecture)):
            result[key][value] = result[key].get(value, 0) + 1
    result["parameterised"] = {"numeric": sum(q.parameterised for q in questions)}
    return result


def describe(bank: Mapping[str, Question], quizzes: Mapping[str, Quiz] | None = None) -> str:
    """A short report of the bank (counts by type, topic, lecture) and the quizzes, for a CLI to print."""
    lines = [f"{len(bank)} questions"]
    for key, counted in counts(bank).items():
        lines.append(f"  {key}: " + ", ".join(f"{name} {n}" for name, n in sorted(counted.items())))
    for quiz in (quizzes or {}).values():
        lines.append(f"{quiz.id}: {len(quiz.question_ids)} questions, {quiz.max_score:g} points, {quiz.title_en}")
    return "\n".join(lines)
