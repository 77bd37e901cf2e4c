# expect: softmax_loss_grad=shape
# why: Takes the batch size as z.shape[0] (as SoftmaxWithLoss.backward of "Deep Learning from Scratch" does with t.shape[0]), so a single 1-D sample is divided by K instead of 1.
import numpy as np


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    t = np.asarray(t)
    T = t if t.shape == z.shape else np.eye(z.shape[-1])[t]
    batch_size = z.shape[0]
    return (softmax(z) - T) / batch_size
