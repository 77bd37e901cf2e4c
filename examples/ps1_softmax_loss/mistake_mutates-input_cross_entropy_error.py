# expect: cross_entropy_error=mutates-input
# why: Clips y in place with np.clip(y, eps, 1, out=y) to avoid log(0), writing into the caller's array.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    np.clip(y, 1e-7, 1.0, out=y)
    t = np.asarray(t)
    y2 = y.reshape(-1, y.shape[-1])
    n, k = y2.shape
    labels = t.reshape(n, k).argmax(axis=1) if t.size == n * k else t.reshape(n)
    return float(-np.log(y2[np.arange(n), labels]).mean())
