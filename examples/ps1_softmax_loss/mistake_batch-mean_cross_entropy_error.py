# expect: cross_entropy_error=batch-mean
# why: Sums the per-sample losses over the batch and forgets to divide by N.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    y_rows = y.reshape(-1, y.shape[-1])
    N, K = y_rows.shape
    c = np.argmax(t.reshape(N, K), axis=1) if t.shape == y.shape else t.reshape(N)
    return float(-np.sum(np.log(y_rows[np.arange(N), c])))
