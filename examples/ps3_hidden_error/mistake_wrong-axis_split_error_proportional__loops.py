# expect: split_error_proportional=wrong-axis
# why: a loop summing W[k, i] over the outputs k, i.e. the column sums, as if the slide's w_ij were W[i, j].
import numpy as np


def split_error_proportional(W, e_out):
    n_out, n_hidden = W.shape
    e_hidden = np.zeros((n_hidden,) + np.shape(e_out)[1:])
    for i in range(n_hidden):
        total = sum(W[k, i] for k in range(n_out))
        for j in range(n_out):
            e_hidden[i] += e_out[j] * W[j, i] / total
    return e_hidden
