# expect: Sigmoid=derivative-input
# why: backward applies y(1 - y) to the cached input x instead of the cached output y.
import numpy as np


class Sigmoid:
    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, dout):
        return dout * self.x * (1 - self.x)
