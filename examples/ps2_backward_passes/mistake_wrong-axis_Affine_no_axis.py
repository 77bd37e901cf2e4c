# expect: Affine=wrong-axis
# why: db = np.sum(dout) with no axis, reducing over every axis to one number instead of over axis 0.
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
        self.dW = np.dot(x.T, dout2)
        self.db = np.sum(dout2)
        return dx
