"""Hidden checks for ps3_hidden_error (COURSE.md, ps3; lecture 002).

W has shape (n_out, n_hidden) and errors have one column per sample. Inputs are drawn per
check from a seeded generator: non-square W both ways (3x5 and 5x2), a square 4x4 W where a
missing transpose still fits the shapes (so it shows as wrong values, not as a crash),
1-D errors and 2-D errors with N >= 3 columns (N never equal to n_hidden, so a transposed
2-D result has a shape of its own), networks of depth 1 to 4. The proportional split gets
positive weights only (its shares are undefined when a row sums to 0).

What a check trusts: only values the grader reads back as plain numbers and judges here (the
return values, and arguments or stored arrays as read back after the call); a check that
relies on anything else says so in a comment ("Trusts: ...").
"""

from __future__ import annotations

import numpy as np

from autograder.checks.framework import Assignment, Fail, as_numeric, compare
from autograder.sandbox.client import Remote, StudentError

ASSIGNMENT = Assignment("ps3_hidden_error", "은닉층의 오차", "Hidden-layer error")

# Every result is a few float64 products and sums (at most four layers of them): a loop and a
# vectorised version differ by about 1e-16, while every known mistake is off by order 1.
# atol covers entries that cancel to almost 0.
EXACT = dict(rtol=1e-7, atol=1e-12)

W_LECTURE = np.array([[0.3, 0.2, 0.1],
                      [0.2, 0.1, 0.1]])  # lecture 002: (n_out, n_hidden) = (2, 3)
E_LECTURE = np.array([0.42, 0.45])  # targets (1, 1) minus outputs (0.58, 0.55)

SINGLE_KO = "1차원 오차(샘플 하나)는 처리하지만 2차원 오차(열마다 샘플 하나)에서 오류가 납니다"
SINGLE_EN = "a 1-D error (one sample) works, but a 2-D error (one column per sample) raises an error"


def positive_weights(rng, n_out: int, n_hidden: int) -> np.ndarray:
    return rng.uniform(0.1, 1.0, size=(n_out, n_hidden))


def unambiguous(found: list) -> list:
    """Drop predictions that another hint's prediction equals on this input (e.g. on the
    lecture's W, whose weights total exactly 1, W / W.sum() is W itself): there the output
    cannot tell the two mistakes apart, so neither is named; other checks name it."""
    def same(a, b) -> bool:
        return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-6, atol=1e-9)
    return [(h, p) for h, p in found if not any(h2 != h and same(p, p2) for h2, p2 in found)]


def batch_call(t, batch_args: tuple, single_args: tuple):
    """Call the student's function on a batch. If that raises while the same call on one
    sample (1-D) runs, the function handles only 1-D input: the `shape` mistake. If the 1-D
    call raises too, the batch's error is reported as it is, without a hint."""
    try:
        return t.fn(*batch_args)
    except StudentError as batch_error:
        try:
            t.fn(*single_args)
        except StudentError:
            raise batch_error from None
        raise Fail(f"{SINGLE_KO} ({batch_error.type}: {batch_error.message[:300]})",
                   f"{SINGLE_EN} ({batch_error.type}: {batch_error.message[:300]})", "shape") from None


def columns_first(args: tuple) -> tuple:
    """The same arguments with every 2-D one after the first (W) cut to its first column (sample)."""
    return tuple(a[:, 0] if isinstance(a, np.ndarray) and a.ndim == 2 and i > 0 else a for i, a in enumerate(args))


# ---------------------------------------------------------------- output_error
output_error = ASSIGNMENT.question("output_error")


@output_error.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12: one subtraction")
def lecture_example(t):
    target, output = np.array([1.0, 1.0]), np.array([0.58, 0.55])
    t.close(t.fn(target, output), t.ref.output_error(target, output),
            "output_error(target=[1, 1], output=[0.58, 0.55]) (lecture 002)", **EXACT)


