"""Reference solution of ps1_softmax_loss: softmax, cross-entropy, MSE, the softmax loss and its gradient.

Conventions (COURSE.md): a batch is an array (N, K) with one sample per row, and a
single sample (K,) counts as a batch of N = 1. Labels come one-hot (the same shape
as the scores) or as integer class indices (shape (N,), or a scalar for a single
sample). Natural log everywhere. No function writes into an array it was given.

Each function stands alone (none calls another), so that a mistake in one question
cannot cost marks in another.
"""

import numpy as np


def softmax(a: np.ndarray) -> np.ndarray:
    """
    Softmax of each row: y_k = exp(a_k) / Σ_i exp(a_i).
    각 행의 소프트맥스 (행마다 합이 1인 확률로 바꾼다).

    Inputs:
    - a: scores, of shape (N, K), or (K,) for a single sample.

    Returns:
    - y: probabilities of the same shape as a; each row (or the single sample) sums
      to 1. Finite even for scores as large as |a| = 1e4.
    """
    a = np.asarray(a, dtype=float)
    # Subtracting the row maximum changes nothing (exp(a - m) / Σ exp(a - m) is the
    # same fraction) but keeps every exp(...) in (0, 1], so nothing overflows.
    exp_a = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)


def cross_entropy_error(y: np.ndarray, t: np.ndarray | int) -> float:
    """
    Cross-entropy error E = -Σ_k t_k ln y_k, averaged over the batch.
    교차 엔트로피 오차 (배치 평균). 자연로그를 쓴다.

    Inputs:
    - y: predicted probabilities, of shape (N, K), or (K,) for a single sample.
    - t: correct classes: one-hot of the same shape as y, or integer class indices
      of shape (N,) (a scalar for a single sample).

    Returns:
    - loss: a float, the mean over the N samples of -Σ_k t_k ln y_k.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    y_rows = y.reshape(-1, y.shape[-1])  # (N, K); a single sample becomes N = 1
    N, K = y_rows.shape
    if t.shape == y.shape:  # one-hot: the class is where the 1 is
        c = np.argmax(t.reshape(N, K), axis=1)
    else:  # integer class indices
        c = t.reshape(N).astype(int)
    # Only the correct class's term survives in -Σ_k t_k ln y_k, so it is -ln y_c.
    return float(-np.mean(np.log(y_rows[np.arange(N), c])))


def binary_cross_entropy(y_hat: np.ndarray | float, y: np.ndarray | float) -> float:
    """
    Binary cross-entropy of logistic regression, -[y ln ŷ + (1 - y) ln(1 - ŷ)],
    averaged over the samples.
    로지스틱 회귀(이항 분류)의 교차 엔트로피 손실 (평균).

    Inputs:
    - y_hat: predicted probabilities P(y = 1 | x), strictly between 0 and 1; a
      scalar, or of shape (N,).
    - y: the correct labels, 0 or 1, of the same shape as y_hat.

    Returns:
    - loss: a float, the mean over the samples. Natural log.
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    losses = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    return float(np.mean(losses))


def mean_squared_error(y: np.ndarray, t: np.ndarray | int) -> float:
    """
    Squared error E = ½ Σ_k (y_k - t_k)², averaged over the batch.
    평균 제곱 오차 (배치 평균). ½을 잊지 말 것.

    Inputs:
    - y: outputs, of shape (N, K), or (K,) for a single sample.
    - t: targets: one-hot of the same shape as y, or integer class indices of
      shape (N,) (a scalar for a single sample).

    Returns:
    - loss: a float, the mean over the N samples of ½ Σ_k (y_k - t_k)².
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    y_rows = y.reshape(-1, y.shape[-1])  # (N, K)
    N, K = y_rows.shape
    if t.shape == y.shape:
        T = t.reshape(N, K)
    else:  # integer labels -> one-hot rows of the identity matrix
        T = np.eye(K)[t.reshape(N).astype(int)]
    return float(0.5 * np.sum((y_rows - T) ** 2) / N)


def softmax_loss(z: np.ndarray, t: np.ndarray | int) -> float:
    """
    Softmax loss from logits: the batch mean of -ln softmax(z)_c, c the correct class.
    로짓 z에서 바로 구하는 소프트맥스 손실 (배치 평균). log-sum-exp로 계산한다.

    Inputs:
    - z: logits (scores before softmax), of shape (N, K), or (K,) for a single sample.
    - t: correct classes: one-hot of the same shape as z, or integer class indices
      of shape (N,) (a scalar for a single sample).

    Returns:
    - loss: a float, the mean over the N samples; accurate (not only finite) for
      logits as large as |z| = 1e4.
    """
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])  # (N, K)
    N, K = z_rows.shape
    if t.shape == z.shape:
        c = np.argmax(t.reshape(N, K), axis=1)
    else:
        c = t.reshape(N).astype(int)
    # -ln softmax(z)_c = ln Σ_k exp(z_k) - z_c. With s = z - max(z) the same value is
    # ln Σ_k exp(s_k) - s_c: every exp(s_k) <= 1 and the sum is >= 1, so the log is
    # finite and nothing is ever rounded to 0 before the log is taken.
    s = z_rows - np.max(z_rows, axis=1, keepdims=True)
    log_sum_exp = np.log(np.sum(np.exp(s), axis=1))  # (N,)
    return float(np.mean(log_sum_exp - s[np.arange(N), c]))


def softmax_loss_grad(z: np.ndarray, t: np.ndarray | int) -> np.ndarray:
    """
    Gradient of softmax_loss with respect to the logits: (softmax(z) - T) / N.
    소프트맥스 손실을 로짓 z로 미분한 값: (softmax(z) - 정답 원-핫) / N.

    Inputs:
    - z: logits, of shape (N, K), or (K,) for a single sample (then N = 1).
    - t: correct classes: one-hot of the same shape as z, or integer class indices
      of shape (N,) (a scalar for a single sample).

    Returns:
    - dz: the gradient, of the same shape as z.
    """
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])  # (N, K)
    N, K = z_rows.shape
    if t.shape == z.shape:
        T = t.reshape(N, K)
    else:
        T = np.eye(K)[t.reshape(N).astype(int)]
    # softmax(z), written out here so that this function stands on its own.
    exp_z = np.exp(z_rows - np.max(z_rows, axis=1, keepdims=True))
    y = exp_z / np.sum(exp_z, axis=1, keepdims=True)
    # The loss is a mean over N samples, so each sample's gradient y - T is divided by N.
    return ((y - T) / N).reshape(z.shape)
