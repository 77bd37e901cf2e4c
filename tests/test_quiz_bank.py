"""The quiz bank, its per-student variants and the 1 / 0.3 / 0 scoring rule."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.quiz import (
    LECTURES,
    LETTERS,
    POINTS_BLANK,
    POINTS_RIGHT,
    POINTS_WRONG,
    TOPICS,
    BankError,
    Feedback,
    PublicQuestion,
    StudentView,
    load_bank,
    load_quizzes,
    quiz_variants,
    quiz_views,
    render_markdown,
    render_params,
    render_public,
    score_answer,
    variant,
)
from autograder.quiz.answers import AnswerError, parse_number, parse_symbolic, parse_truefalse
from tests.support.register import plain_form_clauses

pytestmark = pytest.mark.quiz

BANK = load_bank()
QUIZZES = load_quizzes(bank=BANK)
QUIZ = "quiz_1_loss_backprop"
STUDENTS = ["alice", "bob", "s0001", "김철수", "student 42"]
PARAMETERISED = [qid for qid, q in BANK.items() if q.parameterised]
BY_TYPE = {
    kind: [qid for qid, q in BANK.items() if q.type == kind] for kind in ("choice", "truefalse", "numeric", "symbolic")
}

student_ids = st.text(min_size=1, max_size=24)


def score(question, v, submitted, blank=False):
    return score_answer(question, v, submitted, blank)


def right_forms(question, v) -> list:
    """Ways a student may write the right answer."""
    expected = v.expected
    if question.type == "choice":
        return [expected, expected.lower(), f"  {expected} ", f"({expected})", f"{expected}."]
    if question.type == "truefalse":
        words = ["O", "o", "T", "true", "참"] if expected else ["X", "x", "F", "False", "거짓"]
        return [expected, *words]
    if question.type == "numeric":
        forms = [expected, repr(expected), f" {expected:.10f} "]
        if float(expected).is_integer():
            forms.append(int(expected))
        return forms
    return [expected, expected.replace("**", "^"), f"({expected})", f"1*({expected}) + 0", f"  {expected}  "]


def wrong_forms(question, v) -> list:
    """Answers that must score 0: other options, far numbers, non-equivalent expressions, garbage, None."""
    garbage = [None, "", "   ", "garbage", "???", [v.expected], {"a": 1}]
    expected = v.expected
    if question.type == "choice":
        others = [letter for letter in LETTERS[: len(v.choices)] if letter != expected]
        outside = LETTERS[len(v.choices)] if len(v.choices) < len(LETTERS) else "Z"
        return [*others, outside, "AB", "Z", 0, 1, True, *garbage]
    if question.type == "truefalse":
        return [not expected, "X" if expected else "O", "maybe", 1, 0, "0", *garbage]
    if question.type == "numeric":
        far = 10 * question.tolerance.bound(expected) + 1
        return [
            expected + far,
            expected - far,
            str(expected + far),
            "nan",
            float("nan"),
            float("inf"),
            True,
            "1/0",
            *garbage,
        ]
    return [f"({expected}) + 1", f"2*({expected})", f"-({expected})", "__import__('os')", 42, *garbage]


# --- the bank -------------------------------------------------------------------------------------------------


def test_every_question_is_in_a_quiz():
    """Every bank question, and so every lecture exercise in the bank, is graded somewhere."""
    in_quizzes = {qid for quiz in QUIZZES.values() for qid in quiz.question_ids}
    assert set(BANK) - in_quizzes == set()
    drills = {"calc-drills-1-4", "calc-drill-5", "calc-drill-6", "graph-square-sum"}
    assert drills <= in_quizzes


def test_the_derivative_drills_are_keyed_right():
    """Lecture 003's drills 1) to 6): the keys are the derivatives, recomputed here."""
    from autograder.quiz.answers import parse_symbolic

    drills = BANK["calc-drills-1-4"]
    assert drills.choices[drills.answer].en.replace("\\ ", " ") == "$0, 1, 2, 1$"
    five = BANK["calc-drill-5"]
    assert variant(five, "alice", QUIZ).expected == 2 * variant(five, "alice", QUIZ).params["x0"]
    six = BANK["calc-drill-6"]
    reference = parse_symbolic(six.answer, six.variables)
    for x in (-1.5, 0.3, 1.7):
        h = 1e-5
        f = lambda v: 3 * v**4 - 2 * v**3 + 2  # noqa: E731
        assert reference.evaluate({"x": x}) == pytest.approx((f(x + h) - f(x - h)) / (2 * h), rel=1e-6)


