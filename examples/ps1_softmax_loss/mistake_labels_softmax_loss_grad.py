# expect: softmax_loss_grad=labels
# why: Subtracts the labels as they come, (softmax(z) - t) / N, so integer class indices are broadcast instead of made one-hot.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    N = 1 if z.ndim == 1 else z.shape[0]
    return (softmax(z) - t) / N
