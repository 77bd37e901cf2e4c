"""ps4_two_layer_net: the reference against independent computations (numerical gradients,
hand-computed optimizer steps, the lecture's 3 -> 4 -> 3 example), training on the digits,
and what the example harness does not see (the training cache, the time limit, a numerical
gradient with another step size).
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from autograder import checks
from autograder.checks import ps4_two_layer_net as hidden
from autograder.checks.framework import load_module, solutions_dir
from autograder.grading import Grader
from autograder.submission import Cell, Submission

pytestmark = pytest.mark.task4
AID = "ps4_two_layer_net"
REFERENCE_SOURCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
ref = load_module(solutions_dir() / f"{AID}.py", "_test_ps4_reference")
KEYS = ("W1", "b1", "W2", "b2")


def grade(*sources: str, questions: list[str] | None = None):
    cells = [Cell("<reference>", REFERENCE_SOURCE)] + [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(AID)).grade(Submission(cells, module_name="submission"), questions=questions)


def net_with(params: dict):
    d, h = params["W1"].shape
    net = ref.TwoLayerNet(d, h, params["W2"].shape[1])
    for key in KEYS:
        net.params[key][...] = params[key]
    return net


def random_params(rng, d: int, h: int, k: int) -> dict:
    return {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}


# ---------------------------------------------------------------- the gradient, computed another way
def loss_by_loops(params: dict, x: np.ndarray, labels: np.ndarray) -> float:
    """Cross-entropy of the network written sample by sample, unit by unit (no reference code)."""
    total = 0.0
    for sample, label in zip(np.atleast_2d(x), np.atleast_1d(labels)):
        hidden_units = [max(0.0, float(sample @ params["W1"][:, j] + params["b1"][j]))
                        for j in range(params["W1"].shape[1])]
        scores = [sum(a * w for a, w in zip(hidden_units, params["W2"][:, c])) + params["b2"][c]
                  for c in range(params["W2"].shape[1])]
        top = max(scores)
        total -= scores[label] - top - np.log(sum(np.exp(s - top) for s in scores))
    return total / len(np.atleast_1d(labels))


def five_point_gradient(params: dict, x, labels, h: float = 1e-3) -> dict:
    """(-f(+2h) + 8 f(+h) - 8 f(-h) + f(-2h)) / 12h: error O(h^4) ~ 1e-12, rounding ~1e-13."""
    grads = {}
    for key in KEYS:
        g = np.zeros_like(params[key])
        for idx in np.ndindex(*params[key].shape):
            values = []
            for step in (2, 1, -1, -2):
                shifted = {k: v.copy() for k, v in params.items()}
                shifted[key][idx] += step * h
                values.append(loss_by_loops(shifted, x, labels))
            g[idx] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * h)
        grads[key] = g
    return grads


def smooth_point(rng, n: int, d: int, h: int, k: int):
    """Parameters and inputs with |z1| > 0.05: a step of 2e-3 never crosses a ReLU kink."""
    while True:
        params = random_params(rng, d, h, k)
        x = rng.normal(size=(n, d))
        if np.min(np.abs(x @ params["W1"] + params["b1"])) > 0.05:
            return params, x, rng.integers(0, k, size=n)


def max_relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Relative error; entries below 1e-4 are held to 1e-12 absolute, as the stencil's
    rounding (~1e-16 / 1e-3 per evaluation) allows nothing finer."""
    return float(np.max(np.abs(a - b) / np.maximum(1e-4, np.abs(a) + np.abs(b))))


@pytest.mark.parametrize("seed, shape", [(0, (4, 3, 5, 2)), (1, (6, 5, 3, 4)), (2, (3, 7, 4, 6))])
def test_reference_gradient_matches_numerical_gradient(seed, shape):
    n, d, h, k = shape
    rng = np.random.default_rng(seed)
    params, x, labels = smooth_point(rng, n, d, h, k)
    net = net_with(params)
    numeric = five_point_gradient(params, x, labels)
    for target in (labels, np.eye(k)[labels]):
        analytic = net.gradient(x, target)
        for key in KEYS:
            assert analytic[key].shape == params[key].shape
            assert max_relative_error(analytic[key], numeric[key]) < 1e-8, key
    assert abs(net.loss(x, labels) - loss_by_loops(params, x, labels)) < 1e-12


