# expect: Relu=relu-mask
# why: backward passes the upstream gradient through unmasked, as if ReLU were the identity.
import numpy as np


class Relu:
    def __init__(self):
        pass

    def forward(self, x):
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout.copy()
