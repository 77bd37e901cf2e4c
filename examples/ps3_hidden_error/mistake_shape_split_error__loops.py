# expect: split_error=shape
# why: a loop version that only handles 1-D errors: float(...) of a column of samples fails.
import numpy as np


def split_error(W, e_out):
    n_out, n_hidden = W.shape
    e_hidden = np.zeros(n_hidden)
    for i in range(n_hidden):
        e_hidden[i] = float(sum(W[j, i] * e_out[j] for j in range(n_out)))
    return e_hidden