@output_error.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12; inputs bit-for-bit unchanged")
def single_sample(t):
    target, output = t.rng.uniform(0, 1, size=5), t.rng.uniform(0, 1, size=5)
    got, (target_after, output_after) = t.fn.call_tracking(target, output)
    t.close(got, t.ref.output_error(target, output), "output_error, target and output of shape (5,)", **EXACT)
    t.unchanged(target, target_after, "output_error(target, output): target")
    t.unchanged(output, output_after, "output_error(target, output): output")


@output_error.check(points=1, tolerance="rtol 1e-7, atol 1e-12")
def batch(t):
    target, output = t.rng.uniform(0, 1, size=(3, 4)), t.rng.uniform(0, 1, size=(3, 4))
    got = batch_call(t, (target, output), (target[:, 0], output[:, 0]))
    # sign (output - target) and shape (a flattened batch) are recognised by the framework.
    t.close(got, t.ref.output_error(target, output), "output_error, target and output of shape (3, 4)", **EXACT)


# ---------------------------------------------------------------- split_error_proportional
split_error_proportional = ASSIGNMENT.question("split_error_proportional")


def proportional_mistakes(W: np.ndarray, e: np.ndarray, want: np.ndarray) -> list:
    """What the known mistakes return for split_error_proportional(W, e)."""
    shares = W / W.sum(axis=1, keepdims=True)
    found = [
        ("not-normalized", W.T @ e),  # the simplified split: no division at all
        ("wrong-axis", (W / W.sum(axis=0)).T @ e),  # divided by column sums (weights leaving hidden i)
        ("wrong-axis", W.T @ e / W.sum()),  # W.sum() with no axis: one total for every output
    ]
    if W.shape[0] == W.shape[1]:
        found += [
            ("wrong-axis", (W / W.sum(axis=1)[None, :]).T @ e),  # W / W.sum(axis=1) without keepdims
            ("transpose", shares @ e),  # shares not transposed
        ]
    if want.ndim == 2:
        found.append(("transpose", want.T))  # e.T @ shares, a row-vector product never turned back
    return unambiguous(found)


@split_error_proportional.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def lecture_example(t):
    want = t.ref.split_error_proportional(W_LECTURE, E_LECTURE)  # [0.435, 0.2525, 0.1825]
    t.close(t.fn(W_LECTURE, E_LECTURE), want,
            "split_error_proportional(W, [0.42, 0.45]), W = [[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]] (lecture 002)",
            **EXACT, mistakes=proportional_mistakes(W_LECTURE, E_LECTURE, want))


@split_error_proportional.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def non_square_single(t):
    for n_out, n_hidden in ((3, 5), (5, 2)):
        W, e = positive_weights(t.rng, n_out, n_hidden), t.rng.normal(size=n_out)
        want = t.ref.split_error_proportional(W, e)
        t.close(t.fn(W, e), want, f"split_error_proportional, W of shape {W.shape}, e_out of shape {e.shape}",
                **EXACT, mistakes=proportional_mistakes(W, e, want))


@split_error_proportional.check(points=1, tolerance="rtol 1e-7, atol 1e-12")
def non_square_batch(t):
    for (n_out, n_hidden), n in (((3, 5), 4), ((5, 2), 3)):
        W, e = positive_weights(t.rng, n_out, n_hidden), t.rng.normal(size=(n_out, n))
        want = t.ref.split_error_proportional(W, e)
        got = batch_call(t, (W, e), (W, e[:, 0]))
        t.close(got, want, f"split_error_proportional, W of shape {W.shape}, e_out of shape {e.shape}",
                **EXACT, mistakes=proportional_mistakes(W, e, want))


