# expect: softmax=mutates-input
# why: Subtracts the row maximum in place (a -= ...), which shifts the caller's array; the returned probabilities are right.
import numpy as np


def softmax(a):
    a -= np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
