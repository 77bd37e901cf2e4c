# expect: Dropout=fail
# why: Inverted dropout (kept units scaled by 1/(1-ratio) in training, identity at test time) is a different convention from the DLFS one the assignment specifies.
import numpy as np


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = (np.random.rand(*x.shape) > self.dropout_ratio) / (1.0 - self.dropout_ratio)
            return x * self.mask
        return x.copy()

    def backward(self, dout):
        return dout * self.mask
