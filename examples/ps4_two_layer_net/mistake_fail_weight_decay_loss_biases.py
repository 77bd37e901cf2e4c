# expect: weight_decay_loss=fail
# why: The biases are penalised too, although weight decay applies only to the weight matrices.
import numpy as np


def weight_decay_loss(params, lam):
    return 0.5 * lam * sum(np.sum(p ** 2) for p in params.values())
