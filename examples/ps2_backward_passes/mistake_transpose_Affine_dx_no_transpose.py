# expect: Affine=transpose
# why: dx = dout @ W without the transpose: a matmul shape error for non-square W (or wrong values when it happens to fit).
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dx
