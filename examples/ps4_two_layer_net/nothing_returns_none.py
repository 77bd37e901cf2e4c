# expect: zero
# why: every graded function and method is defined and does nothing (parameters of the right shapes, all zero; optimizers that leave params alone): no point.
import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=None):
        self.params = {"W1": np.zeros((input_size, hidden_size)), "b1": np.zeros(hidden_size),
                       "W2": np.zeros((hidden_size, output_size)), "b2": np.zeros(output_size)}

    def predict(self, x):
        return None

    def loss(self, x, t):
        return None

    def accuracy(self, x, t):
        return None

    def gradient(self, x, t):
        return None

    def numerical_gradient(self, x, t):
        return None


class SGD:
    def __init__(self, *args, **kwargs):
        pass

    def update(self, params, grads):
        return None


class Momentum(SGD):
    pass


class AdaGrad(SGD):
    pass


class RMSprop(SGD):
    pass


class Adam(SGD):
    pass


def xavier_std(n_in, n_out):
    return None


def he_std(n_in):
    return None


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        pass

    def forward(self, x, train_flg=True):
        return None

    def backward(self, dout):
        return None


def weight_decay_loss(params, lam):
    return None


def train_network(x_train, t_train, x_val, t_val, seed=0):
    return TwoLayerNet(64, 10, 10)
