# expect: full
# why: Affine written with np.einsum index notation, branching on 1-D versus 2-D input.
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        if x.ndim == 1:
            return np.einsum("d,dm->m", x, self.W) + self.b
        return np.einsum("nd,dm->nm", x, self.W) + self.b

    def backward(self, dout):
        if self.x.ndim == 1:
            dx = np.einsum("m,dm->d", dout, self.W)
            self.dW = np.einsum("d,m->dm", self.x, dout)
            self.db = dout.copy()
            return dx
        dx = np.einsum("nm,dm->nd", dout, self.W)
        self.dW = np.einsum("nd,nm->dm", self.x, dout)
        self.db = np.einsum("nm->m", dout)
        return dx
