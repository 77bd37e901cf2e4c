# expect: AdaGrad=fail
# why: ε inside the square root, lr * g / np.sqrt(h + 1e-7): the same as the right step for large gradients, about 0.3·lr instead of lr on the first step when g = 1e-4.
import numpy as np


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)
