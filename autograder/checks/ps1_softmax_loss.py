"""Hidden checks for ps1_softmax_loss (COURSE.md, ps1).

Inputs are drawn per check from a seeded generator: non-square batches (N != K, N >= 3),
both label formats, single samples, extreme logits. Each check states its tolerance.

What a check trusts: only values the grader reads back as plain numbers and judges here (the
return values, and arguments or stored arrays as read back after the call); a check that
relies on anything else says so in a comment ("Trusts: ...").
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np

from autograder.checks.framework import Assignment, as_numeric

ASSIGNMENT = Assignment("ps1_softmax_loss", "소프트맥스와 손실 함수", "Softmax and loss functions")
LN10 = np.log(10.0)

# Every check compares float64 results of a few array operations with the reference:
# rounding alone stays far below 1e-9 relative, so EXACT is strict yet safe.
EXACT = dict(rtol=1e-7, atol=1e-10)
# COURSE.md allows an epsilon of at most 1e-7 inside the log; with probabilities >= 0.01
# it moves a loss by at most 1e-5, so losses get that much absolute slack.
LOSS = dict(rtol=1e-6, atol=2e-5)


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    return np.eye(k)[labels]


def probabilities(rng, n: int, k: int) -> np.ndarray:
    """Rows of a softmax of mild logits: every probability is well above 0.01."""
    z = rng.normal(scale=0.7, size=(n, k))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- softmax
softmax = ASSIGNMENT.question("softmax")


@softmax.check(points=0.5, tolerance="rtol 1e-7: float64, a handful of operations")
def cat_dog_logits(t):
    a = np.array([1.5, 3.7])
    t.close(t.fn(a), t.ref.softmax(a), "softmax([1.5, 3.7]) (cat, dog)", **EXACT)


@softmax.check(points=1, tolerance="rtol 1e-7: float64, a handful of operations")
def batch_rows(t):
    a = t.rng.normal(scale=2.0, size=(5, 7))
    e = np.exp(a)
    t.close(t.fn(a), t.ref.softmax(a), "softmax(a), a of shape (5, 7)", **EXACT,
            mistakes=[("wrong-axis", e / e.sum(axis=0)), ("wrong-axis", e / e.sum())])


@softmax.check(points=0.5, tolerance="rtol 1e-7")
def single_sample(t):
    a = t.rng.normal(size=6)
    with t.error_means("shape", "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"):
        got = t.fn(a)
    t.close(got, t.ref.softmax(a), "softmax(a), a of shape (6,)", **EXACT)


@softmax.check(points=0.5, tolerance="rtol 1e-7, and every value finite")
def large_logits(t):
    a = t.rng.uniform(-1e4, 1e4, size=(4, 5))
    a[0, 1] = 1e4
    with np.errstate(all="ignore"):
        global_shift = np.exp(a - a.max())
        global_shift = global_shift / global_shift.sum(axis=1, keepdims=True)
    t.close(t.fn(a), t.ref.softmax(a), "softmax(a), |a| up to 1e4", **EXACT,
            mistakes=[("wrong-axis", global_shift), ("softmax-overflow", None)])


@softmax.check(points=0.5, tolerance="exact: the input must be bit-for-bit unchanged (and the value right)")
def input_unchanged(t):
    # Trusts: the returned value and the argument as sent back after the call, both judged here.
    a = t.rng.normal(size=(3, 4)) + 5.0
    got, (after,) = t.fn.call_tracking(a)
    t.unchanged(a, after, "softmax(a)")
    t.close(got, t.ref.softmax(a), "softmax(a), a of shape (3, 4)", **EXACT)


# ---------------------------------------------------------------- cross_entropy_error
cross_entropy_error = ASSIGNMENT.question("cross_entropy_error")
LABELS_KO = "정수 레이블을 처리하지 못했습니다"
LABELS_EN = "integer labels were not handled"
ONE_HOT_KO = "원-핫 레이블을 처리하지 못했습니다"
ONE_HOT_EN = "one-hot labels were not handled"


@cross_entropy_error.check(points=0.5, tolerance="atol 2e-5: an epsilon <= 1e-7 inside the log is allowed")
def lecture_example(t):
    y = t.ref.softmax(np.array([0.81, 0.39]))  # lecture 003, "Loss 계산해 보기", corrected
    target = np.array([1.0, 0.0])
    t.close(t.fn(y, target), t.ref.cross_entropy_error(y, target), "CE of softmax([0.81, 0.39]) with t=[1, 0]",
            **LOSS, mistakes={"log10": -np.log10(y[0])})


@cross_entropy_error.check(points=1, tolerance="atol 2e-5 (epsilon in the log)")
def batch_one_hot(t):
    y = probabilities(t.rng, 6, 4)
    target = one_hot(t.rng.integers(0, 4, size=6), 4)
    want = t.ref.cross_entropy_error(y, target)
    t.close(t.fn(y, target), want, "CE, y of shape (6, 4), one-hot t", **LOSS,
            mistakes={"batch-mean": want * 6, "log10": want / LN10})


@cross_entropy_error.check(points=1, tolerance="atol 2e-5 (epsilon in the log)")
def integer_labels(t):
    y = probabilities(t.rng, 5, 3)
    labels = t.rng.integers(0, 3, size=5)
    want = t.ref.cross_entropy_error(y, labels)
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got = t.fn(y, labels)
    t.close(got, want, "CE, y of shape (5, 3), integer labels of shape (5,)", **LOSS,
            mistakes={"batch-mean": want * 5, "log10": want / LN10})


@cross_entropy_error.check(points=0.5, tolerance="atol 2e-5 (epsilon in the log)")
def single_sample(t):
    y = probabilities(t.rng, 1, 5)[0]
    label = int(t.rng.integers(0, 5))
    want = t.ref.cross_entropy_error(y, one_hot(np.array(label), 5))
    with t.error_means("shape", "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"):
        got_one_hot = t.fn(y, one_hot(np.array(label), 5))
    t.close(got_one_hot, want, "CE of one sample y (5,), one-hot t (5,)", **LOSS, mistakes={"log10": want / LN10})
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got_label = t.fn(y, label)
    t.close(got_label, want, "CE of one sample y (5,), scalar label", **LOSS)


# ---------------------------------------------------------------- binary_cross_entropy
binary_cross_entropy = ASSIGNMENT.question("binary_cross_entropy")


def bce_terms(y_hat, y):
    return -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))


@binary_cross_entropy.check(points=1, tolerance="atol 2e-5: an epsilon <= 1e-7 inside the log is allowed")
def batch(t):
    y_hat = t.rng.uniform(0.05, 0.95, size=7)
    y = t.rng.integers(0, 2, size=7).astype(float)
    want = t.ref.binary_cross_entropy(y_hat, y)
    t.close(t.fn(y_hat, y), want, "BCE, 7 predictions", **LOSS,
            mistakes={"log10": want / LN10, "batch-mean": want * 7, "sign": -want})


@binary_cross_entropy.check(points=0.5, tolerance="atol 2e-5")
def single_prediction(t):
    t.close(t.fn(0.8, 1.0), t.ref.binary_cross_entropy(0.8, 1.0), "BCE(ŷ=0.8, y=1) = −ln 0.8", **LOSS,
            mistakes={"log10": -np.log10(0.8), "sign": np.log(0.8)})


@binary_cross_entropy.check(points=0.5, tolerance="atol 2e-5")
def integer_labels(t):
    y_hat = t.rng.uniform(0.05, 0.95, size=5)
    y = np.array([1, 0, 0, 1, 1])  # an integer array, as labels usually come
    want = float(np.mean(bce_terms(y_hat, y)))
    t.close(t.fn(y_hat, y), want, "BCE with integer labels y (5,)", **LOSS,
            mistakes={"log10": want / LN10, "batch-mean": want * 5, "sign": -want})


# ---------------------------------------------------------------- mean_squared_error
mean_squared_error = ASSIGNMENT.question("mean_squared_error")


@mean_squared_error.check(points=0.5, tolerance="rtol 1e-7")
def lecture_examples(t):
    target = np.array([1.0, 0.0])
    for a, name in ((np.array([0.81, 0.39]), "Loss 계산해 보기"), (np.array([0.48, 1.02]), "연습문제 1")):
        y = t.ref.softmax(a)
        want = t.ref.mean_squared_error(y, target)
        t.close(t.fn(y, target), want, f"MSE, lecture 003 {name} (softmax of {a.tolist()})", **EXACT,
                mistakes={"half-factor": 2 * want})


@mean_squared_error.check(points=1, tolerance="rtol 1e-7")
def batch(t):
    y = probabilities(t.rng, 5, 3)
    target = one_hot(t.rng.integers(0, 3, size=5), 3)
    want = t.ref.mean_squared_error(y, target)
    t.close(t.fn(y, target), want, "MSE, y of shape (5, 3)", **EXACT,
            mistakes=[("half-factor", 2 * want), ("batch-mean", 5 * want), ("half-factor", 10 * want)])


@mean_squared_error.check(points=0.5, tolerance="rtol 1e-7")
def integer_labels(t):
    y = probabilities(t.rng, 4, 6)
    labels = t.rng.integers(0, 6, size=4)
    want = t.ref.mean_squared_error(y, one_hot(labels, 6))
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got = t.fn(y, labels)
    t.close(got, want, "MSE, y of shape (4, 6), integer labels", **EXACT,
            mistakes={"half-factor": 2 * want, "batch-mean": 4 * want})


# ---------------------------------------------------------------- softmax_loss
softmax_loss = ASSIGNMENT.question("softmax_loss")


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


@softmax_loss.check(points=1, tolerance="rtol 1e-7 (no epsilon needed from logits)")
def batch_labels(t):
    z = t.rng.normal(scale=2.0, size=(6, 5))
    labels = t.rng.integers(0, 5, size=6)
    want = t.ref.softmax_loss(z, labels)
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got = t.fn(z, labels)
    t.close(got, want, "softmax_loss, z of shape (6, 5), integer labels", rtol=1e-6, atol=2e-5,
            mistakes={"batch-mean": want * 6, "log10": want / LN10})


@softmax_loss.check(points=0.5, tolerance="atol 2e-5 (an epsilon is tolerated here)")
def one_hot_labels(t):
    z = t.rng.normal(size=(3, 4))
    target = one_hot(t.rng.integers(0, 4, size=3), 4)
    want = t.ref.softmax_loss(z, target)
    with t.error_means("labels", ONE_HOT_KO, ONE_HOT_EN):  # e.g. z[np.arange(N), t] with one-hot t
        got = t.fn(z, target)
    t.close(got, want, "softmax_loss, z of shape (3, 4), one-hot t", rtol=1e-6, atol=2e-5,
            mistakes={"batch-mean": want * 3, "log10": want / LN10})


@softmax_loss.check(points=1, tolerance="rtol 1e-9: log-sum-exp is exact to rounding even at |z| = 1e4")
def extreme_logits(t):
    z = t.rng.uniform(-1e4, 1e4, size=(4, 3))
    # one row all negative, one with a positive logit: exp without the max shift overflows in one
    # and underflows in the other (inf - inf: nan), whatever the hidden draw
    z[0], z[1, 0] = -np.abs(z[0]) - 1000.0, abs(z[1, 0]) + 1000.0
    labels = np.argmin(z, axis=1)  # the right class has the smallest logit: a huge loss
    want = float(-np.mean(log_softmax(z)[np.arange(4), labels]))
    got = t.fn(z, labels)
    value = float(as_numeric(got, "softmax_loss").ravel()[0]) if np.size(as_numeric(got, "softmax_loss")) == 1 else None
    if value is not None and (value == np.inf or (np.isfinite(value) and value < 0.5 * want)):
        # log of a probability that underflowed to 0 (inf), or clipped by an epsilon (too small)
        t.fail(f"극단적인 로짓에서 손실이 {value:.4g}입니다 (정답 {want:.6g}): "
               "확률을 거치지 말고 log-sum-exp로 계산하세요.",
               f"For extreme logits the loss is {value:.4g} (expected {want:.6g}): compute it with log-sum-exp, "
               "not through the probability.", "log-sum-exp")
    t.close(got, want, "softmax_loss, |z| up to 1e4", rtol=1e-9, atol=1e-9, mistakes={"softmax-overflow": None})


@softmax_loss.check(points=0.5, tolerance="rtol 1e-6")
def single_sample(t):
    z = t.rng.normal(size=5)
    label = int(t.rng.integers(0, 5))
    want = float(-log_softmax(z)[label])
    with t.error_means("shape", "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"):
        got = t.fn(z, label)
    t.close(got, want, "softmax_loss of one sample z (5,), scalar label", rtol=1e-6, atol=2e-5,
            mistakes={"labels": float(-label * log_softmax(z).sum())})  # -sum(t * log y) with t = label


# ---------------------------------------------------------------- softmax_loss_grad
softmax_loss_grad = ASSIGNMENT.question("softmax_loss_grad")


def grad_mistakes(want: np.ndarray, n: int):
    return [("batch-mean", want * n), ("batch-mean", want / n), ("sign", -want), ("sign", -want * n)]


@softmax_loss_grad.check(points=1, tolerance="rtol 1e-7, atol 1e-10")
def batch_labels(t):
    z = t.rng.normal(scale=2.0, size=(5, 4))
    labels = t.rng.integers(0, 4, size=5)
    want = t.ref.softmax_loss_grad(z, labels)
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got = t.fn(z, labels)
    t.close(got, want, "softmax_loss_grad, z of shape (5, 4), integer labels", **EXACT,
            mistakes=grad_mistakes(want, 5))


@softmax_loss_grad.check(points=0.5, tolerance="rtol 1e-7, atol 1e-10")
def one_hot_labels(t):
    z = t.rng.normal(size=(3, 6))
    target = one_hot(t.rng.integers(0, 6, size=3), 6)
    want = t.ref.softmax_loss_grad(z, target)
    with t.error_means("labels", ONE_HOT_KO, ONE_HOT_EN):
        got = t.fn(z, target)
    t.close(got, want, "softmax_loss_grad, z of shape (3, 6), one-hot t", **EXACT,
            mistakes=grad_mistakes(want, 3))


@softmax_loss_grad.check(points=0.5, tolerance="rtol 1e-7, atol 1e-10")
def single_sample(t):
    z = t.rng.normal(size=4)
    label = int(t.rng.integers(0, 4))
    want = t.ref.softmax_loss_grad(z, label)
    with t.error_means("shape", "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"):
        got = t.fn(z, label)
    as_if_one_hot = t.ref.softmax(z) - label  # the label subtracted from every class
    t.close(got, want, "softmax_loss_grad of one sample z (4,), scalar label", **EXACT,
            mistakes=[("labels", as_if_one_hot), ("labels", as_if_one_hot / 4),
                      ("shape", want / 4), ("sign", -want)])  # /4: N taken as z.shape[0] = K


@softmax_loss_grad.check(points=0.5, tolerance="rtol 1e-7, and every value finite")
def extreme_logits(t):
    z = t.rng.uniform(-1e4, 1e4, size=(3, 5))
    labels = t.rng.integers(0, 5, size=3)
    want = t.ref.softmax_loss_grad(z, labels)
    with t.error_means("labels", LABELS_KO, LABELS_EN):
        got = t.fn(z, labels)
    t.close(got, want, "softmax_loss_grad, |z| up to 1e4", **EXACT,
            mistakes=[("softmax-overflow", None), *grad_mistakes(want, 3)])


@softmax_loss_grad.check(points=0.5, tolerance="exact: inputs must be bit-for-bit unchanged (and the value right)")
def inputs_unchanged(t):
    # Trusts: the returned value and the arguments as sent back after the call, judged here.
    z = t.rng.normal(size=(4, 3))
    target = one_hot(t.rng.integers(0, 3, size=4), 3)
    with t.error_means("labels", ONE_HOT_KO, ONE_HOT_EN):
        got, (z_after, t_after) = t.fn.call_tracking(z, target)
    t.unchanged(z, z_after, "softmax_loss_grad(z, t): z")
    t.unchanged(target, t_after, "softmax_loss_grad(z, t): t")
    t.close(got, t.ref.softmax_loss_grad(z, target), "softmax_loss_grad(z, t), z of shape (4, 3)", **EXACT)


# ---------------------------------------------------------------- inputs stay as they were
def inputs_unchanged_check(question, make_inputs, what: str, one_hot_labels: bool = True):
    @question.check(points=0.5, tolerance="exact: inputs must be bit-for-bit unchanged; the value within the "
                    "question's loss tolerance", name="inputs_unchanged")
    def check(t):
        # Trusts: the returned value and the arguments as sent back after the call, judged here.
        args = make_inputs(t.rng)
        with t.error_means("labels", ONE_HOT_KO, ONE_HOT_EN) if one_hot_labels else nullcontext():
            got, after = t.fn.call_tracking(*args)
        for name, before, now in zip(("first argument", "second argument"), args, after):
            t.unchanged(before, now, f"{what}: {name}")
        with np.errstate(all="ignore"):  # a clipped log of an exact 0 in the reference is fine: eps is allowed
            want = getattr(t.ref, question.id)(*(np.copy(a) for a in args))
        t.close(got, want, what, **LOSS)

    return check


def with_zeros(rng):
    """Probabilities with a tiny 1e-300 off the target in each row: in-place clipping (or
    adding an epsilon in place) shows, while 0 · ln(1e-300) stays finite for any correct code."""
    y, labels = probabilities(rng, 4, 3), np.array([0, 1, 2, 0])
    y[np.arange(4), (labels + 1) % 3] = 1e-300
    return y, one_hot(labels, 3)


inputs_unchanged_check(cross_entropy_error, with_zeros, "cross_entropy_error(y, t)")
inputs_unchanged_check(binary_cross_entropy, lambda rng: (rng.uniform(0.05, 0.95, 5), rng.integers(0, 2, 5) * 1.0),
                       "binary_cross_entropy(y_hat, y)", one_hot_labels=False)
inputs_unchanged_check(mean_squared_error, lambda rng: (probabilities(rng, 4, 3), one_hot(rng.integers(0, 3, 4), 3)),
                       "mean_squared_error(y, t)")
inputs_unchanged_check(softmax_loss, lambda rng: (rng.normal(size=(4, 3)) + 3.0, one_hot(rng.integers(0, 3, 4), 3)),
                       "softmax_loss(z, t)")
