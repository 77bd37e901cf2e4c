# expect: full
# why: Relu with np.where and a mask of where x > 0 (no copies, nothing written in place).
import numpy as np


class Relu:
    def __init__(self):
        self.positive = None

    def forward(self, x):
        self.positive = x > 0
        return np.where(self.positive, x, 0.0)

    def backward(self, dout):
        return np.where(self.positive, dout, 0.0)
