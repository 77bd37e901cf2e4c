# expect: softmax_loss=softmax-overflow
# why: log Σ exp(z) - z_c without subtracting the maximum: exact for small logits, inf or nan once exp overflows.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])
    N, K = z_rows.shape
    c = np.argmax(t.reshape(N, K), axis=1) if t.shape == z.shape else t.reshape(N)
    log_sum_exp = np.log(np.sum(np.exp(z_rows), axis=1))
    return float(np.mean(log_sum_exp - z_rows[np.arange(N), c]))
