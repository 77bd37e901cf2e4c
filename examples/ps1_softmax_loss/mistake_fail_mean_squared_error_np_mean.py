# expect: mean_squared_error=fail
# why: Takes "mean squared error" literally with np.mean over every element, dividing by N*K instead of N, so the loss is 1/K of the reference.
import numpy as np


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if t.shape != y.shape:
        t = np.eye(y.shape[-1])[t]
    return float(0.5 * np.mean((y - t) ** 2))
