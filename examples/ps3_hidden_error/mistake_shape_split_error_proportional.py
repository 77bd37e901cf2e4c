# expect: split_error_proportional=shape
# why: a loop version with a 1-D accumulator np.zeros(n_hidden), which breaks as soon as e_out[j] is a row of samples.
import numpy as np


def split_error_proportional(W, e_out):
    n_out, n_hidden = W.shape
    e_hidden = np.zeros(n_hidden)
    for i in range(n_hidden):
        for j in range(n_out):
            e_hidden[i] += e_out[j] * W[j, i] / W[j, :].sum()
    return e_hidden
