# expect: full
# why: W.T divided by the broadcast row sums, np.dot, and a preallocated list filled by index.
import numpy as np


def output_error(target, output):
    return -(np.asarray(output, dtype=float) - np.asarray(target, dtype=float))


def split_error_proportional(W, e_out):
    # W.T is (n_hidden, n_out); dividing by the (n_out,) row sums of W scales its columns.
    shares_t = W.T / W.sum(axis=1)
    return np.dot(shares_t, e_out)


def split_error(W, e_out):
    return np.dot(np.transpose(W), e_out)


def backpropagate_errors(weights, e_out):
    errors = [None] * len(weights)
    errors[-1] = np.asarray(e_out, dtype=float).copy()
    for k in reversed(range(len(weights) - 1)):
        errors[k] = np.matmul(weights[k + 1].T, errors[k + 1])
    return errors


def hidden_gradient(W, a_hidden, a_out, target):
    dz = -(target - a_out) * a_out * (1.0 - a_out)
    return np.dot(W.T, dz)
