# expect: TwoLayerNet=transpose, train_network=fail
# why: da1 = delta2 @ W2 without the transpose: a matmul shape error on every batch, which must be named transpose (not labels).
import numpy as np

_ReferenceNet = TwoLayerNet


class TwoLayerNet(_ReferenceNet):
    def gradient(self, x, t):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        X = np.atleast_2d(x)
        N = X.shape[0]
        z1 = X @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        T = one_hot_targets(t, z2)
        delta2 = (softmax(z2) - T) / N
        da1 = delta2 @ W2
        delta1 = da1 * (z1 > 0)
        return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": a1.T @ delta2, "b2": delta2.sum(axis=0)}
