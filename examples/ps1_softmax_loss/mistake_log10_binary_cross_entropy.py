# expect: binary_cross_entropy=log10
# why: Uses np.log10 instead of the natural log.
import numpy as np


def binary_cross_entropy(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.mean(-(y * np.log10(y_hat) + (1 - y) * np.log10(1 - y_hat))))
