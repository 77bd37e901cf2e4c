# expect: Relu=relu-mask
# why: The mask is built from dout (dout > 0) instead of from the forward input x.
import numpy as np


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        return np.maximum(x, 0)

    def backward(self, dout):
        return np.where(dout > 0, dout, 0.0)
