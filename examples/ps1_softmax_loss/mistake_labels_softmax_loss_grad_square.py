# expect: softmax_loss_grad=labels
# why: Uses integer labels as if they were one-hot, (softmax(z) - t) / N with t of shape (N,): broadcasting gives wrong values (or an error) instead of subtracting 1 at each sample's class.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    y = e / e.sum(axis=-1, keepdims=True)
    N = 1 if z.ndim == 1 else z.shape[0]
    return (y - t) / N
