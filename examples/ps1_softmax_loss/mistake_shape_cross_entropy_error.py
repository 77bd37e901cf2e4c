# expect: cross_entropy_error=shape
# why: Written for a batch only (y.shape[0] as N, argmax over axis 1, y[np.arange(N), t]), so a single 1-D sample breaks.
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    N = y.shape[0]
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    return float(-np.mean(np.log(y[np.arange(N), t])))
