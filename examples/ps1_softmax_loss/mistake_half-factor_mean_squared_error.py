# expect: mean_squared_error=half-factor
# why: Leaves out the 1/2 of E = 1/2 Σ (y - t)^2, so the loss is twice the reference.
import numpy as np


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    y_rows = y.reshape(-1, y.shape[-1])
    N, K = y_rows.shape
    T = t.reshape(N, K) if t.shape == y.shape else np.eye(K)[t.reshape(N)]
    return float(np.sum((y_rows - T) ** 2) / N)