@split_error_proportional.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def square_weights(t):
    # Square and not symmetric: a missing transpose or a sum over the wrong axis fits the
    # shapes here, so it shows as wrong values.
    W = positive_weights(t.rng, 4, 4)
    for e in (t.rng.normal(size=4), t.rng.normal(size=(4, 3))):
        want = t.ref.split_error_proportional(W, e)
        got = batch_call(t, (W, e), (W, e[:, 0])) if e.ndim == 2 else t.fn(W, e)
        t.close(got, want, f"split_error_proportional, square W (4, 4), e_out of shape {e.shape}",
                **EXACT, mistakes=proportional_mistakes(W, e, want))


@split_error_proportional.check(points=0.5, tolerance="exact: W and e_out must be bit-for-bit unchanged")
def inputs_unchanged(t):
    # Trusts: the returned value and the arguments as sent back after the call, judged here.
    W, e = positive_weights(t.rng, 3, 5), t.rng.normal(size=3)
    got, (W_after, e_after) = t.fn.call_tracking(W, e)
    t.unchanged(W, W_after, "split_error_proportional(W, e_out): W")
    t.unchanged(e, e_after, "split_error_proportional(W, e_out): e_out")
    want = t.ref.split_error_proportional(W, e)
    t.close(got, want, "split_error_proportional, W of shape (3, 5)", **EXACT,
            mistakes=proportional_mistakes(W, e, want))


# ---------------------------------------------------------------- split_error
split_error = ASSIGNMENT.question("split_error")


def split_mistakes(W: np.ndarray, e: np.ndarray, want: np.ndarray) -> list:
    found = [("transpose", W @ e)] if W.shape[0] == W.shape[1] else []  # the forward pass's product
    if want.ndim == 2:
        found.append(("transpose", want.T))  # e.T @ W, never turned back
    return unambiguous(found)


@split_error.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def lecture_example(t):
    t.close(t.fn(W_LECTURE, E_LECTURE), t.ref.split_error(W_LECTURE, E_LECTURE),
            "split_error(W, [0.42, 0.45]), W = [[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]] (lecture 002)", **EXACT)


@split_error.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12; inputs bit-for-bit unchanged")
def non_square_single(t):
    for n_out, n_hidden in ((3, 5), (5, 2)):
        W, e = t.rng.normal(size=(n_out, n_hidden)), t.rng.normal(size=n_out)
        got, (W_after, e_after) = t.fn.call_tracking(W, e)
        t.close(got, t.ref.split_error(W, e), f"split_error, W of shape {W.shape}, e_out of shape {e.shape}",
                **EXACT)
        t.unchanged(W, W_after, "split_error(W, e_out): W")
        t.unchanged(e, e_after, "split_error(W, e_out): e_out")


@split_error.check(points=1, tolerance="rtol 1e-7, atol 1e-12")
def non_square_batch(t):
    for (n_out, n_hidden), n in (((3, 5), 4), ((5, 2), 3)):
        W, e = t.rng.normal(size=(n_out, n_hidden)), t.rng.normal(size=(n_out, n))
        want = t.ref.split_error(W, e)
        got = batch_call(t, (W, e), (W, e[:, 0]))
        t.close(got, want, f"split_error, W of shape {W.shape}, e_out of shape {e.shape}", **EXACT,
                mistakes=split_mistakes(W, e, want))


@split_error.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def square_weights(t):
    W = t.rng.normal(size=(4, 4))
    for e in (t.rng.normal(size=4), t.rng.normal(size=(4, 3))):
        want = t.ref.split_error(W, e)
        got = batch_call(t, (W, e), (W, e[:, 0])) if e.ndim == 2 else t.fn(W, e)
        t.close(got, want, f"split_error, square W (4, 4), e_out of shape {e.shape}", **EXACT,
                mistakes=split_mistakes(W, e, want))


# ---------------------------------------------------------------- backpropagate_errors
backpropagate_errors = ASSIGNMENT.question("backpropagate_errors")
SIZES = [4, 5, 3, 6, 2]  # n_0 (input) ... n_4 (output): no two neighbours equal


