"""ps3_hidden_error: the reference against independent computations, COURSE.md's worked
values, and what the example harness does not see (aliasing of e_L, hints never misnamed,
unimplemented stubs).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import checks
from autograder.checks.framework import load_module, solutions_dir
from autograder.course.examples import examples
from autograder.grading import Grader
from autograder.submission import Cell, Submission

pytestmark = pytest.mark.task3
AID = "ps3_hidden_error"
REFERENCE_SOURCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
ref = load_module(solutions_dir() / f"{AID}.py", "_test_ps3_reference")

W_LECTURE = np.array([[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]])


def grade(*sources: str, questions: list[str] | None = None):
    cells = [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(AID)).grade(Submission(cells, module_name="submission"), questions=questions)


# ---------------------------------------------------------------- worked values (COURSE.md)
def test_lecture_worked_values():
    e_out = ref.output_error(np.array([1.0, 1.0]), np.array([0.58, 0.55]))
    np.testing.assert_allclose(e_out, [0.42, 0.45], rtol=0, atol=1e-15)
    np.testing.assert_allclose(ref.split_error_proportional(W_LECTURE, e_out), [0.435, 0.2525, 0.1825],
                               rtol=0, atol=1e-15)
    np.testing.assert_allclose(ref.split_error(W_LECTURE, e_out), [0.216, 0.129, 0.087], rtol=0, atol=1e-15)
    errors = ref.backpropagate_errors([np.ones((3, 4)), W_LECTURE], e_out)
    np.testing.assert_allclose(errors[0], [0.216, 0.129, 0.087], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(errors[1], e_out)


def test_lecture_hidden_gradient_values():
    """The notebook's worked example: lecture W, a_hidden = (0.4, 0.8, 0.4), targets (1, 1)."""
    a_hidden = np.array([0.4, 0.8, 0.4])
    a_out = ref.sigmoid(W_LECTURE @ a_hidden)
    np.testing.assert_allclose(a_out, [0.5793, 0.5498], atol=5e-5)
    np.testing.assert_allclose(ref.hidden_gradient(W_LECTURE, a_hidden, a_out, np.ones(2)),
                               [-0.05304128, -0.03164674, -0.02139454], rtol=0, atol=5e-9)


# ---------------------------------------------------------------- the reference, computed another way
def loop_proportional(W, e):
    n_out, n_hidden = W.shape
    out = np.zeros((n_hidden,) + e.shape[1:])
    for i in range(n_hidden):
        for j in range(n_out):
            out[i] += e[j] * W[j, i] / sum(W[j, k] for k in range(n_hidden))
    return out


def loop_simplified(W, e):
    n_out, n_hidden = W.shape
    out = np.zeros((n_hidden,) + e.shape[1:])
    for i in range(n_hidden):
        for j in range(n_out):
            out[i] += W[j, i] * e[j]
    return out


shapes = st.tuples(st.integers(1, 6), st.integers(1, 6), st.sampled_from([None, 1, 3, 4]))


