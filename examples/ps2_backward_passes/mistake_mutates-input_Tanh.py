# expect: Tanh=mutates-input
# why: backward multiplies dout in place (dout *= 1 - y**2) and returns it, changing the caller's array.
import numpy as np


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        dout *= 1 - self.out**2
        return dout