def chain(rng, sizes: list[int]) -> list[np.ndarray]:
    """[W_1, ..., W_L] with W_l of shape (n_l, n_{l-1})."""
    return [rng.normal(size=(n_next, n_prev)) for n_prev, n_next in zip(sizes[:-1], sizes[1:])]


def errors_without_transpose(weights: list[np.ndarray], e: np.ndarray) -> list[np.ndarray]:
    """The recursion with W_{l+1} @ e instead of W_{l+1}^T @ e (fits only square layers)."""
    errors = [np.array(e, dtype=float)]
    for W in reversed(weights[1:]):
        errors.insert(0, W @ errors[0])
    return errors


def matches_all(got: list[np.ndarray], predicted: list[np.ndarray]) -> bool:
    return len(got) == len(predicted) and all(
        g.shape == np.shape(p) and np.allclose(g, p, rtol=1e-6, atol=1e-9) for g, p in zip(got, predicted))


def close_errors(t, got, want: list[np.ndarray], what: str, square: bool = False, weights=None) -> None:
    """Compare a returned list [e_1, ..., e_L] with the reference's, naming the known mistakes:
    the list reversed (order), W instead of W^T on a square chain (transpose), an element of the
    wrong shape (shape), every error negated (sign)."""
    if isinstance(got, np.ndarray) and got.ndim >= 1:
        got = list(got)  # a stacked array of equal-length errors: judge its rows
    if not isinstance(got, (list, tuple)):
        t.fail(f"{what}: 리스트 [e_1, ..., e_L]가 아니라 {type(got).__name__}을(를) 반환했습니다.",
               f"{what}: returned a {type(got).__name__}, not a list [e_1, ..., e_L].")
    if len(got) != len(want):
        t.fail(f"{what}: 오차 {len(want)}개(층마다 하나, e_1부터 e_L까지)를 돌려줘야 하는데 "
               f"{len(got)}개를 돌려줬습니다.",
               f"{what}: expected {len(want)} errors (one per layer, e_1 to e_L), got {len(got)}.")
    arrays = [as_numeric(g, f"{what}, errors[{k}]") for k, g in enumerate(got)]
    if all(a.shape == w.shape and np.allclose(a, w, **EXACT) for a, w in zip(arrays, want)):
        t.correct_value()  # every layer's error within tolerance, judged here
        return
    predictions = [("order", want[::-1])]
    if square and weights is not None:
        predictions.append(("transpose", errors_without_transpose(weights, want[-1])))
    hint = next((h for h, p in predictions if matches_all(arrays, p)), None)
    if hint is None:
        if any(a.shape != w.shape for a, w in zip(arrays, want)):
            hint = "shape"
        elif matches_all(arrays, [-w for w in want]):
            hint = "sign"
    for k, (a, w) in enumerate(zip(arrays, want)):
        try:
            compare(a, w, f"{what}, e_{k + 1} (errors[{k}])", **EXACT)
        except Fail as f:
            raise Fail(f.ko, f.en, hint) from None


@backpropagate_errors.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def lecture_example(t):
    weights = [t.rng.normal(size=(3, 4)), W_LECTURE]  # W_1's values do not enter the errors
    want = t.ref.backpropagate_errors(weights, E_LECTURE)  # [[0.216, 0.129, 0.087], [0.42, 0.45]]
    close_errors(t, t.fn(weights, E_LECTURE), want,
                 "backpropagate_errors([W_1 (3, 4), W_2 = lecture W (2, 3)], [0.42, 0.45]) (lecture 002)")


@backpropagate_errors.check(points=1, tolerance="rtol 1e-7, atol 1e-12 for every layer")
def depths_single(t):
    for depth in (1, 2, 3, 4):
        sizes = SIZES[-(depth + 1):]
        weights, e = chain(t.rng, sizes), t.rng.normal(size=sizes[-1])
        close_errors(t, t.fn(weights, e), t.ref.backpropagate_errors(weights, e),
                     f"backpropagate_errors, depth {depth}, layer sizes {sizes}, e_out of shape {e.shape}")


