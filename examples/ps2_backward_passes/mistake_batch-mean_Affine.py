# expect: Affine=batch-mean
# why: db and dW are averaged over the batch (np.mean) instead of summed, so both are N times too small.
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
        N = x.shape[0]
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(x.T, dout2) / N
        self.db = np.mean(dout2, axis=0)
        return dx
