# expect: backpropagate_errors=shape
# why: reshapes the output error to a flat vector first, so a 2-D batch (one column per sample) is mangled.
import numpy as np


def backpropagate_errors(weights, e_out):
    e = np.array(e_out, dtype=float).reshape(-1)
    errors = [e]
    for W in reversed(weights[1:]):
        e = W.T @ e
        errors.insert(0, e)
    return errors
