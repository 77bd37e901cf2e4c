# expect: TwoLayerNet=shape
# why: gradient assumes a 2-D batch (N = x.shape[0], x.T @ delta), so a single sample x of shape (D,) gives wrong shapes.
import numpy as np


class TwoLayerNet(TwoLayerNet):
    def gradient(self, x, t):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        N = x.shape[0]
        z1 = x @ W1 + b1
        a1 = np.maximum(0, z1)
        z2 = a1 @ W2 + b2
        T = one_hot_targets(t, z2)
        dz2 = (softmax(z2) - T) / N
        dW2 = a1.T @ dz2
        db2 = np.sum(dz2, axis=0)
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        dW1 = x.T @ dz1
        db1 = np.sum(dz1, axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
