# expect: TwoLayerNet=central-difference
# why: numerical_gradient uses the one-sided difference (f(x+h) - f(x)) / h instead of the central difference.
import numpy as np


class TwoLayerNet(TwoLayerNet):
    def numerical_gradient(self, x, t):
        h = 1e-4
        grads = {}
        for key, W in self.params.items():
            grad = np.zeros_like(W)
            for idx in np.ndindex(*W.shape):
                f0 = self.loss(x, t)
                old = W[idx]
                W[idx] = old + h
                f1 = self.loss(x, t)
                W[idx] = old
                grad[idx] = (f1 - f0) / h
            grads[key] = grad
        return grads