def test_bank_size_and_coverage():
    questions = list(BANK.values())
    assert len(questions) >= 55
    assert {q.topic for q in questions} == set(TOPICS)
    assert {q.lecture for q in questions} == set(LECTURES)
    assert {q.type for q in questions} == {"choice", "truefalse", "numeric", "symbolic"}
    assert len(PARAMETERISED) >= 8
    assert len(BY_TYPE["symbolic"]) >= 5
    assert len(BY_TYPE["truefalse"]) >= 10


def test_every_topic_has_several_questions_and_types():
    for topic in TOPICS:
        questions = [q for q in BANK.values() if q.topic == topic]
        assert len(questions) >= 4, topic
        assert len({q.type for q in questions}) >= 2, topic


@pytest.mark.parametrize("qid", list(BANK))
def test_question_is_complete(qid):
    q = BANK[qid]
    for text in (q.ko, q.en, q.explanation_ko, q.explanation_en):
        assert text.strip()
    assert q.ko != q.en
    if q.type == "numeric":
        assert q.tolerance is not None and q.tolerance_why.strip()
    if q.type == "choice":
        assert 2 <= len(q.choices) <= len(LETTERS) and 0 <= q.answer < len(q.choices)


@pytest.mark.parametrize("qid", list(BANK))
def test_rendered_text_has_no_leftover_placeholders(qid):
    q = BANK[qid]
    v = variant(q, "alice", QUIZ)
    names = [*q.params, "answer"]
    texts = [v.ko, v.en, v.explanation_ko, v.explanation_en] + [t for _, ko, en in v.view.choices for t in (ko, en)]
    for text in texts:
        for name in names:
            assert "{" + name + "}" not in text, (qid, name)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("오차는 0.42이다.", True),
        ("분모는 언제나 1이라서 결과가 전혀 바뀌지 않는다", True),
        ("최적점을 찾기 어렵습니다 (발산할 수도 있다)", True),
        ("$\\exp$로 계산한다 (결과는 같습니다)", True),
        ("학습률이 너무 작다; 마지막 에폭", True),
        ("가중치는 모두 양수라고 하자. 합은 같습니다.", True),
        ("가중치는 모두 양수라고 합시다. 값을 구해 봅시다.", False),
        ("그 값은 시다.", True),
        ("$W$의 모양은 무엇인가?", True),
        ("오차는 0.42입니다. 분모가 없으면 결과가 바뀌지 않습니다", False),
        ("둘 다 $\\frac{\\partial L}{\\partial z}$를 그대로", False),
        ("전방 차분보다 (두 점) 오차가 작습니다.", False),
        ("어떤 활성화 함수와 함께 쓴다고 했습니까?", False),
        ("강의는 \"선형 분류 문제를 풀 수 있다\"고 적었습니다.", False),
        ("옳은 것은?", False),
        ("매 step마다 (매번) 더합니다. 둘 다 (x와 y) 같습니다.", False),
        ("학습이 멈춘다", True),
        ("점수를 그대로 나누면 안 될까? 안 됩니다.", True),
        ("안 됩니까? 그럴까요?", False),
    ],
)
def test_plain_form_detector(text, plain):
    assert bool(plain_form_clauses(text)) is plain, plain_form_clauses(text)


def test_korean_text_is_in_one_register():
    """Every Korean stem, choice and explanation in the bank ends its sentences in 합니다체."""
    found = [
        (qid, where, clause)
        for qid, q in BANK.items()
        for where, text in [("ko", q.ko), ("explanation_ko", q.explanation_ko)]
        + [(f"choice {k}", c.ko) for k, c in enumerate(q.choices)]
        for clause in plain_form_clauses(text)
    ]
    assert not found, f"{len(found)} Korean clauses end in 해라체 (use 합니다체):\n" + "\n".join(map(str, found))


