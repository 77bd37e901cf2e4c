# expect: cross_entropy_error=labels
# why: Assumes one-hot labels (-Σ t log y); integer labels broadcast against y, giving an error or a wrong number.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    N = 1 if y.ndim == 1 else y.shape[0]
    return float(-np.sum(t * np.log(y + 1e-7)) / N)
