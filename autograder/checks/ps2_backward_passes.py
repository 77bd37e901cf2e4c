"""Hidden checks for ps2_backward_passes (COURSE.md, ps2): layers with forward and backward.

Every layer is built in the student process and driven from here: forward, then backward
with an upstream gradient drawn per check. Shapes are non-square (N >= 3, N, D, M all
different), both 1-D samples and 2-D batches are used, ReLU inputs contain exact zeros,
and softmax scores go up to |x| = 2000. Inputs that must stay unchanged are stored in the
student process (`t.store`) and read back after backward, so a write into an array kept
from forward is caught as well as one into an argument.

What a check trusts: only values the grader reads back as plain numbers and judges here (the
return values, and arguments or stored arrays as read back after the call); a check that
relies on anything else says so in a comment ("Trusts: ...").
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext

import numpy as np

from autograder.checks.evidence import is_product_shape_error, product_shape_error_means_transpose
from autograder.checks.framework import Assignment, Fail, TestFunction, as_numeric
from autograder.sandbox.client import Remote, StudentError

ASSIGNMENT = Assignment("ps2_backward_passes", "오차역전파법: 계산 그래프에서 계층의 역전파까지",
                        "Backpropagation: from computation graphs to the backward passes of layers")

# Products and sums of float64 numbers, a few operations deep: rounding stays near 1e-15
# relative, so 1e-7 is strict and still leaves room for any correct order of operations.
EXACT = dict(rtol=1e-7, atol=1e-12)
SHAPE_KO, SHAPE_EN = "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"
LABELS_KO, LABELS_EN = "이 형식의 레이블을 처리하지 못했습니다", "labels in this format were not handled"
MATRIX_X_KO, MATRIX_X_EN = "2차원 x를 처리하지 못했습니다 (x[i]가 숫자가 아니라 행입니다)", \
    "a 2-D x was not handled (x[i] is a row, not a number)"
def dims(rng) -> tuple[int, int, int]:
    """N, D, M all different, N >= 3: a transpose or a wrong axis cannot go unnoticed."""
    n = int(rng.integers(3, 7))
    d, m = (int(v) for v in rng.choice([k for k in range(2, 8) if k != n], size=2, replace=False))
    return n, d, m


def two(got, what: str):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Fail(f"{what}: (dx, dy) 두 값의 튜플을 반환해야 합니다.", f"{what}: must return a tuple (dx, dy).")
    return got


def unchanged_stored(t, stored: Remote, original: np.ndarray, what: str) -> None:
    """An array kept in the student process must still equal what was sent (shape included)."""
    t.unchanged(original, stored.value(), what)


# ================================================================ MulLayer
MulLayer = ASSIGNMENT.question("MulLayer", kind="class")


def check_mul(t, x, y, dout, what: str) -> None:
    layer = t.fn()
    t.close(layer.forward(x, y), x * y, f"{what}: forward(x, y)", **EXACT)
    dx, dy = two(layer.backward(dout), f"{what}: backward(dout)")
    t.close(dx, dout * y, f"{what}: dx", **EXACT)
    t.close(dy, dout * x, f"{what}: dy", **EXACT)


@MulLayer.check(points=1, tolerance="rtol 1e-7: one product per element", name="scalars_and_arrays")
def mul_scalars_and_arrays(t):
    x, y, dout = t.rng.normal(scale=3.0, size=3)
    check_mul(t, float(x), float(y), float(dout), "MulLayer, floats")
    n, d, _ = dims(t.rng)
    for shape in [(d,), (n, d)]:
        x, y, dout = t.rng.normal(scale=3.0, size=(3, *shape))
        check_mul(t, x, y, dout, f"MulLayer, arrays of shape {shape}")


@MulLayer.check(points=0.5, tolerance="rtol 1e-7", name="reused_node")
def mul_reused_node(t):
    """z = x * x: one array feeds both inputs, so dx + dy = 2 x dout."""
    n, d, _ = dims(t.rng)
    x, dout = t.rng.normal(size=(2, n, d))
    stored = t.store(x)  # the very same object as both arguments
    layer = t.fn()
    t.close(layer.forward(stored, stored), x * x, "MulLayer.forward(x, x)", **EXACT)
    dx, dy = two(layer.backward(dout), "MulLayer.backward after forward(x, x)")
    t.close(dx, dout * x, "forward(x, x): dx", **EXACT)
    t.close(dy, dout * x, "forward(x, x): dy", **EXACT)
    total = as_numeric(dx, "dx") + as_numeric(dy, "dy")  # same shapes: both compared above
    t.close(total, 2 * x * dout, "forward(x, x): dx + dy = 2·x·dout", **EXACT)
    unchanged_stored(t, stored, x, "MulLayer.forward(x, x): x")


@MulLayer.check(points=0.5, tolerance="rtol 1e-7", name="two_nodes_in_a_graph")
def mul_two_nodes_in_a_graph(t):
    """z = (x * y) * w with two MulLayer objects: each must keep its own inputs."""
    n, d, _ = dims(t.rng)
    x, y, w = t.rng.normal(size=(3, n, d))
    first, second = t.fn(), t.fn()
    u = first.forward(x, y)
    second.forward(u, w)
    du, dw = two(second.backward(np.ones((n, d))), "second MulLayer.backward")
    dx, dy = two(first.backward(du), "first MulLayer.backward")
    t.close(dw, x * y, "z = (x·y)·w: dz/dw", **EXACT)
    t.close(dx, y * w, "z = (x·y)·w: dz/dx", **EXACT)
    t.close(dy, x * w, "z = (x·y)·w: dz/dy", **EXACT)


@MulLayer.check(points=0.5, tolerance="exact: x, y and dout must be bit-for-bit unchanged",
                name="inputs_unchanged")
def mul_inputs_unchanged(t):
    two_input_layer_leaves_inputs(t, "MulLayer")


def two_input_layer_leaves_inputs(t, name: str) -> None:
    """forward(x, y) then backward(dout) on arrays kept in the student process, read back after.
    Trusts: the values returned and the stored arrays as read back, all judged here."""
    n, d, _ = dims(t.rng)
    x, y, dout = t.rng.normal(size=(3, n, d))
    sx, sy, sd = t.store(x), t.store(y), t.store(dout)
    layer = t.fn()
    out = layer.forward(sx, sy)
    grads = two(layer.backward(sd), f"{name}.backward(dout)")
    mul = name == "MulLayer"
    t.close(out, x * y if mul else x + y, f"{name}.forward(x, y)", **EXACT)
    for got, want, which in zip(grads, (dout * y, dout * x) if mul else (dout, dout), ("dx", "dy")):
        t.close(got, want, f"{name}.backward(dout): {which}", **EXACT)
    unchanged_stored(t, sx, x, f"{name}: x")
    unchanged_stored(t, sy, y, f"{name}: y")
    unchanged_stored(t, sd, dout, f"{name}.backward(dout): dout")


# ================================================================ AddLayer
AddLayer = ASSIGNMENT.question("AddLayer", kind="class")


@AddLayer.check(points=1, tolerance="rtol 1e-7: one sum per element", name="scalars_and_arrays")
def add_scalars_and_arrays(t):
    n, d, _ = dims(t.rng)
    cases = [tuple(float(v) for v in t.rng.normal(scale=3.0, size=3))]
    cases += [tuple(t.rng.normal(scale=3.0, size=(3, *shape))) for shape in [(d,), (n, d)]]
    for x, y, dout in cases:
        what = "AddLayer, floats" if np.ndim(x) == 0 else f"AddLayer, arrays of shape {np.shape(x)}"
        layer = t.fn()
        t.close(layer.forward(x, y), x + y, f"{what}: forward(x, y)", **EXACT)
        dx, dy = two(layer.backward(dout), f"{what}: backward(dout)")
        t.close(dx, dout, f"{what}: dx", **EXACT)
        t.close(dy, dout, f"{what}: dy", **EXACT)


@AddLayer.check(points=0.5, tolerance="rtol 1e-7", name="reused_node")
def add_reused_node(t):
    """z = x + x: dx + dy = 2 dout."""
    n, d, _ = dims(t.rng)
    x, dout = t.rng.normal(size=(2, n, d))
    stored = t.store(x)
    layer = t.fn()
    t.close(layer.forward(stored, stored), 2 * x, "AddLayer.forward(x, x)", **EXACT)
    dx, dy = two(layer.backward(dout), "AddLayer.backward after forward(x, x)")
    t.close(dx, dout, "forward(x, x): dx", **EXACT)
    t.close(dy, dout, "forward(x, x): dy", **EXACT)
    unchanged_stored(t, stored, x, "AddLayer.forward(x, x): x")


@AddLayer.check(points=0.5, tolerance="exact: x, y and dout must be bit-for-bit unchanged",
                name="inputs_unchanged")
def add_inputs_unchanged(t):
    two_input_layer_leaves_inputs(t, "AddLayer")


# ================================================================ computation_graph
computation_graph = ASSIGNMENT.question("computation_graph")

# While computation_graph is checked, the grader's own MulLayer and AddLayer stand in for the
# student's (which are graded on their own questions). They live in the grader: the student
# process gets proxies, every forward and backward is computed and recorded here, so "built
# from layers" is judged from calls the grader itself served, never from a counter the
# student process could change. The student's classes are put back afterwards.
STAND_IN = '''
def _grader_install(mul, add):
    global _grader_saved_layers
    _grader_saved_layers = {_n: globals().get(_n) for _n in ("MulLayer", "AddLayer")}
    globals()["MulLayer"], globals()["AddLayer"] = mul, add
'''

RESTORE = '''
for _n, _obj in _grader_saved_layers.items():
    if _obj is None:
        globals().pop(_n, None)
    else:
        globals()[_n] = _obj
del _n, _obj, _grader_saved_layers, _grader_install
'''


class LayerRecord:
    """What the grader's stand-in layers computed, in the order student code asked."""

    def __init__(self) -> None:
        self.forwards: list[tuple[str, np.ndarray]] = []
        self.backwards: list[np.ndarray] = []

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.forwards if k == kind)


