# expect: softmax_loss_grad=mutates-input
# why: Computes softmax in place on the logits (z -= max, then np.exp(z, out=z)), overwriting the caller's array; the returned gradient is right.
import numpy as np


def softmax_loss_grad(z, t):
    t = np.asarray(t)
    T = t if t.shape == z.shape else np.eye(z.shape[-1])[t]
    N = 1 if z.ndim == 1 else z.shape[0]
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= np.sum(z, axis=-1, keepdims=True)
    return (z - T) / N