def test_reference_single_sample_is_a_batch_of_one():
    rng = np.random.default_rng(3)
    params, x, labels = smooth_point(rng, 1, 5, 4, 3)
    net = net_with(params)
    numeric = five_point_gradient(params, x, labels)
    for target in (int(labels[0]), np.eye(3)[labels[0]]):
        analytic = net.gradient(x[0], target)
        for key in KEYS:
            assert max_relative_error(analytic[key], numeric[key]) < 1e-8, key
    assert net.predict(x[0]).shape == (3,)


def test_reference_relu_passes_no_gradient_at_zero():
    """A hidden unit with z1 exactly 0 contributes nothing to dW1, db1 (COURSE.md)."""
    params = {"W1": np.array([[1.0, -1.0], [2.0, 0.5]]), "b1": np.array([-3.0, 0.25]),
              "W2": np.array([[0.3, -0.2, 0.1], [0.4, 0.5, -0.6]]), "b2": np.zeros(3)}
    x = np.array([[1.0, 1.0]])  # z1 = [0, -0.25]: unit 0 exactly at the kink, unit 1 off
    grads = net_with(params).gradient(x, np.array([2]))
    np.testing.assert_array_equal(grads["W1"], 0.0)
    np.testing.assert_array_equal(grads["b1"], 0.0)


def test_reference_numerical_gradient_method():
    rng = np.random.default_rng(4)
    params, x, labels = smooth_point(rng, 5, 3, 4, 3)
    net = net_with(params)
    numeric, analytic = net.numerical_gradient(x, labels), net.gradient(x, labels)
    for key in KEYS:
        np.testing.assert_allclose(numeric[key], analytic[key], rtol=1e-6, atol=1e-8)
        np.testing.assert_array_equal(net.params[key], params[key])  # put back as they were


# ---------------------------------------------------------------- lecture 004: 3 -> 4 -> 3 (the notebook's part 1)
def test_lecture_004_network_by_hand():
    W0 = np.array([[0.1, 0.2, -0.3, 0.4], [0.5, -0.6, 0.7, 0.1], [0.2, 0.3, 0.1, -0.5]])
    W1 = np.array([[0.2, -0.1, 0.4], [0.3, 0.5, -0.2], [-0.4, 0.1, 0.6], [0.1, 0.2, 0.3]])
    I = np.array([[1.0, 0.5, 2.0]])  # noqa: E741 (the lecture's name)
    net = net_with({"W1": W0, "b1": np.zeros(4), "W2": W1, "b2": np.zeros(3)})
    np.testing.assert_allclose(I @ W0, [[0.75, 0.5, 0.25, -0.55]], atol=1e-15)
    np.testing.assert_allclose(net.predict(I), [[0.2, 0.2, 0.35]], atol=1e-15)
    np.testing.assert_allclose(ref.softmax(net.predict(I)), [[0.3163, 0.3163, 0.3675]], atol=5e-5)
    assert abs(net.loss(I, np.array([0])) - 1.1512) < 5e-5
    delta2 = ref.softmax(net.predict(I)) - np.array([[1.0, 0.0, 0.0]])
    np.testing.assert_allclose(delta2, [[-0.6837, 0.3163, 0.3675]], atol=5e-5)
    np.testing.assert_allclose(delta2 @ W1.T, [[-0.0214, -0.1205, 0.5256, 0.1051]], atol=5e-5)
    grads = net.gradient(I, np.array([0]))
    np.testing.assert_allclose(grads["b1"], [-0.0214, -0.1205, 0.5256, 0.0], atol=5e-5)  # h4 < 0: blocked
    np.testing.assert_allclose(grads["W2"], np.array([[0.75], [0.5], [0.25], [0.0]]) @ delta2, atol=1e-12)
    np.testing.assert_allclose(grads["W1"], I.T @ grads["b1"][None, :], atol=1e-12)


# ---------------------------------------------------------------- optimizers, by hand
def tiny():
    return {"W": np.array([[1.0, -2.0]]), "b": np.array([0.5])}, {"W": np.array([[0.5, -1.0]]), "b": np.array([2.0])}


def two_steps(optimizer):
    params, grads = tiny()
    arrays = dict(params)
    optimizer.update(params, grads)
    one = {k: v.copy() for k, v in params.items()}
    optimizer.update(params, grads)
    assert all(params[k] is arrays[k] for k in params)  # in place
    assert np.array_equal(grads["W"], [[0.5, -1.0]]) and np.array_equal(grads["b"], [2.0])
    return one, params


