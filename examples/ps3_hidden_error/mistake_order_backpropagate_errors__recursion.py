# expect: backpropagate_errors=order
# why: a recursion that puts the current layer's error before the earlier layers' errors.
import numpy as np


def backpropagate_errors(weights, e_out):
    e_here = np.array(e_out, dtype=float)
    if len(weights) == 1:
        return [e_here]
    return [e_here] + backpropagate_errors(weights[:-1], weights[-1].T @ e_here)
