# expect: softmax=wrong-axis
# why: Normalises down the columns (axis=0), so on a batch each class sums to 1 over the samples instead of each sample over the classes.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a - np.max(a, axis=0))
    return exp_a / np.sum(exp_a, axis=0)
