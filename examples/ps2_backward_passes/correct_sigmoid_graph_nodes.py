# expect: full
# why: Sigmoid backward node by node through -x, exp, +1, 1/x as in the lecture; Tanh as 2*sigmoid(2x) - 1.
import numpy as np


class Sigmoid:
    def __init__(self):
        self.cache = None

    def forward(self, x):
        a = -x
        b = np.exp(a)
        c = 1 + b
        y = 1 / c
        self.cache = (b, y)
        return y

    def backward(self, dout):
        b, y = self.cache
        dc = dout * (-(y**2))  # d(1/c)/dc = -1/c^2 = -y^2
        db = dc * 1  # d(1 + b)/db = 1
        da = db * b  # d exp(a)/da = exp(a) = b
        dx = da * (-1)  # d(-x)/dx = -1
        return dx


class Tanh:
    def __init__(self):
        self.s = None

    def forward(self, x):
        self.s = 1 / (1 + np.exp(-2 * x))
        return 2 * self.s - 1

    def backward(self, dout):
        return dout * 4 * self.s * (1 - self.s)
