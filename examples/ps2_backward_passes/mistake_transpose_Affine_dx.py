# expect: Affine=transpose
# why: dx = W . dout^T, the transpose of the right gradient, shape (D, N) instead of (N, D).
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
        dx = np.dot(self.W, dout2.T)
        if self.x.ndim == 1:
            dx = dx.reshape(-1)
        self.dW = np.dot(x.T, dout2)
        self.db = np.sum(dout2, axis=0)
        return dx
