# expect: numerical_gradient=central-difference
# why: the forward difference (f(x + h) - f(x)) / h of the derivative's definition, whose error is of order h, not h**2.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x, dtype=float)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh = f(x)
        x[idx] = tmp_val
        grad[idx] = (fxh - fx) / h
    return grad