class StandInMul:
    def __init__(self, record: LayerRecord) -> None:
        self.record, self.x, self.y = record, None, None

    def forward(self, x, y):
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        out = self.x * self.y
        self.record.forwards.append(("mul", out))
        return out

    def backward(self, dout):
        if self.x is None:
            raise ValueError("MulLayer.backward called before forward")
        dout = np.asarray(dout, dtype=float)
        grads = (dout * self.y, dout * self.x)
        self.record.backwards.extend(grads)
        return grads


class StandInAdd:
    def __init__(self, record: LayerRecord) -> None:
        self.record = record

    def forward(self, x, y):
        out = np.asarray(x, dtype=float) + np.asarray(y, dtype=float)
        self.record.forwards.append(("add", out))
        return out

    def backward(self, dout):
        dout = np.asarray(dout, dtype=float)
        self.record.backwards.extend((dout, dout))
        return dout * 1, dout * 1


@contextmanager
def stand_in_layers(t):
    """Run the block with the grader's MulLayer/AddLayer in the student's namespace; yields
    the grader-side record of every call made to them."""
    record = LayerRecord()
    module_name = Remote(t.sandbox, {"name": "__name__", "path": []}).value()
    module_name = module_name if isinstance(module_name, str) else "__main__"
    t.sandbox.exec_cell(STAND_IN, "<grader: stand-in layers>", module_name)
    # the classes are grader-side callables: `MulLayer()` asks the grader for a new layer
    mul = t.serve(lambda: t.serve(StandInMul(record)))
    add = t.serve(lambda: t.serve(StandInAdd(record)))
    try:
        Remote(t.sandbox, {"name": "_grader_install", "path": []})(mul, add)
        yield record
    finally:
        t.sandbox.exec_cell(RESTORE, "<grader: restore layers>", module_name)