def test_quizzes():
    assert len(QUIZZES) >= 2
    for quiz_id, quiz in QUIZZES.items():
        assert quiz_id.startswith("quiz_")
        assert len(quiz.question_ids) >= 25 and len(set(quiz.question_ids)) == len(quiz.question_ids)
        assert quiz.max_score == float(len(quiz.question_ids))
        assert quiz.title_ko.strip() and quiz.title_en.strip()
        assert {BANK[qid].type for qid in quiz.question_ids} == {"choice", "truefalse", "numeric", "symbolic"}
        assert sum(BANK[qid].parameterised for qid in quiz.question_ids) >= 5


def test_worked_values_follow_course_md():
    # Exercise 1's cross-entropy with the natural log (not the slide's log10 0.4318) and the lecture-002 split.
    assert math.isclose(variant(BANK["loss-ce-exercise1"], "x", QUIZ).expected, 0.9992, abs_tol=1e-4)
    assert score(BANK["loss-ce-exercise1"], variant(BANK["loss-ce-exercise1"], "x", QUIZ), 0.4318).score == 0.0
    split = BANK["split-lecture-value"]
    assert score(split, variant(split, "x", QUIZ), 0.435).score == 1.0
    assert score(split, variant(split, "x", QUIZ), 0.44).score == 0.0  # the slide's rounding


def test_integer_answers_are_integers():
    for qid in ("mb-iterations-per-epoch", "mb-total-updates", "perceptron-parameter-count", "graph-dl-dc"):
        for sid in STUDENTS:
            assert float(variant(BANK[qid], sid, QUIZ).expected).is_integer(), (qid, sid)


# --- scoring --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qid", list(BANK))
def test_reference_answer_scores_one(qid):
    q = BANK[qid]
    for sid in STUDENTS[:3]:
        v = variant(q, sid, QUIZ)
        for submitted in right_forms(q, v):
            result = score(q, v, submitted)
            assert (result.score, result.status) == (POINTS_RIGHT, "right"), (qid, sid, submitted, result.message)


@pytest.mark.parametrize("qid", list(BANK))
def test_blank_scores_point_three(qid):
    q = BANK[qid]
    v = variant(q, "alice", QUIZ)
    for submitted in (None, v.expected, "garbage"):
        result = score(q, v, submitted, blank=True)
        assert (result.score, result.status) == (POINTS_BLANK, "blank")


@pytest.mark.parametrize("qid", list(BANK))
def test_wrong_answers_score_zero(qid):
    q = BANK[qid]
    v = variant(q, "bob", QUIZ)
    for submitted in wrong_forms(q, v):
        result = score(q, v, submitted)
        assert (result.score, result.status) == (POINTS_WRONG, "wrong"), (qid, submitted)


def test_result_unpacks_and_explains():
    q = BANK["softmax-two-logits"]
    v = variant(q, "alice", QUIZ)
    points, status, message = score(q, v, "0.5")
    assert (points, status) == (0.0, "wrong")
    assert isinstance(message, Feedback) and message.ko and message.en
    assert q.tolerance.format_value(v.expected) in message.en  # the expected value is shown after grading
    assert v.explanation_en in message.en and v.explanation_ko in message.ko
    assert str(message) == f"{message.ko}\n{message.en}"
    assert "'garbage'" in score(q, v, "garbage").message.en


def test_unreadable_answers_say_why():
    q = BANK["act-sigmoid-derivative-output"]
    v = variant(q, "alice", QUIZ)
    assert "s*(...)" in score(q, v, "s(1-s)").message.en
    choice = BANK["affine-dx"]
    assert "not one of the choices" in score(choice, variant(choice, "a", QUIZ), "F").message.en


