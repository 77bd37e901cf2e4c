# expect: numerical_gradient=shape
# why: Loops over range(x.size) and indexes x[i], which works only for a 1-D x (a 2-D x gives rows, not numbers).
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x, dtype=float)
    for i in range(x.size):
        old = float(x[i])
        x[i] = old + h
        fxh1 = f(x)
        x[i] = old - h
        fxh2 = f(x)
        grad[i] = (fxh1 - fxh2) / (2 * h)
        x[i] = old
    return grad
