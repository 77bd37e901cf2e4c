# expect: softmax_loss_grad=batch-mean
# why: Returns softmax(z) - T without dividing by the batch size N.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    T = t if t.shape == z.shape else np.eye(z.shape[-1])[t]
    return softmax(z) - T
