# expect: softmax=wrong-axis
# why: Sums each row but subtracts the maximum of the whole batch, so a row far below the batch maximum underflows to 0/0 = nan.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a - np.max(a))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
