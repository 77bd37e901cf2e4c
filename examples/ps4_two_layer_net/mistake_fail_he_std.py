# expect: he_std=fail
# why: The factor 2 of He initialisation is dropped (std 1/sqrt(n_in)).
import numpy as np


def he_std(n_in):
    return np.sqrt(1.0 / n_in)
