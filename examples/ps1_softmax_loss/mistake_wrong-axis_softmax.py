# expect: softmax=wrong-axis
# why: The 1-D softmax of "Deep Learning from Scratch" used on a batch: max and sum over the whole array, so the whole batch sums to 1 instead of each row.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a - np.max(a))
    return exp_a / np.sum(exp_a)
