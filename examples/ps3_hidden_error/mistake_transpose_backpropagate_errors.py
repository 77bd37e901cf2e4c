# expect: backpropagate_errors=transpose
# why: sends the error back with W @ e, the forward pass's product, instead of W^T @ e.
import numpy as np


def backpropagate_errors(weights, e_out):
    e = np.array(e_out, dtype=float)
    errors = [e]
    for W in reversed(weights[1:]):
        e = W @ e
        errors.insert(0, e)
    return errors
