# expect: cross_entropy_error=log10
# why: Uses np.log10 as the slides of lecture 003 did (log 0.37 = -0.4318), so the loss is the natural-log value divided by ln 10.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    y_rows = y.reshape(-1, y.shape[-1])
    N, K = y_rows.shape
    T = t.reshape(N, K) if t.shape == y.shape else np.eye(K)[t.reshape(N)]
    return float(-np.sum(T * np.log10(y_rows)) / N)
