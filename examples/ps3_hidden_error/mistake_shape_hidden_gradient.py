# expect: hidden_gradient=shape
# why: a loop into np.zeros(n_hidden), right for one sample but broken for a batch of columns.
import numpy as np


def hidden_gradient(W, a_hidden, a_out, target):
    n_out, n_hidden = W.shape
    grad = np.zeros(n_hidden)
    for i in range(n_hidden):
        for j in range(n_out):
            grad[i] += W[j, i] * (a_out[j] - target[j]) * a_out[j] * (1 - a_out[j])
    return grad
