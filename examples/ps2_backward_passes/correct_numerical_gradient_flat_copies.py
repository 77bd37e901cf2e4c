# expect: full
# why: numerical_gradient as a flat loop over x.size that perturbs fresh copies of x and never touches x itself.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros(x.size)
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = h
        step = step.reshape(x.shape)
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad.reshape(x.shape)
