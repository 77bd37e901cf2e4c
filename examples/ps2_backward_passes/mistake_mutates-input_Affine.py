# expect: Affine=mutates-input
# why: a 1-D sample is made 2-D by assigning x.shape, which reshapes the caller's array in place.
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.single = x.ndim == 1
        if self.single:
            x.shape = (1, x.size)
        self.x = x
        out = np.dot(x, self.W) + self.b
        return out[0] if self.single else out

    def backward(self, dout):
        dout2 = dout.reshape(1, -1) if self.single else dout
        dx = np.dot(dout2, self.W.T)
        self.dW = np.dot(self.x.T, dout2)
        self.db = np.sum(dout2, axis=0)
        return dx[0] if self.single else dx
