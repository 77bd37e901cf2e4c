# expect: softmax_loss=labels
# why: Handles only integer labels, indexing with t directly (y[np.arange(N), t]), so one-hot labels raise IndexError.
import numpy as np


def softmax_loss(z, t):
    z = np.atleast_2d(np.asarray(z, dtype=float))
    t = np.atleast_1d(t)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(z.shape[0]), t]))
