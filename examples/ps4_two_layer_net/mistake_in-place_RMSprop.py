# expect: RMSprop=in-place
# why: The running average is updated in place but the weights are rebound with params[key] = params[key] - ..., so the caller's arrays never change.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {}
            for key, val in params.items():
                self.h[key] = np.zeros_like(val)
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] = params[key] - self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)
