# expect: output_error=sign
# why: error taken as output minus target instead of the lecture's e = y - y_hat.
import numpy as np


def output_error(target, output):
    return np.asarray(output, dtype=float) - np.asarray(target, dtype=float)
