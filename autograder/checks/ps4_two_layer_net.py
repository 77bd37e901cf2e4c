"""Hidden checks for ps4_two_layer_net (COURSE.md, ps4; lectures 003 and 004).

The network is built in the student process with the contract's signature and its
parameters are then set in place (`net.params["W1"][...] = W1`), so a DLFS-style network
whose layers share the parameter arrays is graded like any other. Shapes are non-square
(N, D, H, K all different, N >= 3), both label formats and single samples are used, and the
hidden pre-activations contain exact zeros (dyadic inputs, so every order of summation gives
the same bits).

Optimizers update a dict that lives in the student process, one step at a time, and are
compared step by step with the reference run here; handles pinned to the original arrays
tell an in-place update from `params[key] = new_array`. `train_network` is the only
question that uses the student's other answers (its own TwoLayerNet and optimizer, as a
student's training would); its accuracy is measured here, from `net.params` alone, on
digits it never saw.

What a check trusts: only values the grader reads back as plain numbers and judges here (the
return values, and arguments or stored arrays as read back after the call); a check that
relies on anything else says so in a comment ("Trusts: ...").
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from autograder.checks.evidence import is_product_shape_error, product_shape_error_means_transpose
from autograder.checks.framework import Assignment, Fail, as_numeric, seed_for
from autograder.sandbox.client import Remote, StudentError

ASSIGNMENT = Assignment("ps4_two_layer_net", "2층 신경망: 오차역전파, 최적화, 정규화",
                        "A two-layer network: backpropagation, optimizers, regularisation")

SHAPE_KO, SHAPE_EN = "1차원 입력(샘플 하나)을 처리하지 못했습니다", "a single 1-D sample was not handled"
LABELS_KO, LABELS_EN = "이 형식의 레이블을 처리하지 못했습니다", "labels in this format were not handled"
KEYS = ("W1", "b1", "W2", "b2")

# predict is two small matrix products (at most 7 terms each): rounding ~1e-16 relative.
SCORES = dict(rtol=1e-9, atol=1e-12)
# Gradients pass through softmax and a few products and sums; any correct order of
# operations agrees to ~1e-15, while every known mistake is off by order 1.
GRAD = dict(rtol=1e-6, atol=1e-10)
# accuracy is a count divided by N: exact.
EXACT = dict(rtol=1e-12, atol=0.0)


def dims(rng) -> tuple[int, int, int, int]:
    """N, D, H, K all different, N >= 3: a transpose or a wrong axis changes the shape."""
    n, d, h, k = (int(v) for v in rng.choice(np.arange(3, 9), size=4, replace=False))
    return n, d, h, k


def one_hot(labels, k: int) -> np.ndarray:
    return np.eye(k)[labels]


def one_hot_like(target, scores: np.ndarray) -> np.ndarray:
    """Labels (integers) or one-hot targets as one-hot, shaped like the scores."""
    target = np.asarray(target)
    if target.size == scores.size:
        return target.astype(float).reshape(scores.shape)
    return np.eye(scores.shape[-1])[target].reshape(scores.shape)


# ================================================================ TwoLayerNet
TwoLayerNet = ASSIGNMENT.question("TwoLayerNet", kind="class")


def dyadic_case(rng, n: int, d: int, h: int, k: int):
    """Parameters and a batch whose hidden pre-activations z1 contain exact zeros.

    x, W1 and b1 are small multiples of 1/4, so x @ W1 + b1 is exact in float64 whatever
    the order of the sums; b1[j] = -(x[i] @ W1[:, j]) for two units puts z1[i, j] = 0 on
    purpose, with x[i] != 0 so that a gradient let through there changes dW1."""
    x = rng.integers(-2, 3, size=(n, d)).astype(float)
    x[np.all(x == 0, axis=1), 0] = 1.0
    W1 = rng.integers(-4, 5, size=(d, h)) * 0.25
    b1 = rng.integers(-2, 3, size=h) * 0.25
    for row, unit in zip(rng.choice(n, size=2, replace=False), rng.choice(h, size=2, replace=False)):
        b1[unit] = -(x[row] @ W1[:, unit])
    params = {"W1": W1, "b1": b1, "W2": 0.5 * rng.normal(size=(h, k)), "b2": 0.5 * rng.normal(size=k)}
    labels = rng.integers(0, k, size=n)
    return params, x, labels


def new_net(t, params: dict) -> Remote:
    """The student's TwoLayerNet with the given parameters set in place."""
    d, h = params["W1"].shape
    k = params["W2"].shape[1]
    net = t.fn(d, h, k)
    have = net.params
    if not isinstance(have, dict) or any(key not in have for key in KEYS):
        t.fail('params는 "W1", "b1", "W2", "b2"를 담은 dict여야 합니다.',
               'params must be a dict with the keys "W1", "b1", "W2", "b2".')
    for key in KEYS:
        arr = as_numeric(have[key], f'TwoLayerNet({d}, {h}, {k}).params["{key}"]')
        if arr.shape != params[key].shape:
            t.fail(f'TwoLayerNet({d}, {h}, {k}).params["{key}"]의 모양이 {arr.shape}입니다 '
                   f"({params[key].shape}이어야 합니다).",
                   f'TwoLayerNet({d}, {h}, {k}).params["{key}"] has shape {arr.shape}, expected {params[key].shape}.',
                   "shape")
        net.ref(("attr", "params"), ("item", key)).set_inplace(params[key])
    return net


def ref_net(t, params: dict):
    d, h = params["W1"].shape
    net = t.ref.TwoLayerNet(d, h, params["W2"].shape[1])
    for key in KEYS:
        net.params[key][...] = params[key]
    return net


