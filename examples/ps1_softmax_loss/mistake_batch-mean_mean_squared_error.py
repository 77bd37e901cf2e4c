# expect: mean_squared_error=batch-mean
# why: The mean_squared_error of "Deep Learning from Scratch" (0.5 * np.sum((y - t)**2)), which sums over the batch without dividing by N.
import numpy as np


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if t.shape != y.shape:
        t = np.eye(y.shape[-1])[t]
    return float(0.5 * np.sum((y - t) ** 2))