def test_variant_of_another_question_is_refused():
    with pytest.raises(ValueError):
        score_answer(BANK["affine-dx"], variant(BANK["affine-dw"], "a", QUIZ), "A", False)


def test_choice_letters_refer_to_the_students_own_order():
    q = BANK["loss-ce-onehot"]
    letters_seen = set()
    for sid in [f"s{k}" for k in range(40)]:
        v = variant(q, sid, QUIZ)
        assert sorted(v.permutation) == list(range(len(q.choices)))
        assert v.choices == tuple(q.choices[i] for i in v.permutation)
        assert [(c.ko, c.en) for c in v.choices] == [(ko, en) for _, ko, en in v.view.choices]
        assert v.expected == LETTERS[v.permutation.index(q.answer)]
        letters_seen.add(v.expected)
    assert len(letters_seen) >= 3  # shuffled: the right letter moves between students


def test_unshuffled_choices_keep_the_bank_order(tmp_path):
    path = _write_bank(tmp_path, _choice_question(shuffle="false"))
    q = load_bank(path)["tmp-choice"]
    for sid in STUDENTS:
        v = variant(q, sid, QUIZ)
        assert v.permutation == (0, 1, 2) and v.expected == "B"


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.5", 0.5),
        (" 0.5 ", 0.5),
        ("+0.5", 0.5),
        ("5e-1", 0.5),
        ("０.５", 0.5),
        ("−0.5", -0.5),
        (3, 3.0),
        (0.25, 0.25),
    ],
)
def test_numbers_students_may_write(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["0,5", "1/2", "", "nan", "inf", "-inf", "0.5.1", "five", True, None, [0.5], "9" * 400]
)
def test_numbers_that_are_not_numbers(text):
    with pytest.raises(AnswerError):
        parse_number(text)


@pytest.mark.parametrize(
    "text, value",
    [
        (True, True),
        ("O", True),
        ("참", True),
        ("t", True),
        (False, False),
        ("X", False),
        ("거짓", False),
        (" f ", False),
    ],
)
def test_truefalse_words(text, value):
    assert parse_truefalse(text) is value


@pytest.mark.parametrize("text", ["0", "1", 1, 0, "yes", "no", None, "OX"])
def test_truefalse_rejects_ambiguous(text):
    with pytest.raises(AnswerError):
        parse_truefalse(text)


@pytest.mark.parametrize("qid", [qid for qid in BY_TYPE["numeric"]])
def test_tolerance_boundaries(qid):
    q = BANK[qid]
    v = variant(q, "alice", QUIZ)
    bound = q.tolerance.bound(v.expected)
    for sign in (1, -1):
        assert score(q, v, v.expected + sign * 0.99 * bound).score == POINTS_RIGHT
        assert score(q, v, v.expected + sign * 1.01 * bound).score == POINTS_WRONG
        assert score(q, v, str(v.expected + sign * 1.01 * bound)).score == POINTS_WRONG


def test_tolerance_boundary_is_inclusive():
    q = BANK["split-lecture-value"]  # 0.435, abs 0.0005
    v = variant(q, "x", QUIZ)
    assert score(q, v, "0.4355").score == POINTS_RIGHT
    assert score(q, v, "0.4345").score == POINTS_RIGHT
    assert score(q, v, "0.4356").score == POINTS_WRONG


# --- the symbolic evaluator -----------------------------------------------------------------------------------

