# expect: binary_cross_entropy=sign
# why: Forgets the leading minus, so it returns the (negative) log-likelihood instead of the loss.
import numpy as np


def binary_cross_entropy(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))
