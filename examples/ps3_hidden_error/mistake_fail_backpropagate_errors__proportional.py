# expect: backpropagate_errors=fail
# why: generalises the proportional split, dividing by each output's weight sum at every layer.
import numpy as np


def backpropagate_errors(weights, e_out):
    e = np.array(e_out, dtype=float)
    errors = [e]
    for W in reversed(weights[1:]):
        e = (W / W.sum(axis=1, keepdims=True)).T @ e
        errors.insert(0, e)
    return errors
