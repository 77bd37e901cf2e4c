# expect: full
# why: the book's style: softmax and cross_entropy_error (eps 1e-7) helpers, label indexing, dout used.
import numpy as np


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot -> indices
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = np.asarray(t)
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        y = self.y.reshape(-1, self.y.shape[-1])
        t = self.t
        if t.size == self.y.size:
            t = t.reshape(y.shape).argmax(axis=1)
        t = np.asarray(t).reshape(-1)
        batch_size = y.shape[0]
        dx = y.copy()
        dx[np.arange(batch_size), t] -= 1
        dx = dx * dout / batch_size
        return dx.reshape(self.y.shape)
