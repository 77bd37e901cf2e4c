# expect: full
# why: explicit double loops over output and hidden nodes, written so that e_out[j] may be a number or a row of samples.
import numpy as np


def output_error(target, output):
    target = np.asarray(target, dtype=float)
    output = np.asarray(output, dtype=float)
    e = np.zeros(target.shape)
    for idx in np.ndindex(target.shape):
        e[idx] = target[idx] - output[idx]
    return e


def split_error_proportional(W, e_out):
    W = np.asarray(W, dtype=float)
    e_out = np.asarray(e_out, dtype=float)
    n_out, n_hidden = W.shape
    e_hidden = np.zeros((n_hidden,) + e_out.shape[1:])
    for j in range(n_out):
        total = 0.0
        for k in range(n_hidden):
            total += W[j, k]
        for i in range(n_hidden):
            e_hidden[i] += e_out[j] * W[j, i] / total
    return e_hidden


def split_error(W, e_out):
    W = np.asarray(W, dtype=float)
    e_out = np.asarray(e_out, dtype=float)
    n_out, n_hidden = W.shape
    e_hidden = np.zeros((n_hidden,) + e_out.shape[1:])
    for i in range(n_hidden):
        for j in range(n_out):
            e_hidden[i] += W[j, i] * e_out[j]
    return e_hidden


def backpropagate_errors(weights, e_out):
    L = len(weights)
    errors = [None] * L
    errors[L - 1] = np.array(e_out, dtype=float)
    for k in range(L - 2, -1, -1):
        W = weights[k + 1]
        n_next, n_here = W.shape
        e = np.zeros((n_here,) + errors[k + 1].shape[1:])
        for i in range(n_here):
            for j in range(n_next):
                e[i] += W[j, i] * errors[k + 1][j]
        errors[k] = e
    return errors


def hidden_gradient(W, a_hidden, a_out, target):
    W = np.asarray(W, dtype=float)
    a_out = np.asarray(a_out, dtype=float)
    target = np.asarray(target, dtype=float)
    n_out, n_hidden = W.shape
    grad = np.zeros((n_hidden,) + a_out.shape[1:])
    for j in range(n_out):
        delta_j = (a_out[j] - target[j]) * a_out[j] * (1 - a_out[j])
        for i in range(n_hidden):
            grad[i] += W[j, i] * delta_j
    return grad