def graph_values(a, b, c):
    """L = c(a + 2b) and its partial derivatives, worked out by hand."""
    return c * (a + 2 * b), c, 2 * c, a + 2 * b


def check_graph(t, a: float, b: float, c: float, tol: dict, shown: bool = False) -> list[float]:
    """Checks the values (hidden a, b, c are not printed unless `shown`); returns them."""
    got = t.fn(a, b, c)
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        t.fail("(L, dL_da, dL_db, dL_dc) 네 값의 튜플을 반환해야 합니다.",
               "computation_graph must return a tuple (L, dL_da, dL_db, dL_dc).")
    L, *grads = graph_values(a, b, c)
    call = f"computation_graph(a={a:.6g}, b={b:.6g}, c={c:.6g})" if shown else "computation_graph(a, b, c)"
    t.close(got[0], L, f"{call}: L", **tol)
    # the three gradients as one vector: a single wrong entry is not mistaken for a sign flip
    values = [as_numeric(v, f"{call}: {name}") for v, name in zip(got[1:], ("dL_da", "dL_db", "dL_dc"))]
    if any(v.size != 1 for v in values):
        t.fail(f"{call}: 기울기는 스칼라여야 합니다.", f"{call}: the gradients must be scalars.", "shape")
    t.close([float(v.ravel()[0]) for v in values], grads, f"{call}: (dL_da, dL_db, dL_dc)", **tol)
    return [float(as_numeric(got[0], call).ravel()[0]), *(float(v.ravel()[0]) for v in values)]


@computation_graph.check(points=0.5, tolerance="rtol 1e-9: a handful of float operations", name="lecture_example")
def graph_lecture_example(t):
    """Lecture 000's graph at a=3, b=1, c=-2: L=-10, dL/da=-2, dL/db=-4, dL/dc=5."""
    with stand_in_layers(t):
        check_graph(t, 3.0, 1.0, -2.0, dict(rtol=1e-9, atol=1e-12), shown=True)


@computation_graph.check(points=1, tolerance="rtol 1e-9", name="random_values")
def graph_random_values(t):
    with stand_in_layers(t):
        for a, b, c in t.rng.normal(scale=4.0, size=(3, 3)):
            check_graph(t, float(a), float(b), float(c), dict(rtol=1e-9, atol=1e-12))


@computation_graph.check(points=0.5, tolerance="the values right (rtol 1e-9), L and each gradient computed by the "
                         "grader's layers; at least 2 MulLayer and 1 AddLayer forwards", name="built_from_layers")