def gradient_mistakes(params: dict, x: np.ndarray, target, want: dict) -> dict[str, list]:
    """What the known mistakes return for each gradient, given the same inputs."""
    X = np.atleast_2d(x)
    n = X.shape[0]
    z1 = X @ params["W1"] + params["b1"]
    a1 = np.maximum(z1, 0)
    z2 = a1 @ params["W2"] + params["b2"]
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    delta2 = (e / e.sum(axis=1, keepdims=True) - one_hot_like(target, z2)) / n
    da1 = delta2 @ params["W2"].T
    out: dict[str, list] = {key: [] for key in KEYS}
    for mask in (z1 >= 0, np.ones_like(z1, dtype=bool)):  # boundary included / no mask at all
        delta1 = da1 * mask
        out["W1"].append(("relu-mask", X.T @ delta1))
        out["b1"].append(("relu-mask", delta1.sum(axis=0)))
    delta1 = da1 * (z1 > 0)
    for key in ("W1", "W2"):
        out[key].append(("transpose", want[key].T))
    for key, delta in (("b1", delta1), ("b2", delta2)):
        out[key] += [("wrong-axis", delta.sum(axis=1)), ("wrong-axis", delta.sum(axis=1, keepdims=True)),
                     ("wrong-axis", delta.sum())]
    if n > 1:
        for key in KEYS:
            out[key] += [("batch-mean", want[key] * n), ("batch-mean", want[key] / n)]
    return out


def close_gradients(t, got, want: dict, mistakes: dict, what: str) -> None:
    if not isinstance(got, dict) or any(key not in got for key in KEYS):
        keys = list(got) if isinstance(got, dict) else type(got).__name__
        t.fail(f'{what}: "W1", "b1", "W2", "b2" 키를 가진 dict를 돌려줘야 합니다 (받은 것: {keys}).',
               f'{what}: must return a dict with the keys "W1", "b1", "W2", "b2" (got {keys}).')
    for key in KEYS:  # W1 first: most mistakes show there, with their own hint
        t.close(got[key], want[key], f'{what}: grads["{key}"]', **GRAD, mistakes=mistakes[key])


def loss_tolerance(scores: np.ndarray, target) -> dict:
    """COURSE.md allows an epsilon <= 1e-7 inside the log: -ln(p + eps) differs from -ln p
    by at most eps / p, so the loss may be off by 1e-7 over the smallest true-class p."""
    s = np.atleast_2d(scores)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p_true = np.sum(p * one_hot_like(target, s), axis=1)
    return dict(rtol=1e-6, atol=1.5e-7 / float(p_true.min()) + 1e-10)


@TwoLayerNet.check(points=0.5, tolerance="shapes exact; biases 0; mean and std of each weight matrix within "
                                         "6 standard errors of 0 and weight_init_std (3,000+ draws: within 11 %)",
                   name="initial_parameters")
def net_initial_parameters(t):
    d, h, k = 67, 61, 53
    std = round(float(t.rng.uniform(0.3, 3.0)), 3)
    seed = int(t.rng.integers(1000))
    net = t.fn(d, h, k, weight_init_std=std, seed=seed)
    params = net.params
    what = f"TwoLayerNet({d}, {h}, {k}, weight_init_std={std}, seed={seed}).params"
    if not isinstance(params, dict) or any(key not in params for key in KEYS):
        t.fail(f'{what}: "W1", "b1", "W2", "b2"를 담은 dict여야 합니다.',
               f'{what}: must be a dict with the keys "W1", "b1", "W2", "b2".')
    shapes = {"W1": (d, h), "b1": (h,), "W2": (h, k), "b2": (k,)}
    values = {key: as_numeric(params[key], f'{what}["{key}"]') for key in KEYS}
    for key in KEYS:
        if values[key].shape != shapes[key]:
            t.fail(f'{what}["{key}"]: 모양이 {values[key].shape}이(가) 아니라 {shapes[key]}이어야 합니다.',
                   f'{what}["{key}"]: expected shape {shapes[key]}, got {values[key].shape}.', "shape")
    for key in ("b1", "b2"):
        t.close(values[key], np.zeros(shapes[key]), f'{what}["{key}"] (biases start at 0)', rtol=0, atol=0)
    for key in ("W1", "W2"):
        n = values[key].size  # standard errors of a normal sample: std/sqrt(n) (mean), std/sqrt(2n) (std)
        mean, measured = float(np.mean(values[key])), float(np.std(values[key]))
        if not (abs(mean) <= 6 * std / np.sqrt(n) and abs(measured - std) <= 6 * std / np.sqrt(2 * n)):
            t.fail(f'{what}["{key}"]: 평균 0, 표준편차 {std}인 정규분포에서 뽑아야 하는데 '
                   f"평균 {mean:.4g}, 표준편차 {measured:.4g}입니다.",
                   f'{what}["{key}"]: should be drawn with mean 0 and standard deviation {std}; '
                   f"got mean {mean:.4g}, standard deviation {measured:.4g}.")


@TwoLayerNet.check(points=1, tolerance="scores rtol 1e-9; loss atol 1.5e-7 / min p (epsilon in the log); "
                                       "accuracy exact",
                   name="predict_loss_accuracy")
