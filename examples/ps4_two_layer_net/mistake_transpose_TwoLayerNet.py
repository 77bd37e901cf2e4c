# expect: TwoLayerNet=transpose, train_network=fail
# why: dW1 is computed as dz1.T @ x, the transpose of the right (D, H) gradient.
import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size,
                 weight_init_std=0.01, seed=None):
        rng = np.random.default_rng(seed)
        self.params = {}
        self.params["W1"] = weight_init_std * rng.standard_normal((input_size, hidden_size))
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * rng.standard_normal((hidden_size, output_size))
        self.params["b2"] = np.zeros(output_size)

    def predict(self, x):
        z1 = x @ self.params["W1"] + self.params["b1"]
        a1 = np.maximum(0, z1)
        return a1 @ self.params["W2"] + self.params["b2"]

    def loss(self, x, t):
        return softmax_loss(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.atleast_2d(self.predict(x))
        T = one_hot_targets(t, y)
        return float(np.mean(np.argmax(y, axis=1) == np.argmax(T, axis=1)))

    def numerical_gradient(self, x, t):
        f = lambda W: self.loss(x, t)
        return {key: numerical_gradient(f, self.params[key]) for key in self.params}

    def gradient(self, x, t):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        x = np.atleast_2d(x)
        N = x.shape[0]
        z1 = x @ W1 + b1
        a1 = np.maximum(0, z1)
        z2 = a1 @ W2 + b2
        y = softmax(z2)
        T = one_hot_targets(t, z2)
        dz2 = (y - T) / N
        dW2 = a1.T @ dz2
        db2 = np.sum(dz2, axis=0)
        da1 = dz2 @ W2.T
        dz1 = da1 * (z1 > 0)
        dW1 = dz1.T @ x
        db1 = np.sum(dz1, axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
