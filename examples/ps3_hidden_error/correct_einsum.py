# expect: full
# why: einsum with an ellipsis for the optional sample axis, np.subtract, and a loop that appends then reverses.
import numpy as np


def output_error(target, output):
    return np.subtract(target, output, dtype=float)


def split_error_proportional(W, e_out):
    row_sums = np.einsum("ji->j", W)
    shares = np.einsum("ji,j->ji", W, 1.0 / row_sums)
    return np.einsum("ji,j...->i...", shares, e_out)


def split_error(W, e_out):
    return np.einsum("ji,j...->i...", W, e_out)


def backpropagate_errors(weights, e_out):
    e = np.copy(e_out).astype(float)
    backwards = [e]
    for W in weights[:0:-1]:
        e = np.einsum("ji,j...->i...", W, e)
        backwards.append(e)
    backwards.reverse()
    return backwards


def hidden_gradient(W, a_hidden, a_out, target):
    delta = np.einsum("j...,j...,j...->j...", a_out - target, a_out, 1 - a_out)
    return np.einsum("ji,j...->i...", W, delta)
