# expect: softmax_loss_grad=sign
# why: Returns (T - softmax(z)) / N, the direction of steepest descent rather than the gradient.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    T = t if t.shape == z.shape else np.eye(z.shape[-1])[t]
    N = 1 if z.ndim == 1 else z.shape[0]
    return (T - softmax(z)) / N
