# expect: SoftmaxWithLoss=mutates-input
# why: forward stabilises the softmax with x -= max in place, changing the caller's scores.
import numpy as np


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        x -= np.max(x, axis=-1, keepdims=True)
        self.y = np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
        if np.shape(t) == np.shape(x):
            self.t = np.asarray(t, dtype=float)
        else:
            self.t = np.eye(x.shape[-1])[t]
        N = x.shape[0] if x.ndim == 2 else 1
        self.loss = -np.sum(self.t * np.log(self.y)) / N
        return self.loss

    def backward(self, dout=1):
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        return dout * (self.y - self.t) / N
