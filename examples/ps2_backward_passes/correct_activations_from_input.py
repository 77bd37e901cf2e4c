# expect: full
# why: Sigmoid and Tanh that cache the input x and recompute the activation at x in backward, which is also correct.
import numpy as np


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Sigmoid:
    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return _sigmoid(x)

    def backward(self, dout):
        s = _sigmoid(self.x)
        return dout * s * (1 - s)


class Tanh:
    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, dout):
        return dout * (1 - np.tanh(self.x) ** 2)
