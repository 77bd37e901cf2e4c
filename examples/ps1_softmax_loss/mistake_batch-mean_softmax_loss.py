# expect: softmax_loss=batch-mean
# why: Log-sum-exp done right, but the per-sample losses are summed over the batch instead of averaged.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])
    N, K = z_rows.shape
    c = np.argmax(t.reshape(N, K), axis=1) if t.shape == z.shape else t.reshape(N)
    s = z_rows - np.max(z_rows, axis=1, keepdims=True)
    return float(np.sum(np.log(np.sum(np.exp(s), axis=1)) - s[np.arange(N), c]))