HOSTILE = [
    "__import__('os')",
    "__import__('os').system('echo hacked')",
    "().__class__.__bases__[0].__subclasses__()",
    "s.real",
    "lambda: 0",
    "(lambda s: s)(s)",
    "[s]",
    "(s, s)",
    "{s: 1}",
    "s if s else 1",
    "s and 1",
    "s < 1",
    "s[0]",
    "(t := 1)",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('1')",
    "globals()",
    "getattr(s, 'real')",
    "exp(s, 2)",
    "exp(x=s)",
    "exp(*[s])",
    "exp",
    "exp + s",
    "'s'",
    "b's'",
    "f'{s}'",
    "True",
    "None",
    "1j",
    "...",
    "s; s",
    "import os",
    "x",
    "os.system('ls')",
    "s % 2",
    "s // 2",
    "s @ s",
    "s & 1",
    "~s",
    "not s",
    "(" * 300 + "s" + ")" * 300,
    "s+" * 200 + "s",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_evaluator_rejects(text):
    with pytest.raises(AnswerError):
        parse_symbolic(text, ["s"])
    q = BANK["act-sigmoid-derivative-output"]
    assert score(q, variant(q, "mallory", QUIZ), text).score == POINTS_WRONG


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9",
        "10**400",
        "exp(1000)",
        "exp(exp(exp(s*10)))",
        "s**-10000",
        "(-s)**0.5",
        "log(-s)",
        "1/(s-s)",
        "sqrt(-1)",
    ],
)
def test_evaluator_fails_safely_on_bad_arithmetic(text):
    q = BANK["act-sigmoid-derivative-output"]
    start = time.perf_counter()
    result = score(q, variant(q, "mallory", QUIZ), text)
    assert result.score == POINTS_WRONG
    assert time.perf_counter() - start < 1.0


def test_evaluator_accepts_the_allowed_grammar():
    expr = parse_symbolic(
        "-exp(-z)/(1 + exp(-z))^2 + sigmoid(z)*(1 - sigmoid(z)) + tanh(z) - log(sqrt(z**2)) + +1.5e0", ["z"]
    )
    value = expr.evaluate({"z": 0.7})
    sigmoid = 1 / (1 + math.exp(-0.7))
    assert math.isclose(value, math.tanh(0.7) - math.log(0.7) + 1.5 + 0 * sigmoid, rel_tol=1e-12)


@pytest.mark.parametrize(
    "qid, equivalent, different",
    [
        ("act-sigmoid-derivative-input", "sigmoid(z)*(1 - sigmoid(z))", "sigmoid(z)"),
        ("act-sigmoid-derivative-output", "s - s^2", "s*(1 + s)"),
        ("logistic-dl-da", "-y/a + (1 - y)/(1 - a)", "(y - a)/(a*(1 - a))"),
        ("wd-gradient", "lam*w + g", "g + lam*w/2"),
        ("act-tanh-derivative", "(1 - y)*(1 + y)", "1 - tanh(y)**2"),
        ("graph-ex3-dw", "x*x*d", "d*x**2*w"),
        ("softmax-derivative-cross", "-(y1*y2)", "y1*y2"),
    ],
)
def test_symbolic_equivalence(qid, equivalent, different):
    q = BANK[qid]
    v = variant(q, "alice", QUIZ)
    assert score(q, v, equivalent).score == POINTS_RIGHT
    assert score(q, v, different).score == POINTS_WRONG


# --- variants -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qid", PARAMETERISED)
def test_parameterised_variants_differ_between_students(qid):
    q = BANK[qid]
    views = [render_params(q, sid, QUIZ).params for sid in [f"student{k}" for k in range(8)]]
    assert len({json.dumps(dict(p), sort_keys=True) for p in views}) >= 4


def test_two_students_get_different_numbers():
    # Parameters drawn from a few values can coincide for one pair of students, but not on most questions.
    differ = [
        render_params(BANK[qid], "alice", QUIZ).params != render_params(BANK[qid], "bob", QUIZ).params
        for qid in PARAMETERISED
    ]
    assert sum(differ) >= 0.8 * len(differ)


def test_variants_depend_on_the_quiz_too():
    q = BANK["softmax-two-logits"]
    assert variant(q, "alice", "quiz_1_loss_backprop").params != variant(q, "alice", "quiz_2_training").params


@pytest.mark.parametrize("quiz_id", list(QUIZZES))
def test_copied_answers_are_wrong(quiz_id):
    quiz = QUIZZES[quiz_id]
    a, b = quiz_variants(quiz, BANK, "alice"), quiz_variants(quiz, BANK, "bob")
    wrong = 0
    for qid, va, vb in zip(quiz.question_ids, a, b):
        wrong += score(BANK[qid], vb, va.expected).score == POINTS_WRONG  # a choice letter means bob's own order
    assert wrong >= 5


