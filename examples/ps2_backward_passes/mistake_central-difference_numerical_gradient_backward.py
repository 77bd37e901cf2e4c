# expect: numerical_gradient=central-difference
# why: a one-sided backward difference (f(x) - f(x - h)) / h computed on copies of x.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (fx - f(x_minus)) / h
    return grad
