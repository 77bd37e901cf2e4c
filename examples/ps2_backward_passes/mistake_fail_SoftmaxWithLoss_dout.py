# expect: SoftmaxWithLoss=fail
# why: backward ignores dout (as the book's version does), which is only right when dout == 1.
import numpy as np


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        shifted = x - np.max(x, axis=-1, keepdims=True)
        self.y = np.exp(shifted) / np.sum(np.exp(shifted), axis=-1, keepdims=True)
        if np.shape(t) == np.shape(x):
            self.t = np.asarray(t, dtype=float)
        else:
            self.t = np.eye(x.shape[-1])[t]
        N = x.shape[0] if x.ndim == 2 else 1
        self.loss = -np.sum(self.t * np.log(self.y)) / N
        return self.loss

    def backward(self, dout=1):
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        return (self.y - self.t) / N
