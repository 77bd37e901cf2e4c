# expect: full
# why: recursion, (e.T @ W).T, and hidden_gradient recomputing a_out and reusing the graded functions.
import numpy as np


def split_error(W, e_out):
    return (np.asarray(e_out).T @ np.asarray(W)).T


def split_error_proportional(W, e_out):
    shares = W / np.sum(W, axis=1)[:, np.newaxis]
    return (e_out.T @ shares).T


def backpropagate_errors(weights, e_out):
    if len(weights) == 1:
        return [np.array(e_out, dtype=float)]
    *front, W_last = weights
    e_before = W_last.T @ e_out
    return backpropagate_errors(front, e_before) + [np.array(e_out, dtype=float)]


def hidden_gradient(W, a_hidden, a_out, target):
    out = 1.0 / (1.0 + np.exp(-(W @ a_hidden)))
    return -split_error(W, output_error(target, out) * out * (1 - out))
