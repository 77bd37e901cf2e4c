# expect: softmax_loss_grad=mutates-input
# why: Reuses one-hot labels as the output buffer (T = t; T -= softmax(z)), which overwrites the caller's label array; the returned gradient is right.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    N = 1 if z.ndim == 1 else z.shape[0]
    if np.shape(t) == z.shape:
        T = t
    else:
        T = np.eye(z.shape[-1])[t]
    T -= softmax(z)
    return -T / N
