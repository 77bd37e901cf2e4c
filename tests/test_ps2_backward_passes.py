"""ps2_backward_passes: the reference against independent computations, and what the
example harness does not cover (the stand-in layers of computation_graph, read-only inputs).

The reference's backward passes must agree with central differences computed here (not
with the reference's own numerical_gradient) to a relative error of 1e-8.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import checks
from autograder.checks import framework
from autograder.checks.framework import Context, load_module, solutions_dir
from autograder.grading import Grader
from autograder.sandbox.client import Remote, Sandbox
from autograder.submission import Cell, Submission

pytestmark = pytest.mark.task2

AID = "ps2_backward_passes"
ref = load_module(solutions_dir() / f"{AID}.py", "_test_ps2_reference")
REFERENCE_SOURCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
TOL = 1e-8


ROUNDOFF_SCALE = 0.1
"""Central differences with h = 1e-5 carry a rounding error of about 1e-16·|f|/h ≈ 1e-10 here,
whatever the gradient's size: a gradient smaller than this scale (e.g. -5.9e-5, a product of two
small normals) is compared with that absolute error in mind, not relative to itself."""


def rel_error(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = max(float(np.max(np.abs(a) + np.abs(b), initial=0.0)), ROUNDOFF_SCALE)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale


def central(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """d f / d x by central differences on copies of x (independent of the reference)."""
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


def frozen(*arrays):
    """Read-only copies: the reference must never write into what it is given."""
    out = []
    for a in arrays:
        a = np.array(a, dtype=float)
        a.setflags(write=False)
        out.append(a)
    return out


# ------------------------------------------------------------------ worked values (COURSE.md)
def test_computation_graph_lecture_values():
    L, da, db, dc = ref.computation_graph(3.0, 1.0, -2.0)
    assert (L, da, db, dc) == (-10.0, -2.0, -4.0, 5.0)


def test_softmax_of_cat_dog_logits():
    layer = ref.SoftmaxWithLoss()
    layer.forward(np.array([1.5, 3.7]), 1)
    assert np.allclose(layer.y, [0.0998, 0.9002], atol=5e-5)


# ------------------------------------------------------------------ reference vs central differences
def test_mul_and_add_layers_against_central_differences():
    rng = np.random.default_rng(0)
    x, y, g = frozen(*rng.normal(size=(3, 4, 3)))
    mul = ref.MulLayer()
    mul.forward(x, y)
    dx, dy = mul.backward(g)
    assert rel_error(dx, central(lambda v: np.sum(v * y * g), x)) < TOL
    assert rel_error(dy, central(lambda v: np.sum(x * v * g), y)) < TOL
    add = ref.AddLayer()
    add.forward(x, y)
    dx, dy = add.backward(g)
    assert rel_error(dx, central(lambda v: np.sum((v + y) * g), x)) < TOL
    assert rel_error(dy, central(lambda v: np.sum((x + v) * g), y)) < TOL


@pytest.mark.parametrize("abc", [(3.0, 1.0, -2.0), (-0.7, 2.3, 1.9)])
def test_computation_graph_against_central_differences(abc):
    _, *grads = ref.computation_graph(*abc)
    numeric = central(lambda v: ref.computation_graph(*v)[0], np.array(abc))
    assert rel_error(grads, numeric) < TOL


@pytest.mark.parametrize("name", ["Relu", "Sigmoid", "Tanh"])
@pytest.mark.parametrize("shape", [(4, 3), (5,)])
def test_activations_against_central_differences(name, shape):
    rng = np.random.default_rng(1)
    x = rng.uniform(0.1, 3.0, size=shape) * rng.choice([-1, 1], size=shape)  # ReLU: away from its kink
    x, g = frozen(x, rng.normal(size=shape))
    layer = getattr(ref, name)()
    layer.forward(x)
    dx = layer.backward(g)
    numeric = central(lambda v: np.sum(getattr(ref, name)().forward(v) * g), x)
    assert rel_error(dx, numeric) < TOL


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), d=st.integers(1, 5), m=st.integers(1, 5), single=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_affine_against_central_differences(n, d, m, single, seed):
    rng = np.random.default_rng(seed)
    W, b = rng.normal(size=(d, m)), rng.normal(size=m)
    x, g = rng.normal(size=(n, d)), rng.normal(size=(n, m))
    if single:
        x, g = x[0], g[0]
    W, b, x, g = frozen(W, b, x, g)
    layer = ref.Affine(W, b)
    out = layer.forward(x)
    assert np.allclose(out, np.einsum("...d,dm->...m", x, W) + b, rtol=1e-12)
    dx = layer.backward(g)
    assert dx.shape == x.shape and layer.dW.shape == (d, m) and layer.db.shape == (m,)
    assert rel_error(dx, central(lambda v: np.sum((v @ W + b) * g), x)) < TOL
    assert rel_error(layer.dW, central(lambda v: np.sum((x @ v + b) * g), W)) < TOL
    assert rel_error(layer.db, central(lambda v: np.sum((x @ W + v) * g), b)) < TOL


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


@pytest.mark.parametrize("labels", ["one-hot", "integer"])
@pytest.mark.parametrize("single", [False, True])
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_softmax_with_loss_against_central_differences(labels, single, dout):
    rng = np.random.default_rng(2)
    n, k = 4, 3
    (x,) = frozen(rng.uniform(-2, 2, size=(n, k)))
    classes = rng.integers(0, k, size=n)
    if single:
        x, classes = x[0], int(classes[0])
    t = np.eye(k)[classes] if labels == "one-hot" else classes
    if labels == "one-hot":
        (t,) = frozen(t)

    def loss(v):
        return -np.mean(np.atleast_2d(log_softmax(v))[np.arange(1 if single else n), np.atleast_1d(classes)])

    layer = ref.SoftmaxWithLoss()
    assert abs(layer.forward(x, t) - loss(x)) < 1e-12
    dx = layer.backward(dout)
    assert rel_error(dx, dout * central(loss, x)) < TOL


@pytest.mark.parametrize("offset", [1000.0, -1000.0])
def test_softmax_with_loss_at_extreme_scores(offset):
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, size=(5, 4)) * 500 + offset
    classes = rng.integers(0, 4, size=5)
    layer = ref.SoftmaxWithLoss()
    loss = layer.forward(x, classes)
    want = -np.mean(log_softmax(x)[np.arange(5), classes])
    assert np.isfinite(loss) and abs(loss - want) <= 1e-9 * abs(want)
    y = np.exp(log_softmax(x))
    assert np.allclose(layer.backward(1.0), (y - np.eye(4)[classes]) / 5, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", [(6,), (3, 4)])
def test_numerical_gradient_against_the_exact_gradient(shape):
    rng = np.random.default_rng(4)
    f = framework.TestFunction("poly_sin", {k: rng.normal(size=shape) for k in "abc"})
    x = rng.normal(size=shape)
    before = x.copy()
    grad = ref.numerical_gradient(f, x)
    assert np.array_equal(x, before)  # put back exactly, not just approximately
    assert rel_error(grad, f.gradient(x)) < TOL


# ------------------------------------------------------------------ computation_graph's stand-in layers
def test_stand_in_layers_are_put_back():
    """While computation_graph is checked the grader's layers replace the student's;
    afterwards the student's classes (even a wrong one) are back and no grader name is left."""
    assignment = checks.get(AID)
    question = assignment.questions["computation_graph"]
    student = REFERENCE_SOURCE + "\n\nclass MulLayer(MulLayer):\n    marker = 'student'\n"
    with Sandbox() as sandbox:
        sandbox.start()
        sandbox.exec_cell(student, "<student>", "submission")
        sandbox.begin_question(question.wall_seconds, question.cpu_seconds)
        for check in question.checks:
            check.fn(Context(question, check, sandbox))
        assert Remote(sandbox, {"name": "MulLayer", "path": [["attr", "marker"]]}).value() == "student"
        assert Remote(sandbox, {"name": "__name__", "path": []}).value() == "submission"
        for name in ("_grader_layer_calls", "_grader_saved_layers", "_n", "_obj"):
            assert not sandbox.probe(name)["exists"], name


def test_computation_graph_without_layers_loses_only_that_check():
    formulas = "def computation_graph(a, b, c):\n    return c * (a + 2 * b), c, 2 * c, a + 2 * b\n"
    submission = Submission([Cell("<reference>", REFERENCE_SOURCE), Cell("<formulas>", formulas)],
                            module_name="submission")
    report = Grader(checks.get(AID)).grade(submission, questions=["computation_graph"])
    failed = [c.name for c in report.questions["computation_graph"].checks if not c.passed]
    assert failed == ["built_from_layers"]


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 6), d=st.integers(2, 7))
def test_relu_inputs_always_have_negative_zero_and_positive_entries(seed, n, d):
    """A forward that zeroes the caller's x in place, or a mask built with < or >=, shows only
    on an input with negative entries and exact zeros: every draw has all three kinds."""
    from autograder.checks.ps2_backward_passes import relu_inputs

    for shape in [(n, d), (d + 2,)]:
        x = relu_inputs(np.random.default_rng(seed), shape)
        assert (x < 0).any() and (x == 0).any() and (x > 0).any(), x
