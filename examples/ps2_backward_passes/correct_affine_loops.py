# expect: full
# why: Affine backward with explicit loops over samples, summing each sample's outer product into dW and db.
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        X = self.x.reshape(-1, self.W.shape[0])
        G = dout.reshape(-1, self.W.shape[1])
        dW = np.zeros(self.W.shape)
        db = np.zeros(self.W.shape[1])
        dx = np.zeros(X.shape)
        for n in range(X.shape[0]):
            dW += np.outer(X[n], G[n])
            db += G[n]
            dx[n] = np.dot(self.W, G[n])
        self.dW = dW
        self.db = db
        return dx.reshape(self.x.shape)
