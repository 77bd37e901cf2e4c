# expect: Tanh=derivative-input
# why: backward uses 1 - x**2 with the cached input x instead of 1 - y**2 with the output y = tanh(x).
import numpy as np


class Tanh:
    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, dout):
        return dout * (1 - self.x**2)
