# expect: full
# why: Cross-entropy as the full sum -Σ t log(y + 1e-7) over one-hot labels made with np.eye; the allowed ε shifts the loss by at most about 1e-7 / y_c.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[np.newaxis, :]
    t = np.asarray(t)
    if t.ndim == 0 or t.size != y.size:
        t = np.eye(y.shape[1])[np.atleast_1d(t)]
    t = t.reshape(y.shape)
    delta = 1e-7
    return float(-np.sum(t * np.log(y + delta)) / y.shape[0])
