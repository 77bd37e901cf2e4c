# expect: full
# why: reshape(-1, 1) instead of keepdims, np.atleast_2d for single samples, np.dot / einsum for the sums, log1p in the binary loss.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    a2 = np.atleast_2d(a)
    shifted = a2 - a2.max(axis=1).reshape(-1, 1)
    e = np.exp(shifted)
    return (e / e.sum(axis=1).reshape(-1, 1)).reshape(a.shape)


def binary_cross_entropy(y_hat, y):
    y_hat = np.ravel(np.asarray(y_hat, dtype=float))
    y = np.ravel(np.asarray(y, dtype=float))
    total = np.dot(y, np.log(y_hat)) + np.dot(1 - y, np.log1p(-y_hat))
    return float(-total / y_hat.size)


def mean_squared_error(y, t):
    y2 = np.atleast_2d(np.asarray(y, dtype=float))
    N, K = y2.shape
    t = np.asarray(t)
    if t.shape == np.shape(y):
        T = t.reshape(N, K)
    else:
        T = (np.arange(K) == np.reshape(t, (N, 1))).astype(float)
    d = y2 - T
    return float(np.einsum("nk,nk->", d, d) / (2 * N))


def cross_entropy_error(y, t):
    y2 = np.atleast_2d(np.asarray(y, dtype=float))
    N, K = y2.shape
    t = np.asarray(t)
    if t.shape == np.shape(y):
        T = t.reshape(N, K).astype(float)
    else:
        T = (np.arange(K) == np.reshape(t, (N, 1))).astype(float)
    return float(-np.einsum("nk,nk->", T, np.log(y2)) / N)
