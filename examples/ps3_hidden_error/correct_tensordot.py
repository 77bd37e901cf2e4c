# expect: full
# why: tensordot over the output axis, and hidden_gradient written as the true-gradient formula -W^T[(t - a) a (1 - a)].
import numpy as np


def split_error_proportional(W, e_out):
    shares = W / W.sum(axis=1, keepdims=True)
    return np.tensordot(shares, e_out, axes=([0], [0]))


def split_error(W, e_out):
    return np.tensordot(W, e_out, axes=(0, 0))


def backpropagate_errors(weights, e_out):
    errors = [np.array(e_out, dtype=float)]
    for W in weights[-1:0:-1]:
        errors.insert(0, np.tensordot(W, errors[0], axes=(0, 0)))
    return errors


def hidden_gradient(W, a_hidden, a_out, target):
    e = target - a_out
    return -np.tensordot(W, e * a_out * (1 - a_out), axes=(0, 0))