def graph_built_from_layers(t):
    # Trusts: only the calls the grader's own layers served (recorded in the grader) and the
    # returned values; nothing the student process reports about itself.
    a, b, c = (float(v) for v in t.rng.normal(scale=2.0, size=3))
    with stand_in_layers(t) as record:
        got = check_graph(t, a, b, c, dict(rtol=1e-9, atol=1e-12))
    n_mul, n_add = record.count("mul"), record.count("add")

    def computed(value: float, values) -> bool:
        return any(np.size(v) == 1 and np.isclose(float(np.ravel(v)[0]), value, rtol=1e-12, atol=1e-15)
                   for v in values)

    from_layers = computed(got[0], [v for _, v in record.forwards]) and all(
        computed(g, record.backwards) for g in got[1:])
    if n_mul < 2 or n_add < 1 or not from_layers:
        t.fail(f"MulLayer와 AddLayer로 그래프를 만들고, L과 기울기를 그 계층들의 forward와 backward에서 얻어야 합니다 "
               f"(채점기가 본 호출: 곱셈 forward {n_mul}, 덧셈 forward {n_add}, backward {len(record.backwards) // 2}; "
               f"L과 기울기가 계층에서 나왔는가: {'예' if from_layers else '아니오'}).",
               f"Build the graph from MulLayer and AddLayer objects and take L and the gradients from their forward "
               f"and backward calls (calls the grader served: MulLayer.forward {n_mul}, AddLayer.forward {n_add}, "
               f"backward {len(record.backwards) // 2}; L and the gradients came from the layers: "
               f"{'yes' if from_layers else 'no'}).")


# ================================================================ Relu
Relu = ASSIGNMENT.question("Relu", kind="class")
# ReLU only selects: dout or 0. Any correct code gives the same bits (up to the sign of 0).
SELECT = dict(rtol=1e-12, atol=0.0)


def relu_inputs(rng, shape) -> np.ndarray:
    """Small integers and halves, with many exact zeros (at least the first and last), and at
    least one negative and one positive entry: zeroing the negatives in place must always show."""
    x = rng.integers(-3, 4, size=shape) + rng.choice([0.0, 0.5], size=shape)
    x[rng.random(shape) < 0.25] = 0.0
    x.flat[0] = x.flat[-1] = 0.0
    negative, positive = rng.choice(np.arange(1, x.size - 1), size=2, replace=False)
    x.flat[negative] = -rng.integers(1, 4) - rng.choice([0.0, 0.5])
    x.flat[positive] = rng.integers(1, 4) + rng.choice([0.0, 0.5])
    return x


def check_relu(t, shape) -> None:
    x = relu_inputs(t.rng, shape)
    dout = t.rng.normal(size=shape)
    want = np.where(x > 0, dout, 0.0)
    layer = t.fn()
    t.close(layer.forward(x), np.maximum(x, 0.0), f"Relu.forward(x), x of shape {shape}", **SELECT)
    t.close(layer.backward(dout), want, f"Relu.backward(dout), x of shape {shape} with exact zeros", **SELECT,
            mistakes=[("relu-mask", np.where(x >= 0, dout, 0.0)), ("relu-mask", dout),
                      ("relu-mask", np.where(dout > 0, dout, 0.0))])  # the mask built from dout, not x


@Relu.check(points=1, tolerance="exact (rtol 1e-12): ReLU only selects values", name="batch")
def relu_batch(t):
    n, d, _ = dims(t.rng)
    check_relu(t, (n, d))


@Relu.check(points=0.5, tolerance="exact (rtol 1e-12)", name="single_sample")
def relu_single_sample(t):
    _, d, m = dims(t.rng)
    with t.error_means("shape", SHAPE_KO, SHAPE_EN):
        check_relu(t, (d + m,))


@Relu.check(points=0.5, tolerance="exact: dout must be bit-for-bit unchanged", name="dout_unchanged")
def relu_dout_unchanged(t):
    n, d, _ = dims(t.rng)
    x, dout = relu_inputs(t.rng, (n, d)), t.rng.normal(size=(n, d))
    stored = t.store(dout)
    layer = t.fn()
    layer.forward(x)
    t.close(layer.backward(stored), np.where(x > 0, dout, 0.0), "Relu.backward(dout)", **SELECT)
    unchanged_stored(t, stored, dout, "Relu.backward(dout): dout")


@Relu.check(points=0.5, tolerance="exact: x must be bit-for-bit unchanged after forward and backward",
            name="input_unchanged")
def relu_input_unchanged(t):
    n, d, _ = dims(t.rng)
    x, dout = relu_inputs(t.rng, (n, d)), t.rng.normal(size=(n, d))
    stored = t.store(x)
    layer = t.fn()
    t.close(layer.forward(stored), np.maximum(x, 0.0), "Relu.forward(x)", **SELECT)
    t.close(layer.backward(dout), np.where(x > 0, dout, 0.0), "Relu.backward(dout)", **SELECT)
    unchanged_stored(t, stored, x, "Relu.forward(x): x")


