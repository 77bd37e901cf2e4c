# expect: SoftmaxWithLoss=wrong-axis
# why: the softmax normaliser sums over axis 0 (down the batch) instead of over each row's classes.
import numpy as np


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        exp_x = np.exp(x - np.max(x))
        self.y = exp_x / np.sum(exp_x, axis=0)
        if np.shape(t) == np.shape(x):
            self.t = np.asarray(t, dtype=float)
        else:
            self.t = np.eye(x.shape[-1])[t]
        N = x.shape[0] if x.ndim == 2 else 1
        self.loss = -np.sum(self.t * np.log(self.y + 1e-7)) / N
        return self.loss

    def backward(self, dout=1):
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        return dout * (self.y - self.t) / N