def test_optimizer_steps_by_hand():
    g = np.array([0.5, -1.0, 2.0])
    p = np.array([1.0, -2.0, 0.5])
    one, two = two_steps(ref.SGD(lr=0.1))
    np.testing.assert_allclose(np.r_[one["W"].ravel(), one["b"]], p - 0.1 * g, atol=1e-15)
    np.testing.assert_allclose(np.r_[two["W"].ravel(), two["b"]], p - 0.2 * g, atol=1e-15)
    one, two = two_steps(ref.Momentum(lr=0.1, momentum=0.9))
    np.testing.assert_allclose(np.r_[one["W"].ravel(), one["b"]], p - 0.1 * g, atol=1e-15)
    np.testing.assert_allclose(np.r_[two["W"].ravel(), two["b"]], p - 0.1 * g - 0.19 * g, atol=1e-15)
    one, two = two_steps(ref.AdaGrad(lr=0.1))  # h = g^2, then 2 g^2
    np.testing.assert_allclose(np.r_[one["W"].ravel(), one["b"]], p - 0.1 * g / (np.abs(g) + 1e-7), atol=1e-15)
    np.testing.assert_allclose(np.r_[two["W"].ravel(), two["b"]],
                               p - 0.1 * g / (np.abs(g) + 1e-7) - 0.1 * g / (np.sqrt(2) * np.abs(g) + 1e-7),
                               atol=1e-15)
    one, two = two_steps(ref.RMSprop(lr=0.01, decay_rate=0.99))  # h = 0.01 g^2, then 0.0199 g^2
    first = p - 0.01 * g / (0.1 * np.abs(g) + 1e-7)
    np.testing.assert_allclose(np.r_[one["W"].ravel(), one["b"]], first, atol=1e-15)
    np.testing.assert_allclose(np.r_[two["W"].ravel(), two["b"]],
                               first - 0.01 * g / (np.sqrt(0.0199) * np.abs(g) + 1e-7), atol=1e-15)
    one, two = two_steps(ref.Adam(lr=0.1))  # constant g: m_hat = g, v_hat = g^2 at every step
    np.testing.assert_allclose(np.r_[one["W"].ravel(), one["b"]], p - 0.1 * g / (np.abs(g) + 1e-7), atol=1e-14)
    np.testing.assert_allclose(np.r_[two["W"].ravel(), two["b"]], p - 0.2 * g / (np.abs(g) + 1e-7), atol=1e-14)


def test_adam_without_bias_correction_is_what_the_hint_predicts():
    """The grader's no-correction variant takes the first step lr (1 - beta1) / sqrt(1 - beta2)."""
    params, grads = tiny()
    run = hidden.adam_variant({"lr": 0.1}, params, [grads], hidden.ADAM_COUNTERS[0])
    np.testing.assert_allclose(params["W"] - run[0]["W"], 0.1 * 0.1 / np.sqrt(0.001) * np.sign(grads["W"]),
                               rtol=1e-5)


# ---------------------------------------------------------------- initialisation, dropout, weight decay
def test_init_stds():
    assert ref.xavier_std(100, 100) == pytest.approx(0.1, rel=1e-15)
    assert ref.xavier_std(64, 100) == pytest.approx(np.sqrt(2 / 164), rel=1e-15)
    assert ref.he_std(2) == pytest.approx(1.0, rel=1e-15)
    assert ref.he_std(64) == pytest.approx(np.sqrt(2) / 8, rel=1e-15)


def test_dropout_follows_dlfs():
    np.random.seed(1)
    layer = ref.Dropout(dropout_ratio=0.3)
    x = np.full((300, 200), -1.5)
    x_before = x.copy()
    y = layer.forward(x, train_flg=True)
    kept = y != 0
    assert abs((1 - kept.mean()) - 0.3) < 0.01
    np.testing.assert_array_equal(y[kept], -1.5)  # not inverted: no 1/(1 - p)
    dout = np.arange(x.size, dtype=float).reshape(x.shape) + 1
    dout_before = dout.copy()
    np.testing.assert_array_equal(layer.backward(dout), np.where(kept, dout, 0.0))
    np.testing.assert_array_equal(dout, dout_before)
    np.testing.assert_allclose(layer.forward(x, train_flg=False), -1.5 * 0.7, rtol=1e-15)
    np.testing.assert_array_equal(x, x_before)
    assert ref.Dropout().dropout_ratio == 0.5


def test_weight_decay_worked_example():
    params = {"W1": np.array([[1.0, 2.0], [0.0, -1.0]]), "b1": np.array([5.0, 5.0]),
              "W2": np.array([[3.0], [0.0]]), "b2": np.array([7.0])}
    assert ref.weight_decay_loss(params, 0.1) == pytest.approx(0.5 * 0.1 * 15, rel=1e-15)  # biases left out


