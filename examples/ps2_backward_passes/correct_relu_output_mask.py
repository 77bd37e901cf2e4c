# expect: full
# why: Relu that caches its output and masks the gradient by out > 0, multiplying by the boolean mask.
import numpy as np


class Relu:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.maximum(x, 0)
        return self.out

    def backward(self, dout):
        return dout * (self.out > 0)
