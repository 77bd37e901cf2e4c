# expect: softmax_loss=log-sum-exp
# why: Computes -log(softmax(z)_c + 1e-7): finite, but for extreme logits the probability underflows to 0 and the loss is clipped at -ln(1e-7) = 16.1.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])
    N, K = z_rows.shape
    c = np.argmax(t.reshape(N, K), axis=1) if t.shape == z.shape else t.reshape(N)
    y = softmax(z_rows)
    return float(-np.mean(np.log(y[np.arange(N), c] + 1e-7)))