@backpropagate_errors.check(points=1, tolerance="rtol 1e-7, atol 1e-12 for every layer")
def depths_batch(t):
    for depth in (2, 4):
        sizes = SIZES[-(depth + 1):]
        weights, e = chain(t.rng, sizes), t.rng.normal(size=(sizes[-1], 4))
        got = batch_call(t, (weights, e), (weights, e[:, 0]))
        close_errors(t, got, t.ref.backpropagate_errors(weights, e),
                     f"backpropagate_errors, depth {depth}, layer sizes {sizes}, e_out of shape {e.shape}")


@backpropagate_errors.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12 for every layer")
def square_chain(t):
    # Every layer 4 wide: W @ e (the forward product) fits the shapes, so it shows as values.
    weights = chain(t.rng, [4, 4, 4, 4])
    for e in (t.rng.normal(size=4), t.rng.normal(size=(4, 3))):
        got = batch_call(t, (weights, e), (weights, e[:, 0])) if e.ndim == 2 else t.fn(weights, e)
        close_errors(t, got, t.ref.backpropagate_errors(weights, e),
                     f"backpropagate_errors, three 4x4 layers, e_out of shape {e.shape}", square=True, weights=weights)


def call_and_keep(t, *args) -> Remote:
    """Call the student's function with `args` and keep its result in the student process.

    `t.fn(...)` sends back plain copies, which cannot show whether the result shares memory
    with an argument. Here builtins.map wraps the call lazily and list.extend on a stored list
    runs it, so the result stays there behind a Remote."""
    box = t.store([])
    lazy_call = Remote(t.sandbox, {"name": "__builtins__", "path": [["attr", "map"]]}, "map")(
        t.fn.pin(), *[[a] for a in args])
    box.ref(("attr", "extend"))(lazy_call)
    return box.ref(("item", 0))


@backpropagate_errors.check(points=0.5, tolerance="exact: inputs unchanged; e_L independent of e_out")
def returns_a_copy(t):
    sizes = [3, 5, 4, 2]
    # 1-D e_out: this check is about copies, so a function that handles only 1-D still takes it.
    weights, e = chain(t.rng, sizes), t.rng.normal(size=2)
    weights_remote, e_remote = t.store(weights), t.store(e)
    result = call_and_keep(t, weights_remote, e_remote)
    what = f"backpropagate_errors, layer sizes {sizes}, e_out of shape {e.shape}"
    close_errors(t, result.value(), t.ref.backpropagate_errors(weights, e), what)
    t.unchanged(e, e_remote.value(), "backpropagate_errors(weights, e_out): e_out")
    for k, (W, W_after) in enumerate(zip(weights, weights_remote.value())):
        t.unchanged(W, W_after, f"backpropagate_errors(weights, e_out): weights[{k}]")
    e_remote.set_inplace(e + 1.0)  # the caller changes its array after the call ...
    if not np.array_equal(np.asarray(result.ref(("item", -1)).value(), dtype=float), e):  # ... and e_L follows
        t.fail("돌려준 e_L이 호출한 쪽의 e_out 배열 자체(또는 그 뷰)입니다: 호출한 쪽이 e_out을 바꾸면 e_L도 바뀝니다. "
               "np.array(e_out, dtype=float)나 e_out.copy()로 복사본을 넣으세요.",
               "The returned e_L is the caller's e_out array itself (or a view of it): when the caller changes "
               "e_out, e_L changes too. Put a copy in the list: np.array(e_out, dtype=float) or e_out.copy().")


# ---------------------------------------------------------------- hidden_gradient
hidden_gradient = ASSIGNMENT.question("hidden_gradient")


