# expect: SoftmaxWithLoss=shape
# why: batch_size = x.shape[0] also for a single 1-D sample, so its loss and gradient are divided by K instead of 1.
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
        batch_size = x.shape[0]
        self.loss = -np.sum(self.t * np.log(self.y)) / batch_size
        return self.loss

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        return dout * (self.y - self.t) / batch_size
