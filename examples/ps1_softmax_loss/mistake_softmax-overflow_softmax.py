# expect: softmax=softmax-overflow
# why: The textbook formula without subtracting the maximum: exp overflows to inf for scores above about 709 and the result is nan.
import numpy as np


def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
