# expect: TwoLayerNet=batch-mean
# why: loss sums the cross-entropy over the batch instead of averaging it (the gradient itself is right).
import numpy as np


class TwoLayerNet(TwoLayerNet):
    def loss(self, x, t):
        scores = np.atleast_2d(self.predict(x))
        T = one_hot_targets(t, scores)
        y = softmax(scores)
        return float(-np.sum(T * np.log(y + 1e-7)))
