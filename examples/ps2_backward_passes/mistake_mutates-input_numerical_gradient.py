# expect: numerical_gradient=mutates-input
# why: each element is set to x+h and then x-h but never put back, so x is left shifted by -h everywhere.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad
