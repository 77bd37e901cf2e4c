# expect: binary_cross_entropy=batch-mean
# why: Sums the per-sample losses instead of averaging them.
import numpy as np


def binary_cross_entropy(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.sum(-(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))))