def sigmoid_layer(t, n_out: int, n_hidden: int, n: int | None):
    """W ~ 2 N(0, 1) (outputs spread over (0, 1), some near saturation), activations and
    targets ~ U(0, 1), and the consistent cached output a_out = sigmoid(W a_hidden)."""
    shape = (n_hidden,) if n is None else (n_hidden, n)
    W = 2.0 * t.rng.normal(size=(n_out, n_hidden))
    a_hidden = t.rng.uniform(0, 1, size=shape)
    a_out = t.ref.sigmoid(W @ a_hidden)
    target = t.rng.uniform(0, 1, size=a_out.shape)
    return W, a_hidden, a_out, target


def gradient_mistakes(W, a_hidden, a_out, target) -> list:
    delta = (a_out - target) * a_out * (1 - a_out)
    z = W @ a_hidden
    found = [("derivative-input", W.T @ ((a_out - target) * z * (1 - z)))]  # y(1 - y) evaluated at z
    if W.shape[0] == W.shape[1]:
        found.append(("transpose", W @ delta))
    if delta.ndim == 2:
        found.append(("transpose", (W.T @ delta).T))
    return unambiguous(found)


def check_gradient(t, args: tuple, what: str) -> None:
    want = t.ref.hidden_gradient(*args)
    mistakes = gradient_mistakes(*args)
    if args[1].ndim == 2:
        got = batch_call(t, args, columns_first(args))
        mistakes.append(("batch-mean", want / args[1].shape[1]))  # the loss averaged, not summed, over samples
    else:
        got = t.fn(*args)
    # sign (the error W^T[(t - a) a (1 - a)] instead of the gradient) is recognised by the framework.
    t.close(got, want, what, **EXACT, mistakes=mistakes)


@hidden_gradient.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def lecture_example(t):
    a_hidden, target = np.array([0.4, 0.8, 0.4]), np.array([1.0, 1.0])
    a_out = t.ref.sigmoid(W_LECTURE @ a_hidden)  # about (0.5793, 0.5498): the lecture's 0.58, 0.55
    check_gradient(t, (W_LECTURE, a_hidden, a_out, target),
                   "hidden_gradient, lecture W, a_hidden = [0.4, 0.8, 0.4], target = [1, 1]")


@hidden_gradient.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def non_square_single(t):
    for n_out, n_hidden in ((3, 5), (5, 2)):
        check_gradient(t, sigmoid_layer(t, n_out, n_hidden, None),
                       f"hidden_gradient, W of shape ({n_out}, {n_hidden}), one sample")


@hidden_gradient.check(points=1, tolerance="rtol 1e-7, atol 1e-12")
def non_square_batch(t):
    for (n_out, n_hidden), n in (((3, 5), 4), ((5, 2), 3)):
        check_gradient(t, sigmoid_layer(t, n_out, n_hidden, n),
                       f"hidden_gradient, W of shape ({n_out}, {n_hidden}), {n} samples (columns)")


@hidden_gradient.check(points=0.5, tolerance="rtol 1e-7, atol 1e-12")
def square_weights(t):
    for n in (None, 3):
        check_gradient(t, sigmoid_layer(t, 4, 4, n),
                       f"hidden_gradient, square W (4, 4), {'one sample' if n is None else f'{n} samples'}")


@hidden_gradient.check(points=0.5, tolerance="exact: every input bit-for-bit unchanged")
def inputs_unchanged(t):
    # Trusts: the returned value and the arguments as sent back after the call, judged here.
    args = sigmoid_layer(t, 3, 5, None)  # one sample: a function that handles only 1-D still takes it
    got, after = t.fn.call_tracking(*args)
    for name, before, now in zip(("W", "a_hidden", "a_out", "target"), args, after):
        t.unchanged(before, now, f"hidden_gradient(W, a_hidden, a_out, target): {name}")
    t.close(got, t.ref.hidden_gradient(*(np.copy(a) for a in args)), "hidden_gradient, W of shape (3, 5)", **EXACT,
            mistakes=gradient_mistakes(*args))
