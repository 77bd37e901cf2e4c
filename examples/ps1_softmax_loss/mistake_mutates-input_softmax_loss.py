# expect: softmax_loss=mutates-input
# why: Shifts the logits in place (z -= max) for stability, which changes the caller's array.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    z -= z.max(axis=-1, keepdims=True)
    t = np.asarray(t)
    z2 = z.reshape(-1, z.shape[-1])
    n, k = z2.shape
    labels = t.reshape(n, k).argmax(axis=1) if t.size == n * k else t.reshape(n)
    log_p = z2 - np.log(np.exp(z2).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(n), labels].mean())