# ================================================================ Sigmoid, Tanh
def activation_inputs(rng, shape) -> np.ndarray:
    """|x| in [2, 6], both signs: the derivative at x, y(1-y) at x, and -dx all differ
    clearly, and the activation is not saturated (local gradient >= 2e-5)."""
    return rng.uniform(2.0, 6.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def check_activation(t, name: str, shape, derivative_at_input) -> None:
    x = activation_inputs(t.rng, shape)
    dout = t.rng.normal(size=shape)
    ref = getattr(t.ref, name)()
    out = ref.forward(x)
    want = ref.backward(dout)
    layer = t.fn()
    t.close(layer.forward(x), out, f"{name}.forward(x), x of shape {shape}", **EXACT)
    t.close(layer.backward(dout), want, f"{name}.backward(dout), x of shape {shape}", **EXACT,
            mistakes=[("derivative-input", dout * derivative_at_input(x)), ("sign", -want)])


def activation_unchanged(t, name: str, which: str) -> None:
    """Trusts: the values returned and the stored array as read back, judged here."""
    n, d, _ = dims(t.rng)
    x, dout = activation_inputs(t.rng, (n, d)), t.rng.normal(size=(n, d))
    ref = getattr(t.ref, name)()
    want_out, want_dx = ref.forward(x.copy()), ref.backward(dout.copy())
    layer = t.fn()
    stored = t.store(x if which == "x" else dout)
    out = layer.forward(stored if which == "x" else x)
    dx = layer.backward(stored if which == "dout" else dout)
    t.close(out, want_out, f"{name}.forward(x)", **EXACT)
    t.close(dx, want_dx, f"{name}.backward(dout)", **EXACT)
    if which == "x":
        unchanged_stored(t, stored, x, f"{name}.forward(x): x")
    else:
        unchanged_stored(t, stored, dout, f"{name}.backward(dout): dout")


def sigmoid_at_input(x):
    return x * (1 - x)


def tanh_at_input(x):
    return 1 - x**2


def activation_checks(question, derivative_at_input) -> None:
    """Sigmoid and Tanh are checked alike; only the derivative-at-input mistake differs."""
    name = question.id

    @question.check(points=1, tolerance="rtol 1e-7, atol 1e-12: exp/tanh and a few products", name="batch")
    def batch(t):
        n, d, _ = dims(t.rng)
        check_activation(t, name, (n, d), derivative_at_input)

    @question.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12", name="single_sample")
    def single_sample(t):
        _, d, m = dims(t.rng)
        with t.error_means("shape", SHAPE_KO, SHAPE_EN):
            check_activation(t, name, (d + m,), derivative_at_input)

    @question.check(points=0.5, tolerance="exact: dout must be bit-for-bit unchanged", name="dout_unchanged")
    def dout_unchanged(t):
        activation_unchanged(t, name, "dout")

    @question.check(points=0.5, tolerance="exact: x must be bit-for-bit unchanged after forward and backward",
                    name="input_unchanged")
    def input_unchanged(t):
        activation_unchanged(t, name, "x")


Sigmoid = ASSIGNMENT.question("Sigmoid", kind="class")
activation_checks(Sigmoid, sigmoid_at_input)
Tanh = ASSIGNMENT.question("Tanh", kind="class")
activation_checks(Tanh, tanh_at_input)


# ================================================================ Affine
Affine = ASSIGNMENT.question("Affine", kind="class")
# A dot product of at most 7 terms of N(0, 1) numbers: rounding ~1e-15 relative.
MATMUL = dict(rtol=1e-9, atol=1e-12)


def affine_case(t, single: bool):
    n, d, m = dims(t.rng)
    W, b = t.rng.normal(size=(d, m)), t.rng.normal(size=m)
    x, dout = t.rng.normal(size=(n, d)), t.rng.normal(size=(n, m))
    if single:
        x, dout, n = x[0].copy(), dout[0].copy(), 1
    ref = t.ref.Affine(W, b)
    out = ref.forward(x)
    dx = ref.backward(dout)
    return W, b, x, dout, n, dict(out=out, dx=dx, dW=ref.dW, db=ref.db)


def affine_run(t, W, b, x, dout, backward: bool = True):
    layer = t.fn(W, b)
    out = layer.forward(x)
    if not backward:  # the forward check does not depend on backward
        return out, None, None, None
    dx = layer.backward(dout)
    return out, dx, layer.dW, layer.db


def batch_runs_without_product_error(t) -> bool:
    """Whether the student's Affine gets through a batch forward and backward without a shape
    error in a product: if it does not, a 1-D sample failing is that mistake, not 1-D handling."""
    W, b, x, dout, _, _ = affine_case(t, single=False)
    try:
        affine_run(t, W, b, x, dout)
    except StudentError as exc:
        return not is_product_shape_error(exc)
    return True


def affine_mistakes(want: dict, dout: np.ndarray, n: int) -> dict:
    """What the known mistakes give, for each result."""
    dout2 = dout.reshape(n, -1)
    off_by_n = lambda w: [("batch-mean", w / n), ("batch-mean", w * n)] if n > 1 else []  # noqa: E731
    return {
        "out": [],
        "dx": [("transpose", want["dx"].T), *off_by_n(want["dx"])],
        "dW": [("transpose", want["dW"].T), *off_by_n(want["dW"])],
        "db": [*off_by_n(want["db"]), ("wrong-axis", dout2.sum(axis=1)), ("wrong-axis", dout2.sum()),
               ("wrong-axis", dout2.sum(axis=1, keepdims=True))],
    }


def check_affine(t, names, single: bool) -> None:
    W, b, x, dout, n, want = affine_case(t, single)
    label = f"x {x.shape}, W {W.shape}"
    backward = names != ("out",)
    if single:
        try:
            got = affine_run(t, W, b, x, dout, backward)
        except StudentError:
            if batch_runs_without_product_error(t):
                with t.error_means("shape", SHAPE_KO, SHAPE_EN):
                    raise
            with product_shape_error_means_transpose(t):
                raise
    else:
        with product_shape_error_means_transpose(t):
            got = affine_run(t, W, b, x, dout, backward)
    mistakes = affine_mistakes(want, dout, n)
    for name, value in zip(("out", "dx", "dW", "db"), got):
        if name in names:
            t.close(value, want[name], f"Affine ({label}): {name}", **MATMUL, mistakes=mistakes[name])


@Affine.check(points=0.5, tolerance="rtol 1e-9: dot products of a few terms", name="batch_forward")
def affine_batch_forward(t):
    check_affine(t, ("out",), single=False)


@Affine.check(points=1, tolerance="rtol 1e-9", name="batch_dx")
def affine_batch_dx(t):
    check_affine(t, ("dx",), single=False)


@Affine.check(points=1, tolerance="rtol 1e-9", name="batch_dW_db")
def affine_batch_dW_db(t):
    check_affine(t, ("dW", "db"), single=False)


@Affine.check(points=1, tolerance="rtol 1e-9", name="single_sample")
def affine_single_sample(t):
    check_affine(t, ("out", "dx", "dW", "db"), single=True)


@Affine.check(points=0.5, tolerance="exact: x, dout, W and b must be bit-for-bit unchanged (and keep their shape)",
              name="inputs_unchanged")
def affine_inputs_unchanged(t):
    # Trusts: the values returned and the stored arrays as read back, judged here.
    for single in (False, True):
        W, b, x, dout, _, want = affine_case(t, single)
        stored = {"x": t.store(x), "dout": t.store(dout), "W": t.store(W), "b": t.store(b)}
        with t.error_means("shape", SHAPE_KO, SHAPE_EN) if single else product_shape_error_means_transpose(t):
            layer = t.fn(stored["W"], stored["b"])
            out = layer.forward(stored["x"])
            dx = layer.backward(stored["dout"])
        t.close(out, want["out"], "Affine.forward(x)", **MATMUL)
        t.close(dx, want["dx"], "Affine.backward(dout)", **MATMUL)
        for name, original in (("x", x), ("dout", dout), ("W", W), ("b", b)):
            unchanged_stored(t, stored[name], original, f"Affine ({'1-D x' if single else 'batch'}): {name}")


# ================================================================ SoftmaxWithLoss
SoftmaxWithLoss = ASSIGNMENT.question("SoftmaxWithLoss", kind="class")
# COURSE.md allows an epsilon <= 1e-7 inside the log. With scores in [-2, 2] and K <= 7,
# every probability is >= e^-4 / 7 > 2.6e-3, so the epsilon moves the loss by < 4e-5.
LOSS = dict(rtol=1e-6, atol=1e-4)
# dx = dout (y - T) / N has no log: float64 softmax, rounding ~1e-16.
GRAD = dict(rtol=1e-7, atol=1e-10)


def one_hot(labels, k: int) -> np.ndarray:
    return np.eye(k)[labels]


def column_softmax(x: np.ndarray, shift: str) -> np.ndarray:
    """softmax normalised down the batch (axis 0), the wrong-axis mistake."""
    with np.errstate(all="ignore"):
        e = np.exp(x - (np.max(x) if shift == "global" else np.max(x, axis=0)))
        return e / np.sum(e, axis=0)


def softmax_mistakes(x, T, dout, want_dx, want_loss, n):
    """Predictions for dx and the loss of the known mistakes on a batch."""
    dx = [("batch-mean", want_dx * n), ("batch-mean", want_dx / n), ("sign", -want_dx)]
    loss = [("batch-mean", want_loss * n), ("batch-mean", want_loss / n), ("sign", -want_loss)]
    for shift in ("global", "column"):
        col = column_softmax(x, shift)
        dx.append(("wrong-axis", dout * (col - T) / n))
        with np.errstate(all="ignore"):
            loss.append(("wrong-axis", -np.sum(T * np.log(col)) / n))
    return dx, loss


def softmax_run(t, x, labels, dout):
    """forward then backward in the student process; dout None calls backward().

    A non-finite np.float64 loss does not survive the trip back (the wire format rejects
    'np.float64(inf)'); the call itself has run, so the loss is reported as nan."""
    layer = t.fn()
    loss = layer.forward(x, labels)
    dx = layer.backward() if dout is None else layer.backward(dout)
    return loss, dx


def check_softmax_batch(t, use_labels: bool, dout) -> None:
    n, _, k = dims(t.rng)
    x = t.rng.uniform(-2.0, 2.0, size=(n, k))
    labels = t.rng.integers(0, k, size=n)
    T = one_hot(labels, k)
    given = labels if use_labels else T
    ref = t.ref.SoftmaxWithLoss()
    want_loss = ref.forward(x, given)
    scale = 1.0 if dout is None else dout
    want_dx = ref.backward(scale)
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        loss, dx = softmax_run(t, x, given, dout)
    fmt_t = f"integer labels {labels.shape}" if use_labels else f"one-hot t {T.shape}"
    dx_mistakes, loss_mistakes = softmax_mistakes(x, T, scale, want_dx, want_loss, n)
    call = "backward()" if dout is None else f"backward({dout})"
    t.close(dx, want_dx, f"SoftmaxWithLoss.{call}, x {x.shape}, {fmt_t}", **GRAD, mistakes=dx_mistakes)
    t.close(loss, want_loss, f"SoftmaxWithLoss.forward(x, t), x {x.shape}, {fmt_t}", **LOSS,
            mistakes=loss_mistakes)


@SoftmaxWithLoss.check(points=1, tolerance="dx rtol 1e-7; loss atol 1e-4 (an epsilon <= 1e-7 in the log)",
                       name="batch_one_hot")
def softmax_batch_one_hot(t):
    check_softmax_batch(t, use_labels=False, dout=None)


@SoftmaxWithLoss.check(points=1, tolerance="dx rtol 1e-7; loss atol 1e-4 (an epsilon <= 1e-7 in the log)",
                       name="batch_integer_labels")
def softmax_batch_integer_labels(t):
    check_softmax_batch(t, use_labels=True, dout=1.0)


@SoftmaxWithLoss.check(points=0.5, tolerance="dx rtol 1e-7: backward(dout) scales by dout", name="upstream_gradient")
def softmax_upstream_gradient(t):
    check_softmax_batch(t, use_labels=False, dout=2.5)


@SoftmaxWithLoss.check(points=0.5, tolerance="dx rtol 1e-7; loss atol 1e-4", name="single_sample")
def softmax_single_sample(t):
    _, _, k = dims(t.rng)
    x = t.rng.uniform(-2.0, 2.0, size=k)
    label = int(t.rng.integers(0, k))
    ref = t.ref.SoftmaxWithLoss()
    want_loss = ref.forward(x, one_hot(label, k))
    want_dx = ref.backward(1.0)
    y = want_dx + one_hot(label, k)
    with t.error_means("shape", SHAPE_KO, SHAPE_EN):
        loss, dx = softmax_run(t, x, one_hot(label, k), 1.0)
    what = f"SoftmaxWithLoss, one sample x ({k},), one-hot t ({k},)"
    # batch size taken as x.shape[0] = K for a 1-D x
    t.close(dx, want_dx, f"{what}: dx", **GRAD, mistakes=[("shape", want_dx / k)])
    t.close(loss, want_loss, f"{what}: loss", **LOSS, mistakes=[("shape", want_loss / k)])
    with t.error_means("shape", SHAPE_KO, SHAPE_EN):
        loss, dx = softmax_run(t, x, label, 1.0)
    what = f"SoftmaxWithLoss, one sample x ({k},), scalar label {label}"
    # a scalar label used as if it were one-hot: broadcast against every class
    t.close(dx, want_dx, f"{what}: dx", **GRAD, mistakes=[("shape", want_dx / k), ("labels", y - label)])
    t.close(loss, want_loss, f"{what}: loss", **LOSS,
            mistakes=[("shape", want_loss / k), ("labels", -label * np.sum(np.log(y)))])


@SoftmaxWithLoss.check(points=0.5, tolerance="dx atol 1e-10, every value finite", name="extreme_scores")
def softmax_extreme_scores(t):
    """Scores around +1000 overflow exp; scores around -1000 underflow it to 0 (0/0)."""
    n, _, k = dims(t.rng)
    for offset in (1000.0, -1000.0):
        x = t.rng.uniform(-2.0, 2.0, size=(n, k)) * 500 + offset
        T = one_hot(t.rng.integers(0, k, size=n), k)
        ref = t.ref.SoftmaxWithLoss()
        ref.forward(x, T)
        want_dx = ref.backward(1.0)
        with t.error_means("labels", LABELS_KO, LABELS_EN):  # one-hot t: the only input that can fail here
            _, dx = softmax_run(t, x, T, 1.0)
        dx_mistakes, _ = softmax_mistakes(x, T, 1.0, want_dx, 0.0, n)
        t.close(dx, want_dx, f"SoftmaxWithLoss.backward(1), scores in [{offset - 1000:g}, {offset + 1000:g}]",
                **GRAD, mistakes=[*dx_mistakes, ("softmax-overflow", None)])


@SoftmaxWithLoss.check(points=0.5, tolerance="exact: x and t must be bit-for-bit unchanged", name="inputs_unchanged")
def softmax_inputs_unchanged(t):
    n, _, k = dims(t.rng)
    x = t.rng.uniform(-2.0, 2.0, size=(n, k)) + 3.0
    labels = t.rng.integers(0, k, size=n)
    # Trusts: the values returned and the stored arrays as read back, judged here.
    for given in (one_hot(labels, k), labels):
        sx, st = t.store(x), t.store(given)
        layer = t.fn()
        ref = t.ref.SoftmaxWithLoss()
        ref.forward(x.copy(), given.copy())
        with t.error_means("labels", LABELS_KO, LABELS_EN):
            layer.forward(sx, st)
            dx = layer.backward(1.0)
        t.close(dx, ref.backward(1.0), "SoftmaxWithLoss.backward(1)", **GRAD)
        unchanged_stored(t, sx, x, "SoftmaxWithLoss.forward(x, t): x")
        unchanged_stored(t, st, given, "SoftmaxWithLoss.forward(x, t): t")


# ================================================================ numerical_gradient
numerical_gradient = ASSIGNMENT.question("numerical_gradient")
# Central differences at h = 1e-4 are off by h^2/6 |f'''| <= 3e-8 here (|x| <= 3,
# |c| <= 3), and rounding adds ~1e-10; a one-sided difference is off by ~h/2 |f''| ~ 1e-4.
CENTRAL = dict(rtol=1e-6, atol=1e-7)


def poly_sin(t, shape) -> TestFunction:
    params = {k: np.clip(t.rng.normal(size=shape), -3, 3) for k in "abc"}
    return TestFunction("poly_sin", params)


def differences(f: TestFunction, x: np.ndarray, h: float) -> dict[str, np.ndarray]:
    """The grader's own central, forward and backward differences of f at x."""
    out = {k: np.zeros(x.shape) for k in ("central", "forward", "backward")}
    fx = f(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        fp, fm = f(plus), f(minus)
        out["central"][idx] = (fp - fm) / (2 * h)
        out["forward"][idx] = (fp - fx) / h
        out["backward"][idx] = (fx - fm) / h
    return out


def check_numerical(t, shape, h: float | None) -> None:
    # Trusts: the returned gradient only. f stays in the grader (t.serve): the student's code
    # calls it by callback, so its coefficients never enter the student process.
    f = poly_sin(t, shape)
    x = np.clip(t.rng.normal(size=shape), -3, 3)
    step = 1e-4 if h is None else h
    diffs = differences(f, x, step)
    with t.error_means("shape", MATRIX_X_KO, MATRIX_X_EN) if x.ndim == 2 else nullcontext():
        got = t.fn(t.serve(f), x) if h is None else t.fn(t.serve(f), x, h)
    mistakes = [("central-difference", diffs["forward"]), ("central-difference", diffs["backward"])]
    if h is None:
        t.close(got, f.gradient(x), f"numerical_gradient(f, x), x of shape {shape}", **CENTRAL, mistakes=mistakes)
    else:  # the step must be the one given: compare with the grader's central difference at that h
        t.close(got, diffs["central"], f"numerical_gradient(f, x, h={h:g}), x of shape {shape}",
                rtol=1e-7, atol=1e-9, mistakes=mistakes)


@numerical_gradient.check(points=1, tolerance="rtol 1e-6, atol 1e-7: central-difference error h^2/6 |f'''|",
                          name="vector")
def numgrad_vector(t):
    _, d, m = dims(t.rng)
    check_numerical(t, (d + m,), None)


@numerical_gradient.check(points=1, tolerance="rtol 1e-6, atol 1e-7", name="matrix")
def numgrad_matrix(t):
    _, d, m = dims(t.rng)
    check_numerical(t, (d, m), None)


@numerical_gradient.check(points=0.5, tolerance="rtol 1e-7 against the grader's central difference at h=1e-2",
                          name="uses_the_given_step")
def numgrad_uses_the_given_step(t):
    _, d, m = dims(t.rng)
    check_numerical(t, (d, m), 1e-2)


@numerical_gradient.check(points=0.5, tolerance="x back to its values within 1e-12 (x += h; x -= 2h; x += h may "
                          "leave one ulp)", name="x_restored")
def numgrad_x_restored(t):
    # Trusts: x as sent back after the call and the returned gradient, both judged here.
    _, d, m = dims(t.rng)
    f = poly_sin(t, (d, m))
    x = np.clip(t.rng.normal(size=(d, m)), -3, 3)
    with t.error_means("shape", MATRIX_X_KO, MATRIX_X_EN):
        got, (_, after) = t.fn.call_tracking(t.serve(f), x)
    t.close(got, f.gradient(x), f"numerical_gradient(f, x), x of shape {x.shape}", **CENTRAL)
    after = as_numeric(after, "x after numerical_gradient(f, x)")
    if after.shape != x.shape or not np.allclose(after, x, rtol=1e-12, atol=1e-12):
        t.fail("numerical_gradient(f, x): 함수가 끝났을 때 x가 원래 값으로 돌아와 있지 않습니다.",
               "numerical_gradient(f, x): x is not back to its original values when the function returns.",
               "mutates-input")