# ---------------------------------------------------------------- training on the digits
def accuracy_from_params(params: dict, x: np.ndarray, labels: np.ndarray) -> float:
    scores = np.maximum(x @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def test_reference_trains_to_90_percent(capsys):
    """On the grader's split and on the notebook's: 90 % needed, the reference reaches more."""
    x_train, t_train, x_val, t_val, x_test, t_test = hidden.digits_split()
    start = time.perf_counter()
    net = ref.train_network(x_train, t_train, x_val, t_val, seed=0)
    grader_split = (accuracy_from_params(net.params, x_test, t_test), time.perf_counter() - start)
    x_train, t_train, x_val, t_val, x_test, t_test = ref.load_digits_split(seed=0)
    start = time.perf_counter()
    net = ref.train_network(x_train, t_train, x_val, t_val, seed=0)
    notebook_split = (accuracy_from_params(net.params, x_test, t_test), time.perf_counter() - start)
    with capsys.disabled():
        print(f"\n  reference train_network: grader's split {grader_split[0]:.3f} in {grader_split[1]:.2f} s, "
              f"notebook's split {notebook_split[0]:.3f} in {notebook_split[1]:.2f} s")
    assert grader_split[0] >= 0.90 and notebook_split[0] >= 0.90


def test_grader_split_covers_the_digits_once_and_is_not_the_notebooks():
    x_train, t_train, x_val, t_val, x_test, t_test = hidden.digits_split()
    assert (len(x_train), len(x_val), len(x_test)) == (1257, 180, 360)
    x_all, t_all = hidden.digits()
    together = np.concatenate([x_train, x_val, x_test])
    order = np.lexsort(together.T)
    np.testing.assert_array_equal(together[order], x_all[np.lexsort(x_all.T)])  # a permutation of all 1,797
    assert np.bincount(np.concatenate([t_train, t_val, t_test])).tolist() == np.bincount(t_all).tolist()
    assert not np.array_equal(x_test[:180], ref.load_digits_split(seed=0)[4])


UNTRAINED = '''
def train_network(x_train, t_train, x_val, t_val, seed=0):
    return TwoLayerNet(64, 20, 10, seed=seed)
'''


def test_training_result_is_not_shared_between_submissions():
    """Both checks of train_network reuse one training run, but only within one submission."""
    good = grade(questions=["train_network"])
    bad = grade(UNTRAINED, questions=["train_network"])
    again = grade(questions=["train_network"])
    assert good.questions["train_network"].score == again.questions["train_network"].score == 3
    assert bad.questions["train_network"].score == 0


def test_train_network_time_limit(monkeypatch):
    question = checks.get(AID).questions["train_network"]
    monkeypatch.setattr(question, "wall_seconds", 2.0)
    monkeypatch.setattr(question, "cpu_seconds", 2.0)
    start = time.perf_counter()
    report = grade("def train_network(x_train, t_train, x_val, t_val, seed=0):\n    while True:\n        pass\n",
                   questions=["train_network", "xavier_std"])
    assert time.perf_counter() - start < 20
    assert report.questions["train_network"].score == 0
    assert "time" in report.questions["train_network"].checks[0].message.lower()
    assert report.questions["xavier_std"].score == report.questions["xavier_std"].max_score


# ---------------------------------------------------------------- what the hidden checks accept
OTHER_STEP = '''
class TwoLayerNet(TwoLayerNet):
    def numerical_gradient(self, x, t):
        return {key: numerical_gradient(lambda _: self.loss(x, t), self.params[key], h=1e-5) for key in self.params}
'''


def test_numerical_gradient_with_another_small_step_passes():
    report = grade(OTHER_STEP, questions=["TwoLayerNet"])
    assert report.questions["TwoLayerNet"].score == report.questions["TwoLayerNet"].max_score


def test_dropout_fraction_bound_is_principled():
    """6 binomial standard deviations: a correct layer fails about once in 5e8 draws."""
    n = hidden.DROPOUT_SHAPE[0] * hidden.DROPOUT_SHAPE[1]
    assert 6 * np.sqrt(0.25 / n) < 0.013


def test_question_order_and_points():
    assignment = checks.get(AID)
    assert list(assignment.questions) == ["TwoLayerNet", "SGD", "Momentum", "AdaGrad", "RMSprop", "Adam",
                                          "xavier_std", "he_std", "Dropout", "weight_decay_loss", "train_network"]
    assert assignment.questions["train_network"].wall_seconds == 60
    for q in assignment.questions.values():
        assert all(float(c.points * 2).is_integer() for c in q.checks)