def net_predict_loss_accuracy(t):
    n, d, h, k = dims(t.rng)
    params, x, labels = dyadic_case(t.rng, n, d, h, k)
    ref = ref_net(t, params)
    net = new_net(t, params)
    scores = ref.predict(x)
    t.close(net.predict(x), scores, f"predict(x), x of shape {x.shape}", **SCORES,
            mistakes=[("transpose", scores.T)])
    # half the samples classified right, so accuracy is not 0 or 1 by accident
    labels[: n // 2] = np.argmax(scores[: n // 2], axis=1)
    labels[n // 2:] = (np.argmax(scores[n // 2:], axis=1) + 1) % k
    for target, name in ((labels, f"integer labels {labels.shape}"), (one_hot(labels, k), f"one-hot t {(n, k)}")):
        want = ref.loss(x, target)
        with t.error_means("labels", LABELS_KO, LABELS_EN):
            got_loss = net.loss(x, target)
            got_accuracy = net.accuracy(x, target)
        t.close(got_loss, want, f"loss(x, t), x of shape {x.shape}, {name}", **loss_tolerance(scores, target),
                mistakes=[("batch-mean", want * n), ("batch-mean", want / n)])
        t.close(got_accuracy, ref.accuracy(x, target), f"accuracy(x, t), x of shape {x.shape}, {name}", **EXACT)


@TwoLayerNet.check(points=1.5, tolerance="rtol 1e-6, atol 1e-10; z1 has exact zeros (ReLU passes no gradient there)",
                   name="gradient_batch")
def net_gradient_batch(t):
    n, d, h, k = dims(t.rng)
    params, x, labels = dyadic_case(t.rng, n, d, h, k)
    ref = ref_net(t, params)
    net = new_net(t, params)
    for target, name in ((one_hot(labels, k), f"one-hot t {(n, k)}"), (labels, f"integer labels {labels.shape}")):
        want = ref.gradient(x, target)
        with t.error_means("labels", LABELS_KO, LABELS_EN), product_shape_error_means_transpose(t):
            got = net.gradient(x, target)  # a product shape error is a transpose, not the labels
        close_gradients(t, got, want, gradient_mistakes(params, x, target, want),
                        f"gradient(x, t), x of shape {x.shape}, {name}")


@TwoLayerNet.check(points=0.5, tolerance="scores rtol 1e-9, gradients rtol 1e-6, loss atol 1.5e-7 / p",
                   name="single_sample")
def net_single_sample(t):
    n, d, h, k = dims(t.rng)
    params, x, labels = dyadic_case(t.rng, n, d, h, k)
    ref = ref_net(t, params)
    net = new_net(t, params)
    rows = np.flatnonzero(np.any((x @ params["W1"] + params["b1"]) == 0, axis=1))
    row = int(rows[0]) if rows.size else 0  # a sample with an exact zero in z1
    sample, label = x[row].copy(), int(labels[row])
    with t.error_means("shape", SHAPE_KO, SHAPE_EN):
        got = net.predict(sample)
    scores = ref.predict(sample)
    got = as_numeric(got, f"predict(x), x of shape {sample.shape}")
    t.close(got.reshape(scores.shape) if got.size == scores.size else got, scores,
            f"predict(x), one sample x of shape {sample.shape}", **SCORES)
    for target, name in ((label, f"scalar label {label}"), (one_hot(label, k), f"one-hot t ({k},)")):
        what = f"one sample x of shape {sample.shape}, {name}"
        try:
            got_loss = net.loss(sample, target)
            got_grads = net.gradient(sample, target)
            got_accuracy = net.accuracy(sample, target)
        except StudentError as exc:
            # a product that fails on a batch too is a transpose; failing only on one sample is 1-D handling
            batch_fails_alike = is_product_shape_error(exc) and gradient_raises_product_error(net, x, labels)
            with product_shape_error_means_transpose(t) if batch_fails_alike else t.error_means(
                    "shape", SHAPE_KO, SHAPE_EN):
                raise
        want = ref.gradient(sample, target)
        close_gradients(t, got_grads, want, gradient_mistakes(params, sample, target, want), f"gradient(x, t), {what}")
        t.close(got_loss, ref.loss(sample, target), f"loss(x, t), {what}", **loss_tolerance(scores, target))
        t.close(got_accuracy, ref.accuracy(sample, target), f"accuracy(x, t), {what}", **EXACT)


def gradient_raises_product_error(net, x: np.ndarray, labels: np.ndarray) -> bool:
    try:
        net.gradient(x, labels)
    except StudentError as exc:
        return is_product_shape_error(exc)
    return False


def one_sided(ref, x, target, h: float, direction: int) -> dict:
    """The grader's forward (direction 1) or backward (-1) differences of the loss."""
    out = {}
    base = ref.loss(x, target)
    for key in KEYS:
        W = ref.params[key]
        g = np.zeros_like(W)
        for idx in np.ndindex(*W.shape):
            old = W[idx]
            W[idx] = old + direction * h
            g[idx] = direction * (ref.loss(x, target) - base) / h
            W[idx] = old
        out[key] = g
    return out


def smooth_case(t):
    """A small network (31 or 36 parameters, so even loops are fast) at a point where a step
    of 1e-4 crosses no kink of ReLU (|z1| > 0.01), the true class is the predicted one
    (p >= 1/K, so an epsilon in the log stays harmless), and a one-sided difference is off
    the gradient by at least 2e-5 somewhere (so it cannot pass for a central one)."""
    n, d, h = 5, 3, 4
    k = 2 + int(t.rng.integers(1, 3))
    while True:
        params = {"W1": t.rng.normal(size=(d, h)), "b1": t.rng.normal(size=h),
                  "W2": t.rng.normal(size=(h, k)), "b2": t.rng.normal(size=k)}
        ref = ref_net(t, params)
        x = 2.0 * t.rng.normal(size=(n, d))
        if np.min(np.abs(x @ params["W1"] + params["b1"])) <= 1e-2:
            continue
        labels = np.argmax(ref.predict(x), axis=1)
        want = ref.gradient(x, labels)
        diffs = [one_sided(ref, x, labels, 1e-4, 1), one_sided(ref, x, labels, 1e-4, -1)]
        if min(max(np.max(np.abs(diff[key] - want[key])) for key in KEYS) for diff in diffs) >= 2e-5:
            return params, x, labels, want, diffs


@TwoLayerNet.check(points=1, tolerance="atol 1e-6, rtol 1e-5 against the exact gradient: central differences at "
                                       "h = 1e-4 are off by h^2/6 |f'''| < 2e-7 here, one-sided ones by >= 2e-5",
                   name="numerical_gradient")
def net_numerical_gradient(t):
    params, x, labels, want, one_sided_differences = smooth_case(t)
    n = x.shape[0]
    net = new_net(t, params)
    got = net.numerical_gradient(x, labels)
    if not isinstance(got, dict) or any(key not in got for key in KEYS):
        t.fail('numerical_gradient(x, t): "W1", "b1", "W2", "b2" 키를 가진 dict를 돌려줘야 합니다.',
               'numerical_gradient(x, t): must return a dict with the keys "W1", "b1", "W2", "b2".')
    for key in KEYS:
        mistakes = [("central-difference", diffs[key]) for diffs in one_sided_differences]
        mistakes += [("batch-mean", want[key] * n), ("batch-mean", want[key] / n)]  # a loss that is a sum
        t.close(got[key], want[key], f'numerical_gradient(x, t)["{key}"], x of shape {x.shape}',
                rtol=1e-5, atol=1e-6, mistakes=mistakes)
    after = net.params
    for key in KEYS:
        if not np.allclose(as_numeric(after[key], f'params["{key}"]'), params[key], rtol=0, atol=1e-12):
            t.fail(f'numerical_gradient가 끝난 뒤 params["{key}"]가 원래 값으로 돌아와 있지 않습니다.',
                   f'params["{key}"] is not back to its values after numerical_gradient returns.')


@TwoLayerNet.check(points=0.5, tolerance="exact: x and t must be bit-for-bit unchanged", name="inputs_unchanged")
def net_inputs_unchanged(t):
    n, d, h, k = dims(t.rng)
    # Trusts: the values returned and the stored arrays as read back, judged here.
    params, x, labels = dyadic_case(t.rng, n, d, h, k)
    net = new_net(t, params)
    T = one_hot(labels, k)
    sx, sl, sT = t.store(x), t.store(labels), t.store(T)
    t.close(net.predict(sx), ref_net(t, params).predict(x.copy()), f"predict(x), x of shape {x.shape}", **SCORES)
    for st in (sl, sT):
        with t.error_means("labels", LABELS_KO, LABELS_EN), product_shape_error_means_transpose(t):
            net.loss(sx, st)
            net.accuracy(sx, st)
            net.gradient(sx, st)
    t.unchanged(x, sx.value(), "TwoLayerNet methods (predict, loss, accuracy, gradient): x")
    t.unchanged(labels, sl.value(), "TwoLayerNet methods (loss, accuracy, gradient): integer labels t")
    t.unchanged(T, sT.value(), "TwoLayerNet methods (loss, accuracy, gradient): one-hot t")


# ================================================================ optimizers
# Updates do not depend on the parameter values, only on the gradients and the optimizer's
# own state, so each step's change is compared with the reference's change at that step.
# Every parameter array holds elements of three gradient sizes, each element keeping its size
# over the steps: small (|g| ~ 1e-4), ordinary (0.1 to 2) and large (20 to 200). Where the ε
# sits shows only with small gradients: AdaGrad's first step with ε inside the square root,
# lr·g/sqrt(g² + 1e-7), is 0.30·lr at |g| = 1e-4 instead of lr.
# Tolerance: rtol 1e-6, atol 1e-4·lr, against each correct form: the contract's (ε = 1e-7
# outside the square root), the same with ε = 1e-8 or no ε (they differ from it only for
# small gradients), and for Adam also the book's lr_t = lr·sqrt(1-beta2^t)/(1-beta1^t),
# m/(sqrt(v) + ε), which puts ε in another place. Every known mistake changes a step by a
# good fraction of lr on some element.
OPTIMIZERS = ("SGD", "Momentum", "AdaGrad", "RMSprop", "Adam")
DEFAULT_LR = {"SGD": 0.01, "Momentum": 0.01, "AdaGrad": 0.01, "RMSprop": 0.01, "Adam": 0.001}
STEPS = 6


GRADIENT_SIZES = ((5e-5, 2e-4), (0.1, 2.0), (20.0, 200.0))  # small, ordinary, large |g|


def optimizer_problem(rng, layers: int = 2):
    """Parameters W1, b1, ..., W{layers}, b{layers} of non-square layers, and a gradient
    for each of STEPS updates with random signs; every array has elements of each size in
    GRADIENT_SIZES, and an element keeps its size over the steps."""
    sizes = [int(v) for v in rng.choice(np.arange(3, 8), size=layers + 1, replace=False)]
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(size=(n_in, n_out))
        params[f"b{i}"] = rng.normal(size=n_out)
    lows, highs = (np.array(bounds) for bounds in zip(*GRADIENT_SIZES))
    size_of = {key: rng.permutation(np.arange(p.size) % len(GRADIENT_SIZES)).reshape(p.shape)
               for key, p in params.items()}
    grads = [{key: rng.choice([-1.0, 1.0], size=p.shape) * rng.uniform(lows[size_of[key]], highs[size_of[key]])
              for key, p in params.items()} for _ in range(STEPS)]
    return params, grads


def correct_steps(qid: str, kwargs: dict, params: dict, grads: list) -> list[list[dict]]:
    """The change of every parameter in each update for each other correct form of an
    adaptive optimizer (another ε, the book's Adam), [form][update][key]."""
    if qid not in ("AdaGrad", "RMSprop", "Adam"):
        return []
    lr = kwargs.get("lr", DEFAULT_LR[qid])
    decay = kwargs.get("decay_rate", 0.99)
    beta1, beta2 = kwargs.get("beta1", 0.9), kwargs.get("beta2", 0.999)
    forms = [(eps, book) for eps in (1e-7, 1e-8, 0.0) for book in ((False, True) if qid == "Adam" else (False,))]
    runs = []
    with np.errstate(all="ignore"):
        for eps, book in forms:
            h = {key: np.zeros_like(p) for key, p in params.items()}
            m = {key: np.zeros_like(p) for key, p in params.items()}
            run = []
            for t, g in enumerate(grads, start=1):
                step = {}
                for key in params:
                    if qid == "AdaGrad":
                        h[key] = h[key] + g[key] * g[key]
                        step[key] = -lr * g[key] / (np.sqrt(h[key]) + eps)
                    elif qid == "RMSprop":
                        h[key] = decay * h[key] + (1 - decay) * g[key] * g[key]
                        step[key] = -lr * g[key] / (np.sqrt(h[key]) + eps)
                    else:
                        m[key] = beta1 * m[key] + (1 - beta1) * g[key]
                        h[key] = beta2 * h[key] + (1 - beta2) * g[key] ** 2
                        if book:
                            lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
                            step[key] = -lr_t * m[key] / (np.sqrt(h[key]) + eps)
                        else:
                            step[key] = -lr * (m[key] / (1 - beta1**t)) / (np.sqrt(h[key] / (1 - beta2**t)) + eps)
                run.append(step)
            runs.append(run)
    return runs


def other_hyperparameters(qid: str, rng) -> dict:
    def draw(lo, hi):
        return round(float(rng.uniform(lo, hi)), 3)

    return {
        "SGD": lambda: {"lr": draw(0.05, 0.5)},
        "Momentum": lambda: {"lr": draw(0.02, 0.2), "momentum": draw(0.5, 0.8)},
        "AdaGrad": lambda: {"lr": draw(0.05, 0.5)},
        "RMSprop": lambda: {"lr": draw(0.005, 0.05), "decay_rate": draw(0.8, 0.95)},
        "Adam": lambda: {"lr": draw(0.005, 0.05), "beta1": draw(0.7, 0.85), "beta2": draw(0.95, 0.995)},
    }[qid]()


def adam_variant(kwargs: dict, params: dict, grads: list, counter, book: bool = False) -> list:
    """Parameters after each update of a mistaken Adam. `counter(i, j, n_keys)` is the t used
    for parameter j (in dict order) in update i (both from 0), or None for no bias correction;
    `book`: the same mistake in the book's lr_t form."""
    lr, beta1, beta2 = kwargs.get("lr", 0.001), kwargs.get("beta1", 0.9), kwargs.get("beta2", 0.999)
    p = copy.deepcopy(params)
    m = {key: np.zeros_like(val) for key, val in p.items()}
    v = {key: np.zeros_like(val) for key, val in p.items()}
    out = []
    with np.errstate(all="ignore"):
        for i, g in enumerate(grads):
            for j, key in enumerate(p):
                m[key] = beta1 * m[key] + (1 - beta1) * g[key]
                v[key] = beta2 * v[key] + (1 - beta2) * g[key] ** 2
                step = counter(i, j, len(p))
                if step is None:
                    p[key] = p[key] - lr * m[key] / (np.sqrt(v[key]) + 1e-7)
                elif book:
                    lr_t = lr * np.sqrt(1 - beta2**step) / (1 - beta1**step)
                    p[key] = p[key] - lr_t * m[key] / (np.sqrt(v[key]) + 1e-7)
                else:
                    m_hat, v_hat = m[key] / (1 - beta1**step), v[key] / (1 - beta2**step)
                    p[key] = p[key] - lr * m_hat / (np.sqrt(v_hat) + 1e-7)
            out.append(copy.deepcopy(p))
    return out


ADAM_COUNTERS = (
    lambda i, j, n_keys: None,  # no bias correction: m / (sqrt(v) + eps)
    lambda i, j, n_keys: i + 2,  # t starts at 1 and is advanced before use: one step ahead
    lambda i, j, n_keys: i,  # t starts at 0 and is advanced after use: 1 - beta**0 = 0 on the first update
    lambda i, j, n_keys: n_keys * i + j + 1,  # t advanced inside the loop over the parameters
)


def adam_mistakes(kwargs: dict, params: dict, grads: list) -> list[list]:
    """For each update, what the Adam mistakes would have changed the parameters by."""
    runs = [adam_variant(kwargs, params, grads, counter, book) for counter in ADAM_COUNTERS
            for book in (False, True)]
    per_step = []
    for i in range(len(grads)):
        before = [params if i == 0 else run[i - 1] for run in runs]
        per_step.append([{key: run[i][key] - prev[key] for key in params} for run, prev in zip(runs, before)])
    return per_step


def read_params(t, stored: Remote, shapes: dict, what: str) -> dict:
    got = stored.value()
    if not isinstance(got, dict) or any(key not in got for key in shapes):
        t.fail(f"{what}: update 뒤의 params가 같은 키를 가진 dict가 아닙니다.",
               f"{what}: after update, params is no longer a dict with the same keys.")
    out = {key: as_numeric(got[key], f'{what}: params["{key}"]') for key in shapes}
    for key in shapes:
        if out[key].shape != shapes[key]:
            t.fail(f'{what}: params["{key}"]의 모양이 {out[key].shape}(으)로 바뀌었습니다 '
                   f"({shapes[key]}이어야 합니다).",
                   f'{what}: params["{key}"] now has shape {out[key].shape}, expected {shapes[key]}.', "shape")
    return out


def matches_step(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


def params_after(qid: str, params: dict, grads: list) -> list[list[dict]]:
    """The parameters after each update for every other correct form of the optimizer (another
    ε, the book's Adam): [form][update][key]. Property checks compare with these too, so a correct
    variant keeps the points that go with a correct value."""
    runs = []
    for steps in correct_steps(qid, {}, params, grads):
        now, run = copy.deepcopy(params), []
        for step in steps:
            now = {key: now[key] + step[key] for key in params}
            run.append(now)
        runs.append(run)
    return runs


def expected_now(got: np.ndarray, reference: np.ndarray, variants: list[np.ndarray], tol: dict) -> np.ndarray:
    """The reference's value, or the correct variant's that `got` matches."""
    for want in variants:
        if matches_step(got, want, **tol):
            return want
    return reference


def check_steps(t, qid: str, kwargs: dict, layers: int) -> None:
    params, grads = optimizer_problem(t.rng, layers)
    lr = kwargs.get("lr", DEFAULT_LR[qid])
    tol = dict(rtol=1e-6, atol=1e-4 * lr)
    stored = t.store(params)
    optimizer = t.fn(**kwargs)
    reference = getattr(t.ref, qid)(**kwargs)
    ref_params = copy.deepcopy(params)
    mistakes = adam_mistakes(kwargs, params, grads) if qid == "Adam" else None
    alternatives = correct_steps(qid, kwargs, params, grads)
    call = f"{qid}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    before = params
    for i, g in enumerate(grads):
        ref_before = copy.deepcopy(ref_params)
        reference.update(ref_params, copy.deepcopy(g))
        optimizer.update(stored, g)
        what = f"{call}, update {i + 1} of {STEPS}"
        now = read_params(t, stored, {key: p.shape for key, p in params.items()}, what)
        for key in params:
            got_step, want_step = now[key] - before[key], ref_params[key] - ref_before[key]
            if any(matches_step(got_step, run[i][key], **tol) for run in alternatives):
                t.correct_value()  # a correct variant (another allowed ε, the book's Adam), judged here
                continue
            predictions = [("adam-bias-correction", m[key]) for m in mistakes[i]] if mistakes else []
            if qid == "Adam" and not np.all(np.isfinite(now[key])):
                t.fail(f'{what}: params["{key}"]에 inf 또는 nan이 생겼습니다 (편향 보정에서 1 - beta**t가 0?).',
                       f'{what}: params["{key}"] became inf or nan (1 - beta**t equal to 0 in the bias correction?).',
                       "adam-bias-correction")
            t.close(got_step, want_step, f'{what}: change of params["{key}"]', **tol, mistakes=predictions)
        before = now


def optimizer_checks(question, qid: str) -> None:
    """The five optimizers are checked alike."""

    @question.check(points=0.5, tolerance="rtol 1e-6, atol 1e-4·lr on each step's change",
                    name="default_hyperparameters")
    def default_hyperparameters(t):
        check_steps(t, qid, {}, layers=2)

    @question.check(points=0.5, tolerance="rtol 1e-6, atol 1e-4·lr on each step's change",
                    name="other_hyperparameters")
    def given_hyperparameters(t):
        check_steps(t, qid, other_hyperparameters(qid, t.rng), layers=3)  # W1, b1, ..., W3, b3

    @question.check(points=0.5, tolerance="rtol 1e-6, atol 1e-4·lr: after update, the caller's own arrays hold "
                                          "the new values", name="updates_in_place")
    def updates_in_place(t):
        # Trusts: values the grader reads back from the arrays it stored before the update
        # (handles pinned to them), compared here with the reference's update; never a yes/no
        # from the student process about object identity.
        params, grads = optimizer_problem(t.rng)
        stored = t.store(params)
        originals = {key: stored.ref(("item", key)).pin() for key in KEYS}
        if not all(isinstance(r, Remote) for r in originals.values()):
            t.fail("학생 프로세스가 채점기의 요청에 엉뚱한 답을 보냈습니다.",
                   "The student process answered the grader's request with something else.")
        optimizer = t.fn()
        reference = getattr(t.ref, qid)()
        ref_params = copy.deepcopy(params)
        tol = dict(rtol=1e-6, atol=1e-4 * DEFAULT_LR[qid])
        variants = params_after(qid, params, grads[:2])
        for i, g in enumerate(grads[:2]):
            reference.update(ref_params, copy.deepcopy(g))
            optimizer.update(stored, g)
            what = f"{qid}().update, update {i + 1}"
            now = read_params(t, stored, {key: p.shape for key, p in params.items()}, what)
            for key in KEYS:
                original = as_numeric(originals[key].value(), f'{what}: the original params["{key}"]')
                want = expected_now(now[key], ref_params[key], [run[i][key] for run in variants], tol)
                rebound = not np.allclose(original, want, **tol) and np.allclose(now[key], want, **tol)
                if rebound:
                    unchanged = np.array_equal(original, params[key])
                    t.fail(f'{qid}.update: params["{key}"]에 새 배열을 대입했습니다'
                           f'{" (원래 배열은 그대로입니다)" if unchanged else ""}. 계층이나 호출한 쪽이 가진 '
                           f"원래 배열이 갱신되어야 합니다: params[key] -= ... 처럼 쓰세요.",
                           f'{qid}.update: params["{key}"] was rebound to a new array'
                           f'{" (the original array is unchanged)" if unchanged else ""}; the original array, '
                           "which layers and the caller hold, must be updated: write params[key] -= ....",
                           "in-place")
                t.close(original, want, f'{what}: the caller\'s params["{key}"]', **tol)

    @question.check(points=0.5, tolerance="exact: grads must be bit-for-bit unchanged (and the update right)",
                    name="grads_unchanged")
    def grads_unchanged(t):
        # Trusts: grads and params as the grader reads them back after each update, judged here.
        params, grads = optimizer_problem(t.rng)
        stored = t.store(params)
        optimizer = t.fn()
        reference = getattr(t.ref, qid)()
        ref_params = copy.deepcopy(params)
        tol = dict(rtol=1e-6, atol=1e-4 * DEFAULT_LR[qid])
        variants = params_after(qid, params, grads[:3])
        for i, g in enumerate(grads[:3]):
            stored_grads = t.store(g)
            reference.update(ref_params, copy.deepcopy(g))
            optimizer.update(stored, stored_grads)
            after = stored_grads.value()
            for key in KEYS:
                t.unchanged(g[key], after[key] if isinstance(after, dict) and key in after else None,
                            f'{qid}.update(params, grads), update {i + 1}: grads["{key}"]')
            now = read_params(t, stored, {key: p.shape for key, p in params.items()}, f"{qid}().update {i + 1}")
            for key in KEYS:
                want = expected_now(now[key], ref_params[key], [run[i][key] for run in variants], tol)
                t.close(now[key], want, f'{qid}().update, update {i + 1}: params["{key}"]', **tol)


for _qid in OPTIMIZERS:
    optimizer_checks(ASSIGNMENT.question(_qid, kind="class"), _qid)
del _qid


# ================================================================ initialisation
xavier_std = ASSIGNMENT.question("xavier_std")
he_std = ASSIGNMENT.question("he_std")
# a square root of a ratio: correctly rounded in float64 whichever way it is written
SCALAR = dict(rtol=1e-10, atol=0.0)


def fan_sizes(rng, count: int) -> list[tuple[int, int]]:
    sizes = []
    while len(sizes) < count:
        n_in, n_out = (int(v) for v in rng.integers(2, 1000, size=2))
        if n_in != n_out:
            sizes.append((n_in, n_out))
    return sizes


@xavier_std.check(points=1, tolerance="rtol 1e-10", name="fan_in_and_fan_out")
def xavier_fans(t):
    for n_in, n_out in fan_sizes(t.rng, 4):
        t.close(t.fn(n_in, n_out), t.ref.xavier_std(n_in, n_out), f"xavier_std({n_in}, {n_out})", **SCALAR)


@he_std.check(points=1, tolerance="rtol 1e-10", name="fan_in")
def he_fans(t):
    for n_in, _ in fan_sizes(t.rng, 4):
        t.close(t.fn(n_in), t.ref.he_std(n_in), f"he_std({n_in})", **SCALAR)


# ================================================================ Dropout
Dropout = ASSIGNMENT.question("Dropout", kind="class", wall_seconds=10)  # 60,000-unit arrays, each check
DROPOUT_SHAPE = (200, 300)


def activations(rng) -> np.ndarray:
    """No zeros, both signs: an output 0 can only mean a dropped unit."""
    return rng.choice([-1.0, 1.0], size=DROPOUT_SHAPE) * rng.uniform(0.1, 2.0, size=DROPOUT_SHAPE)


def dropout_layer(t, ratio: float | None) -> Remote:
    return t.fn() if ratio is None else t.fn(dropout_ratio=ratio)


def kept_units(t, got, x: np.ndarray, ratio: float, what: str) -> np.ndarray:
    """The mask of a training forward pass, after checking what it may be."""
    y = as_numeric(got, what)
    if y.shape != x.shape:
        t.fail(f"{what}: 모양이 {y.shape}이(가) 아니라 {x.shape}이어야 합니다.",
               f"{what}: expected shape {x.shape}, got {y.shape}.", "shape")
    kept = y != 0
    if not np.array_equal(y[kept], x[kept]):
        scaled = np.allclose(y[kept], x[kept] / (1 - ratio), rtol=1e-9) if ratio < 1 else False
        t.fail(f"{what}: 남긴 원소의 값이 바뀌었습니다"
               f"{' (1/(1 - ratio) 배: 역 드롭아웃)' if scaled else ''}. DLFS 방식에서는 x * mask 그대로입니다.",
               f"{what}: the kept units changed value"
               f"{' (scaled by 1/(1 - ratio): inverted dropout)' if scaled else ''}; "
               "the DLFS convention returns x * mask unscaled.")
    # fraction of dropped units: binomial with n = 60,000; 6 standard deviations (<= 0.012)
    # never fail a correct layer in practice.
    dropped = 1 - kept.mean()
    bound = 6 * np.sqrt(ratio * (1 - ratio) / kept.size) + 1e-12
    if abs(dropped - ratio) > bound:
        t.fail(f"{what}: 지운 비율이 {dropped:.4f}입니다 (dropout_ratio = {ratio}, 허용 ±{bound:.4f}).",
               f"{what}: dropped a fraction {dropped:.4f} of the units "
               f"(dropout_ratio = {ratio}, allowed ±{bound:.4f}).")
    if 0 < ratio < 1 and (np.all(kept == kept[:1]) or np.all(kept == kept[:, :1])):
        t.fail(f"{what}: 원소마다 따로 지워야 하는데 행 또는 열 전체를 같이 지웠습니다.",
               f"{what}: every unit must be dropped independently, not whole rows or columns.")
    t.correct_value()  # kept units exact, dropped fraction right: judged here
    return kept


@Dropout.check(points=1, tolerance="kept units exact; dropped fraction within 6 binomial standard deviations",
               name="training_forward")
def dropout_training_forward(t):
    ratio = round(float(t.rng.uniform(0.2, 0.4)), 2)
    cases = ((ratio, f"Dropout(dropout_ratio={ratio})"), (None, "Dropout()"), (0.0, "Dropout(dropout_ratio=0.0)"))
    for r, label in cases:
        x = activations(t.rng)
        layer = dropout_layer(t, r)
        p = 0.5 if r is None else r
        first = kept_units(t, layer.forward(x), x, p, f"{label}.forward(x) (train_flg=True by default)")
        second = kept_units(t, layer.forward(x, train_flg=True), x, p, f"{label}.forward(x, train_flg=True)")
        if 0 < p and np.array_equal(first, second):
            t.fail(f"{label}: 순전파할 때마다 새 마스크를 뽑아야 하는데 두 번 모두 같은 원소를 지웠습니다.",
                   f"{label}: each training forward pass must draw a new mask; two passes dropped the same units.")


@Dropout.check(points=1, tolerance="exact: dout * the mask of the last training forward pass",
               name="backward_same_mask")
def dropout_backward(t):
    ratio = round(float(t.rng.uniform(0.2, 0.4)), 2)
    for r, label in ((ratio, f"Dropout(dropout_ratio={ratio})"), (None, "Dropout()")):
        layer = dropout_layer(t, r)
        p = 0.5 if r is None else r
        layer.forward(activations(t.rng), train_flg=True)
        x = activations(t.rng)
        kept = kept_units(t, layer.forward(x, train_flg=True), x, p, f"{label}.forward(x, train_flg=True)")
        dout = activations(t.rng)
        want = np.where(kept, dout, 0.0)
        what = f"{label}.backward(dout) after two training forward passes"
        t.close(layer.backward(dout), want, what, rtol=0, atol=0)
        t.close(layer.backward(dout), want, f"{what}, called a second time", rtol=0, atol=0)


@Dropout.check(points=0.5, tolerance="rtol 1e-12: x * (1 - dropout_ratio)", name="test_time")
def dropout_test_time(t):
    ratio = round(float(t.rng.uniform(0.2, 0.4)), 2)
    for r, label in ((ratio, f"Dropout(dropout_ratio={ratio})"), (None, "Dropout()")):
        layer = dropout_layer(t, r)
        p = 0.5 if r is None else r
        x = activations(t.rng)
        layer.forward(x, train_flg=True)
        t.close(layer.forward(x, train_flg=False), x * (1 - p), f"{label}.forward(x, train_flg=False)",
                rtol=1e-12, atol=0)


@Dropout.check(points=0.5, tolerance="exact: x and dout must be bit-for-bit unchanged", name="inputs_unchanged")
def dropout_inputs_unchanged(t):
    # Trusts: the values returned and the stored arrays as read back, judged here.
    x, dout = activations(t.rng), activations(t.rng)
    sx, sd = t.store(x), t.store(dout)
    layer = t.fn(dropout_ratio=0.5)
    out = as_numeric(layer.forward(sx, train_flg=True), "Dropout(dropout_ratio=0.5).forward(x)")
    kept = out != 0 if out.shape == x.shape else np.zeros(x.shape, dtype=bool)
    if not 0.4 < kept.mean() < 0.6:  # the full statistics are training_forward's; here: a mask at all
        t.fail(f"Dropout(dropout_ratio=0.5).forward(x): 남긴 비율이 {kept.mean():.3f}입니다.",
               f"Dropout(dropout_ratio=0.5).forward(x): kept a fraction {kept.mean():.3f} of the units.")
    t.close(out[kept], x[kept], "Dropout.forward(x, train_flg=True): the kept units", rtol=0, atol=0)
    t.close(layer.backward(sd), np.where(kept, dout, 0.0), "Dropout.backward(dout)", rtol=0, atol=0)
    t.unchanged(x, sx.value(), "Dropout.forward(x, train_flg=True): x")
    t.unchanged(dout, sd.value(), "Dropout.backward(dout): dout")
    t.close(layer.forward(sx, train_flg=False), x * 0.5, "Dropout.forward(x, train_flg=False)", rtol=1e-12, atol=0)
    t.unchanged(x, sx.value(), "Dropout.forward(x, train_flg=False): x")


# ================================================================ weight_decay_loss
weight_decay_loss = ASSIGNMENT.question("weight_decay_loss")
# a sum of squares of ~100 float64 numbers: rounding ~1e-15 relative in any order.
PENALTY = dict(rtol=1e-10, atol=1e-14)


def layered_params(rng, layers: int) -> dict:
    sizes = [int(v) for v in rng.choice(np.arange(2, 9), size=layers + 1, replace=False)]
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(size=(n_in, n_out))
        params[f"b{i}"] = rng.normal(size=n_out)
    return params


def check_penalty(t, params: dict, lam: float) -> None:
    want = t.ref.weight_decay_loss(params, lam)
    t.close(t.fn(params, lam), want, f"weight_decay_loss(params with keys {list(params)}, lam={lam})", **PENALTY,
            mistakes={"half-factor": 2 * want})


@weight_decay_loss.check(points=1, tolerance="rtol 1e-10", name="two_layers")
def decay_two_layers(t):
    params = layered_params(t.rng, 2)
    for lam in (round(float(t.rng.uniform(0.01, 0.2)), 3), round(float(t.rng.uniform(1.0, 3.0)), 2)):
        check_penalty(t, params, lam)


@weight_decay_loss.check(points=0.5, tolerance="rtol 1e-10", name="any_number_of_layers")
def decay_any_layers(t):
    params = layered_params(t.rng, 3)
    check_penalty(t, params, round(float(t.rng.uniform(0.1, 1.0)), 3))
    params = layered_params(t.rng, 1)
    check_penalty(t, params, round(float(t.rng.uniform(0.1, 1.0)), 3))


@weight_decay_loss.check(points=0.5, tolerance="exact: params must be bit-for-bit unchanged", name="params_unchanged")
def decay_params_unchanged(t):
    # Trusts: the returned value and params as read back, judged here.
    params = layered_params(t.rng, 2)
    stored = t.store(params)
    t.close(t.fn(stored, 0.5), t.ref.weight_decay_loss(copy.deepcopy(params), 0.5), "weight_decay_loss(params, 0.5)",
            **PENALTY)
    after = stored.value()
    for key, value in params.items():
        t.unchanged(value, after.get(key) if isinstance(after, dict) else None, f'weight_decay_loss: params["{key}"]')


# ================================================================ train_network
# Last: it runs the student's own TwoLayerNet and optimizer, as a student's training would.
train_network = ASSIGNMENT.question("train_network", wall_seconds=60)
N_TRAIN, N_VAL = 1257, 180  # of 1,797 digits; the remaining 360 are the grader's test set


@functools.lru_cache(maxsize=1)
def digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits  # shipped with scikit-learn: no download

    data = load_digits()
    return data.data / 16.0, data.target.astype(np.int64)


def digits_split(seed: int | None = None) -> tuple[np.ndarray, ...]:
    """A split of the digits the notebook never makes: shuffled by a generator seeded from
    the grader's secret and the submission's code, the same for both checks of the question.
    The grader loads the digits; the student process gets only the training and validation
    parts, and the test part is used here only."""
    x, labels = digits()
    if seed is None:
        seed = seed_for(ASSIGNMENT.id, "train_network", "split")
    order = np.random.default_rng(seed).permutation(len(x))
    train, val, test = np.split(order, [N_TRAIN, N_TRAIN + N_VAL])
    return x[train], labels[train], x[val], labels[val], x[test], labels[test]


def held_out_accuracy(t) -> float:
    # Trusts: net.params as plain numbers; the accuracy is the grader's own forward pass.
    x_train, t_train, x_val, t_val, x_test, t_test = digits_split(t.seed("train_network", "split"))
    seed = int(np.random.default_rng(t.seed("train_network", "seed")).integers(1000))
    net = t.fn(x_train, t_train, x_val, t_val, seed=seed)
    params = net.params if isinstance(net, Remote) else None
    if not isinstance(params, dict) or any(key not in params for key in KEYS):
        t.fail('train_network는 params("W1", "b1", "W2", "b2")를 가진 TwoLayerNet을 돌려줘야 합니다.',
               'train_network must return the trained TwoLayerNet, whose params hold "W1", "b1", "W2", "b2".')
    W1, b1, W2, b2 = (as_numeric(params[key], f'net.params["{key}"]') for key in KEYS)
    hidden = W1.shape[1] if W1.ndim == 2 else -1
    if W1.shape != (64, hidden) or b1.shape != (hidden,) or W2.shape != (hidden, 10) or b2.shape != (10,):
        t.fail(f"net.params의 모양이 W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}입니다 "
               "((64, H), (H,), (H, 10), (10,)이어야 합니다).",
               f"net.params have shapes W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}; "
               "expected (64, H), (H,), (H, 10), (10,).", "shape")
    with np.errstate(all="ignore"):  # non-finite weights simply classify badly
        scores = np.maximum(x_test @ W1 + b1, 0) @ W2 + b2
    scores = np.where(np.isfinite(scores), scores, -np.inf)
    return float(np.mean(np.argmax(scores, axis=1) == t_test))


def measured_accuracy(t) -> float:
    """The network is trained once per submission; the second check reads the first one's result."""
    if "trained" not in t.shared:
        try:
            t.shared["trained"] = ("accuracy", held_out_accuracy(t))
        except (Fail, StudentError) as exc:
            t.shared["trained"] = ("error", exc)
    kind, value = t.shared["trained"]
    if kind == "error":
        raise value
    return value


def require_accuracy(t, threshold: float) -> None:
    accuracy = measured_accuracy(t)
    n_test = len(digits()[0]) - N_TRAIN - N_VAL
    if not accuracy >= threshold:
        t.fail(f"채점기의 시험 데이터({n_test}장)에서 정확도가 {accuracy:.1%}입니다 "
               f"({threshold:.0%} 이상이어야 합니다).",
               f"Accuracy on the grader's {n_test} held-out test digits is {accuracy:.1%} "
               f"(at least {threshold:.0%} needed).")
    t.correct_value()


@train_network.check(points=1, tolerance="test accuracy >= 80 %, computed by the grader from net.params",
                     name="test_accuracy_80")
def train_80(t):
    require_accuracy(t, 0.80)


@train_network.check(points=2, tolerance="test accuracy >= 90 % (the reference reaches 96-99 %)",
                     name="test_accuracy_90")
def train_90(t):
    require_accuracy(t, 0.90)

