# expect: full
# why: The "Deep Learning from Scratch" style: reshape a single sample to a batch of one, turn one-hot labels into indices with argmax, and pick y[np.arange(N), t].
import numpy as np


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(batch_size), t.ravel()])) / batch_size)


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    if t.size != y.size:
        one_hot = np.zeros_like(y)
        one_hot[np.arange(batch_size), t.ravel()] = 1
        t = one_hot
    return float(0.5 * np.sum((y - t) ** 2) / batch_size)


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    if z.ndim == 1:
        t = t.reshape(1, t.size)
        z = z.reshape(1, z.size)
    if t.size == z.size:
        t = t.argmax(axis=1)
    batch_size = z.shape[0]
    z_max = z.max(axis=1, keepdims=True)
    log_softmax = z - z_max - np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))
    return float(-np.sum(log_softmax[np.arange(batch_size), t.ravel()]) / batch_size)


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    shape = z.shape
    if z.ndim == 1:
        t = t.reshape(1, t.size)
        z = z.reshape(1, z.size)
    batch_size = z.shape[0]
    dx = softmax(z)  # a new array, so the in-place update below touches nothing the caller owns
    if t.size == dx.size:
        dx = dx - t
    else:
        dx[np.arange(batch_size), t.ravel()] -= 1
    return (dx / batch_size).reshape(shape)
