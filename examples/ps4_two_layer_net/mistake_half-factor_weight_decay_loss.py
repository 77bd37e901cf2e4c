# expect: weight_decay_loss=half-factor
# why: The penalty is lam * sum ||W||^2 without the 1/2 of (1/2) lam ||W||^2.
import numpy as np


def weight_decay_loss(params, lam):
    total = 0.0
    for key in params:
        if key.startswith("W"):
            total += np.sum(params[key] ** 2)
    return lam * total
