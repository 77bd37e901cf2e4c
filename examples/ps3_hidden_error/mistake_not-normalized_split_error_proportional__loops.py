# expect: split_error_proportional=not-normalized
# why: a loop version that computes each output's weight sum but forgets to divide by it.
import numpy as np


def split_error_proportional(W, e_out):
    n_out, n_hidden = W.shape
    e_hidden = np.zeros((n_hidden,) + np.shape(e_out)[1:])
    for j in range(n_out):
        total = W[j].sum()  # noqa: F841 - computed, then never used
        for i in range(n_hidden):
            e_hidden[i] += e_out[j] * W[j, i]
    return e_hidden
