# expect: Affine=transpose
# why: dW = dout^T . x, which gives the transpose of the right gradient, shape (M, D) instead of (D, M).
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        x = self.x.reshape(-1, self.W.shape[0])
        dout2 = dout.reshape(-1, self.W.shape[1])
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(dout2.T, x)
        self.db = np.sum(dout2, axis=0)
        return dx
