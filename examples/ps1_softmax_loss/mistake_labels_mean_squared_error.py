# expect: mean_squared_error=labels
# why: Subtracts the labels as they come, so integer class indices are broadcast against the outputs instead of being made one-hot.
import numpy as np


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    N = 1 if y.ndim == 1 else y.shape[0]
    return float(0.5 * np.sum((y - t) ** 2) / N)
