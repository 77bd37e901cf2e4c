# expect: full
# why: Affine with the @ operator, handling a single sample by np.atleast_2d and squeezing back.
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x_shape = x.shape
        self.x = np.atleast_2d(x)  # (N, D)
        out = self.x @ self.W + self.b
        return out.reshape(x.shape[:-1] + (self.W.shape[1],))

    def backward(self, dout):
        dout = np.atleast_2d(dout)  # (N, M)
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dx.reshape(self.x_shape)
