# expect: softmax_loss=labels
# why: Uses the one-hot formula -Σ t * log_softmax(z); integer labels broadcast against the logits, giving an error or a wrong number.
import numpy as np


def softmax_loss(z, t):
    z = np.asarray(z, dtype=float)
    N = 1 if z.ndim == 1 else z.shape[0]
    m = np.max(z, axis=-1, keepdims=True)
    log_softmax = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return float(-np.sum(t * log_softmax) / N)