@settings(max_examples=40, deadline=None)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_splits_match_the_formulas(shape, seed):
    n_out, n_hidden, n = shape
    rng = np.random.default_rng(seed)
    W = rng.uniform(0.1, 1.0, size=(n_out, n_hidden))
    e = rng.normal(size=(n_out,) if n is None else (n_out, n))
    W0, e0 = W.copy(), e.copy()
    np.testing.assert_allclose(ref.split_error_proportional(W, e), loop_proportional(W, e), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ref.split_error(W, e), loop_simplified(W, e), rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(W, W0)
    np.testing.assert_array_equal(e, e0)
    # every output's error is shared out completely
    np.testing.assert_allclose(ref.split_error_proportional(W, e).sum(axis=0), e.sum(axis=0), rtol=1e-12, atol=1e-12)


def test_proportional_split_rejects_zero_row_sums():
    with pytest.raises(ValueError):
        ref.split_error_proportional(np.array([[0.5, -0.5], [0.2, 0.1]]), np.array([1.0, 1.0]))


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=6), two_d=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_backpropagate_errors_is_the_recursion(sizes, two_d, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
    e_out = rng.normal(size=(sizes[-1], 3) if two_d else sizes[-1])
    errors = ref.backpropagate_errors(weights, e_out)
    assert len(errors) == len(weights)
    expected = e_out.copy()
    for k in range(len(weights) - 1, -1, -1):  # e_{k+1} = W_{k+2}^T e_{k+2}, by explicit loops
        np.testing.assert_allclose(errors[k], expected, rtol=1e-12, atol=1e-12)
        assert errors[k].shape == (sizes[k + 1],) + e_out.shape[1:]
        if k:
            expected = loop_simplified(weights[k], expected)
    assert not np.shares_memory(errors[-1], e_out)


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_hidden_gradient_is_the_numerical_gradient(shape, seed):
    """dL/da_hidden of L = 1/2 sum (t - sigmoid(W a))^2, summed over samples, to 1e-8."""
    n_out, n_hidden, n = shape
    rng = np.random.default_rng(seed)
    W = 2.0 * rng.normal(size=(n_out, n_hidden))
    a_hidden = rng.uniform(0, 1, size=(n_hidden,) if n is None else (n_hidden, n))
    target = rng.uniform(0, 1, size=(n_out,) if n is None else (n_out, n))

    def loss(a):
        return 0.5 * np.sum((target - ref.sigmoid(W @ a)) ** 2)

    got = ref.hidden_gradient(W, a_hidden, ref.sigmoid(W @ a_hidden), target)
    np.testing.assert_allclose(got, numerical_gradient(loss, a_hidden), rtol=0, atol=1e-8)


def test_sigmoid_is_stable():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        s = ref.sigmoid(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1.0], rtol=1e-15)


# ---------------------------------------------------------------- the grader
@pytest.mark.parametrize("body, copied", [
    ("e = np.asarray(e_out, dtype=float)", False),  # the caller's float64 array itself
    ("e = e_out[:]", False),  # a view: shares the caller's memory
    ("e = e_out.reshape(e_out.shape)", False),
    ("e = e_out.copy()", True),
    ("e = e_out + 0.0", True),
])
def test_e_L_must_not_share_memory_with_e_out(body, copied):
    source = f"""
def backpropagate_errors(weights, e_out):
    {body}
    errors = [e]
    for W in reversed(weights[1:]):
        errors.insert(0, W.T @ errors[0])
    return errors
"""
    result = grade(REFERENCE_SOURCE, source, questions=["backpropagate_errors"]).questions["backpropagate_errors"]
    failing = [c.name for c in result.checks if not c.passed]
    assert failing == ([] if copied else ["returns_a_copy"]), [(c.name, c.message) for c in result.checks]


def test_mistakes_never_carry_a_wrong_hint():
    """A failing check names the example's mistake or nothing: never another hint id."""
    for ex in examples(AID):
        if ex.full:
            continue
        report = Grader(checks.get(AID)).grade(ex.submission(), questions=list(ex.expected))
        for qid, expected in ex.expected.items():
            allowed = {None} if expected == "fail" else {None, expected}
            wrong = [(c.name, c.hint_id) for c in report.questions[qid].checks
                     if not c.passed and c.hint_id not in allowed]
            assert not wrong, f"{ex.name}: {wrong}"


def test_unimplemented_stubs_score_zero_without_grader_errors():
    stubs = "\n".join(f"def {name}(*args):\n    raise NotImplementedError()\n"
                      for name in checks.get(AID).questions)
    report = grade("import numpy as np\n" + stubs)
    assert report.score == 0
    assert not [e for e in report.errors if "internal grader error" in e], report.errors
    messages = {c.message for r in report.questions.values() for c in r.checks}
    assert all("NotImplementedError" in m for m in messages), messages


def test_questions_and_points():
    assignment = checks.get(AID)
    assert list(assignment.questions) == ["output_error", "split_error_proportional", "split_error",
                                          "backpropagate_errors", "hidden_gradient"]
    for q in assignment.questions.values():
        assert 2 <= q.max_score <= 4
        assert all((c.points * 2).is_integer() and c.tolerance for c in q.checks)
