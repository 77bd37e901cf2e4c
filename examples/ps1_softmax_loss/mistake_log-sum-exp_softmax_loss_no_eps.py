# expect: softmax_loss=log-sum-exp
# why: Takes -log of the (stable) softmax probability: exact for moderate logits, but for extreme logits the probability underflows to 0 and the loss is inf.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    z_rows = z.reshape(-1, z.shape[-1])
    N, K = z_rows.shape
    T = t.reshape(N, K) if t.shape == z.shape else np.eye(K)[t.reshape(N)]
    y = softmax(z_rows)
    return float(-np.mean(np.log(np.sum(T * y, axis=1))))