def test_pinned_variant():
    # Released notebooks and the grader must agree for ever: changing how variants are drawn breaks grading.
    v = variant(BANK["softmax-two-logits"], "alice", "quiz_1_loss_backprop")
    assert dict(v.params) == {"a1": 1.5, "a2": -1.6}
    assert math.isclose(v.expected, math.exp(-1.6) / (math.exp(1.5) + math.exp(-1.6)))
    assert variant(BANK["loss-ce-onehot"], "alice", "quiz_1_loss_backprop").permutation == (1, 0, 3, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(student_id=student_ids, qid=st.sampled_from(list(BANK)))
def test_variants_are_deterministic_and_reference_is_right(student_id, qid):
    q = BANK[qid]
    v1, v2 = variant(q, student_id, QUIZ), variant(q, student_id, QUIZ)
    assert v1 == v2
    assert render_params(q, student_id, QUIZ) == v1.view
    assert score(q, v1, v1.expected).score == POINTS_RIGHT
    for name, spec in q.params.items():  # the student sees exactly the number the grader uses
        assert float(v1.view.params[name]) == float(v1.params[name])
        if spec.kind != "choice":
            assert spec.low <= v1.params[name] <= spec.high


# --- nothing leaks into what the student sees -----------------------------------------------------------------


def _leaked_numbers(text: str, expected: float, shown: set[str]) -> list[str]:
    """Numbers in ``text`` with four or more significant digits that equal the expected answer to 0.1%
    (what a leak would look like), except the student's own parameters, which may coincide with it."""
    leaks = []
    for token in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", text):
        digits = token.lstrip("-").replace(".", "").lstrip("0")
        if token not in shown and len(digits) >= 4 and math.isclose(float(token), expected, rel_tol=1e-3):
            leaks.append(token)
    return leaks


def _assert_view_has_no_answer(q, v):
    view = v.view
    assert type(view) is StudentView
    public_fields = {f.name for f in dataclasses.fields(StudentView)}
    assert public_fields == {
        "quiz_id", "question_id", "student_id", "type", "topic", "lecture", "ko", "en",
        "choices", "params", "variables", "answer_hint_ko", "answer_hint_en", "fingerprint",
    }  # fmt: skip
    text = json.dumps(view.to_dict(), ensure_ascii=False) + render_markdown(view, 1)
    for secret in (
        q.explanation_ko,
        q.explanation_en,
        v.explanation_ko,
        v.explanation_en,
        q.answer_expr,
        q.tolerance_why,
    ):
        if secret:
            assert secret not in text
    if q.type == "numeric":  # the expected value, however formatted, is not among the numbers shown
        assert not _leaked_numbers(text, v.expected, set(view.params.values())), q.id
    if q.type == "symbolic":
        assert v.expected.replace(" ", "") not in text.replace(" ", "")
    if q.type == "choice":
        for _, ko, en in view.choices:  # (letter, ko, en): no flag, index or permutation travels with them
            assert isinstance(ko, str) and isinstance(en, str)
        assert "permutation" not in view.to_dict()


@pytest.mark.parametrize("qid", list(BANK))
def test_student_view_contains_no_answer(qid):
    q = BANK[qid]
    for sid in STUDENTS:
        _assert_view_has_no_answer(q, variant(q, sid, QUIZ))


@settings(max_examples=40, deadline=None)
@given(student_id=student_ids, qid=st.sampled_from(PARAMETERISED))
def test_student_view_contains_no_answer_for_any_student(student_id, qid):
    _assert_view_has_no_answer(BANK[qid], variant(BANK[qid], student_id, QUIZ))


@pytest.mark.parametrize("qid", list(BANK))
def test_public_part_has_no_answer_and_renders_the_same(qid):
    q = BANK[qid]
    data = q.public.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    for key in ("answer", "answer_expr", "explanation_ko", "explanation_en", "tolerance_why", "permutation"):
        assert key not in data
    for secret in (q.explanation_en, q.answer_expr, q.tolerance_why):
        if secret:
            assert secret not in text
    if q.type == "symbolic":
        assert json.dumps(q.answer) not in text
    # A notebook may carry this JSON and render the student's own numbers from it.
    public = PublicQuestion.from_dict(json.loads(text))
    for sid in STUDENTS:
        assert render_public(public, sid, QUIZ) == render_params(q, sid, QUIZ)


def test_public_choice_order_does_not_reveal_the_bank_order(tmp_path):
    # Writing the right choice first in the bank must not put it first in the public data.
    first = load_bank(_write_bank(tmp_path / "a", _choice_question(order=(0, 1, 2), answer=1)))["tmp-choice"]
    second = load_bank(_write_bank(tmp_path / "b", _choice_question(order=(2, 0, 1), answer=2)))["tmp-choice"]
    assert first.public == second.public
    for sid in STUDENTS:
        assert variant(first, sid, QUIZ).expected == variant(second, sid, QUIZ).expected


def test_quiz_views_match_variants():
    quiz = QUIZZES[QUIZ]
    assert quiz_views(quiz, BANK, "alice") == [v.view for v in quiz_variants(quiz, BANK, "alice")]


def test_markdown_is_bilingual_with_choices_and_hint():
    q = BANK["affine-dx"]
    view = render_params(q, "alice", QUIZ)
    text = render_markdown(view, 3)
    assert text.startswith("**3.** ")
    assert text.index(view.ko) < text.index(view.en)
    for letter, ko, _ in view.choices:
        assert f"**{letter}.** {ko}" in text
    assert view.answer_hint_ko in text and view.answer_hint_en in text


# --- validation -----------------------------------------------------------------------------------------------


def _choice_question(order=(0, 1, 2), answer=1, shuffle="true", extra=""):
    texts = ["first", "second", "third"]
    choices = ",\n".join(f'  {{ ko = "보기 {texts[i]}", en = "option {texts[i]}" }}' for i in order)
    return f"""
[[question]]
id = "tmp-choice"
type = "choice"
topic = "loss"
lecture = "000"
ko = "질문"
en = "Question"
choices = [
{choices},
]
answer = {answer}
shuffle = {shuffle}
explanation_ko = "해설"
explanation_en = "Explanation"
{extra}
"""


NUMERIC = """
[[question]]
id = "tmp-numeric"
type = "numeric"
topic = "softmax"
lecture = "003"
ko = "점수 {a1}, {a2}"
en = "Scores {a1}, {a2}"
params = { a1 = { kind = "uniform", low = 0.0, high = 1.0, decimals = 2 }, a2 = { kind = "int", low = 1, high = 5 } }
answer_expr = "float(a1 + a2)"
tolerance = { abs = 0.01 }
tolerance_why = "why"
explanation_ko = "해설 {answer}"
explanation_en = "Explanation {answer}"
"""


def _write_bank(directory: Path, *sources: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for k, source in enumerate(sources):
        (directory / f"part{k}.toml").write_text(source, encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    "source, message",
    [
        (_choice_question(answer=3), "answer must be a 0-based index"),
        (_choice_question(extra="colour = 1"), "unknown keys ['colour']"),
        (_choice_question().replace('explanation_en = "Explanation"', ""), "missing ['explanation_en']"),
        (_choice_question().replace('topic = "loss"', 'topic = "cooking"'), "topic 'cooking'"),
        (_choice_question().replace('lecture = "000"', "lecture = 0"), "lecture must be one of"),
        (_choice_question().replace('"option second"', '"option first"'), "two choices have the same text"),
        (NUMERIC.replace("tolerance = { abs = 0.01 }\n", ""), "missing ['tolerance']"),
        (NUMERIC.replace("tolerance = { abs = 0.01 }", "tolerance = { abs = 0 }"), "not both 0"),
        (NUMERIC.replace("float(a1 + a2)", "float(a1 / (a2 - a2))"), "answer_expr failed"),
        (NUMERIC.replace("float(a1 + a2)", "float(a1 + b3)"), "undefined names ['b3']"),
        (NUMERIC.replace("float(a1 + a2)", "1.0"), "the same answer for every student"),
        (NUMERIC.replace('en = "Scores {a1}, {a2}"', 'en = "Scores {a1}"'), "not shown in the en stem"),
        (NUMERIC.replace('en = "Scores {a1}, {a2}"', 'en = "Scores {a1}, $\\\\hat{a2}$"'), "LaTeX argument"),
        (NUMERIC.replace('kind = "int", low = 1, high = 5', 'kind = "normal", low = 1, high = 5'), "needs kind"),
        (NUMERIC.replace("params = {", "answer = 1.0\nparams = {"), "either 'answer' or 'params'"),
        (NUMERIC.replace('type = "numeric"', 'type = "essay"'), "type must be one of"),
        (
            '[[question]]\nid = "tmp-sym"\ntype = "symbolic"\ntopic = "activation"\nlecture = "000"\nko = "k"\n'
            'en = "e"\nanswer = "s*(1-s"\nvariables = ["s"]\nexplanation_ko = "k"\nexplanation_en = "e"\n',
            "not a valid expression",
        ),
        (
            '[[question]]\nid = "tmp-sym"\ntype = "symbolic"\ntopic = "activation"\nlecture = "000"\nko = "k"\n'
            'en = "e"\nanswer = "log(s)"\nvariables = ["s"]\ndomain = { s = [-2.0, -1.0] }\n'
            'explanation_ko = "k"\nexplanation_en = "e"\n',
            "undefined on most of its domain",
        ),
        ("[[question]\nid = 1", "not valid TOML"),
    ],
)
def test_invalid_bank_is_rejected_with_file_and_id(tmp_path, source, message):
    _write_bank(tmp_path, source)
    with pytest.raises(BankError) as error:
        load_bank(tmp_path)
    assert message in str(error.value)
    assert "part0.toml" in str(error.value)
    if message != "not valid TOML":
        assert "question 'tmp-" in str(error.value)


def test_duplicate_ids_across_files(tmp_path):
    _write_bank(tmp_path, _choice_question(), _choice_question())
    with pytest.raises(BankError, match="duplicate id"):
        load_bank(tmp_path)


def test_an_instructor_adds_a_question(tmp_path):
    bank_dir = _write_bank(tmp_path / "bank", _choice_question(), NUMERIC)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "quiz_tmp.toml").write_text(
        'title_ko = "퀴즈"\ntitle_en = "Quiz"\nquestions = ["tmp-numeric", "tmp-choice"]\n', encoding="utf-8"
    )
    bank = load_bank(bank_dir)
    quiz = load_quizzes(tmp_path / "quizzes", bank)["quiz_tmp"]
    variants = quiz_variants(quiz, bank, "alice")
    total = sum(score(bank[qid], v, v.expected).score for qid, v in zip(quiz.question_ids, variants))
    assert total == quiz.max_score == 2.0
    assert "{answer}" not in variants[0].explanation_en


@pytest.mark.parametrize(
    "body, name, message",
    [
        ('title_ko = "k"\ntitle_en = "e"\nquestions = ["tmp-choice", "nope"]\n', "quiz_a.toml", "not in the bank"),
        ('title_ko = "k"\ntitle_en = "e"\nquestions = ["tmp-choice", "tmp-choice"]\n', "quiz_a.toml", "listed twice"),
        ('title_ko = "k"\nquestions = ["tmp-choice"]\n', "quiz_a.toml", "'title_en'"),
        ('title_ko = "k"\ntitle_en = "e"\nquestions = []\n', "quiz_a.toml", "non-empty list"),
        ('title_ko = "k"\ntitle_en = "e"\nquestions = ["tmp-choice"]\n', "quiz_A-1.toml", "quiz_<lower-case"),
    ],
)
def test_invalid_quiz_is_rejected(tmp_path, body, name, message):
    bank = load_bank(_write_bank(tmp_path / "bank", _choice_question()))
    (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(BankError, match="quiz_") as error:
        load_quizzes(tmp_path / name, bank)
    assert message in str(error.value)
