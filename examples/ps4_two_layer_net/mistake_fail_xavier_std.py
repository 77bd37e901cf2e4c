# expect: xavier_std=fail
# why: Uses lecture 003's other Xavier form 1/sqrt(n_in) instead of the graded sqrt(2/(n_in+n_out)).
import numpy as np


def xavier_std(n_in, n_out):
    return 1.0 / np.sqrt(n_in)
