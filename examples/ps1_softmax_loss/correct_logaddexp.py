# expect: full
# why: Log-sum-exp through np.logaddexp.reduce: softmax as exp(a - lse(a)), the loss as lse(z) - z_c, one-hot labels from np.eye.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    return np.exp(a - np.logaddexp.reduce(a, axis=-1, keepdims=True))


def softmax_loss(z, t):
    z = np.atleast_2d(np.asarray(z, dtype=float))
    t = np.asarray(t)
    T = t.reshape(z.shape) if t.size == z.size else np.eye(z.shape[1])[t.reshape(-1)]
    lse = np.logaddexp.reduce(z, axis=1)
    z_c = np.sum(T * z, axis=1)
    return float(np.mean(lse - z_c))


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    z2 = np.atleast_2d(z)
    t = np.asarray(t)
    T = t.reshape(z2.shape) if t.size == z2.size else np.eye(z2.shape[1])[t.reshape(-1)]
    probs = np.exp(z2 - np.logaddexp.reduce(z2, axis=1, keepdims=True))
    return ((probs - T) / z2.shape[0]).reshape(z.shape)
