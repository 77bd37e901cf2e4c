# expect: backpropagate_errors=order
# why: appends each error while walking back from the output and forgets to reverse, returning [e_L, ..., e_1].
import numpy as np


def backpropagate_errors(weights, e_out):
    e = np.array(e_out, dtype=float)
    errors = [e]
    for W in reversed(weights[1:]):
        e = W.T @ e
        errors.append(e)
    return errors
