# expect: Tanh=sign
# why: the local gradient is written y**2 - 1 instead of 1 - y**2.
import numpy as np


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (self.out**2 - 1)
