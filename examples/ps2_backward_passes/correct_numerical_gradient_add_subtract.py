# expect: full
# why: moves each element by +h, -2h, +h in place; x comes back equal up to one ulp of rounding.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        x[idx] += h
        f_plus = f(x)
        x[idx] -= 2 * h
        f_minus = f(x)
        x[idx] += h
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
