# expect: full
# why: Dropout drawing its mask from a Generator with an equivalent keep rule and np.where in backward; init stds and the weight-decay penalty written another way.
import numpy as np


def xavier_std(n_in, n_out):
    return (2 / (n_in + n_out)) ** 0.5


def he_std(n_in):
    return np.sqrt(2) / np.sqrt(n_in)


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng()
        self.mask = None

    def forward(self, x, train_flg=True):
        if not train_flg:
            return (1.0 - self.dropout_ratio) * x
        self.mask = self.rng.random(np.shape(x)) >= self.dropout_ratio
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        return np.where(self.mask, dout, 0.0)


def weight_decay_loss(params, lam):
    return lam / 2 * sum(np.linalg.norm(W) ** 2 for name, W in params.items() if name[0] == "W")
