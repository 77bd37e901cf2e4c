# expect: output_error=shape
# why: flattens the inputs "to get a vector", so a 2-D batch of errors comes back 1-D.
import numpy as np


def output_error(target, output):
    return np.ravel(target) - np.ravel(output)
