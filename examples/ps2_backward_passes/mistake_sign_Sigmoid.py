# expect: Sigmoid=sign
# why: backward goes through the 1/x and exp nodes but drops the -1 of the first node (-x): dx has the wrong sign.
import numpy as np


class Sigmoid:
    def __init__(self):
        self.out = None
        self.exp_neg_x = None

    def forward(self, x):
        self.exp_neg_x = np.exp(-x)
        self.out = 1 / (1 + self.exp_neg_x)
        return self.out

    def backward(self, dout):
        return dout * (-(self.out**2)) * self.exp_neg_x
