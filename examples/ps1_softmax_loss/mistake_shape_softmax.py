# expect: softmax=shape
# why: Written for a batch only (axis=1 unconditionally), so a single 1-D sample raises an AxisError.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a - np.max(a, axis=1, keepdims=True))
    return exp_a / np.sum(exp_a, axis=1, keepdims=True)
