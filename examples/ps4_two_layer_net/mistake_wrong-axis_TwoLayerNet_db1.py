# expect: TwoLayerNet=wrong-axis, train_network=fail
# why: The hidden bias gradient is summed over the hidden units (axis 1) instead of over the samples, so it has one entry per sample (and Adam cannot apply it in train_network).
import numpy as np


class TwoLayerNet(TwoLayerNet):
    def gradient(self, x, t):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        x = np.atleast_2d(x)
        N = x.shape[0]
        z1 = np.dot(x, W1) + b1
        a1 = np.maximum(0, z1)
        z2 = np.dot(a1, W2) + b2
        dz2 = (softmax(z2) - one_hot_targets(t, z2)) / N
        dz1 = np.dot(dz2, W2.T) * (z1 > 0)
        return {"W1": np.dot(x.T, dz1), "b1": np.sum(dz1, axis=1),
                "W2": np.dot(a1.T, dz2), "b2": np.sum(dz2, axis=0)}
