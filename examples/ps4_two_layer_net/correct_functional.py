# expect: full
# why: Plain functional TwoLayerNet (np.dot / einsum, ReLU mask taken from the output, labels handled by index subtraction) and optimizers written with other in-place idioms.
import numpy as np


def _forward(params, x):
    h = np.dot(x, params["W1"]) + params["b1"]
    a = np.where(h > 0, h, 0.0)
    o = np.dot(a, params["W2"]) + params["b2"]
    return h, a, o


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size,
                 weight_init_std=0.01, seed=None):
        rng = np.random.RandomState(seed)
        self.params = dict(
            W1=rng.normal(0.0, weight_init_std, size=(input_size, hidden_size)),
            b1=np.zeros(hidden_size),
            W2=rng.normal(0.0, weight_init_std, size=(hidden_size, output_size)),
            b2=np.zeros(output_size),
        )

    def predict(self, x):
        return _forward(self.params, x)[2]

    def _labels(self, t, n):
        t = np.asarray(t)
        if t.size == n * self.params["b2"].shape[0]:
            return t.reshape(n, -1).argmax(axis=1)
        return t.reshape(n)

    def loss(self, x, t):
        o = np.atleast_2d(self.predict(x))
        n = o.shape[0]
        labels = self._labels(t, n)
        m = o.max(axis=1)
        log_z = m + np.log(np.exp(o - m[:, None]).sum(axis=1))
        return float(np.mean(log_z - o[np.arange(n), labels]))

    def accuracy(self, x, t):
        o = np.atleast_2d(self.predict(x))
        labels = self._labels(t, o.shape[0])
        return float((o.argmax(axis=1) == labels).mean())

    def gradient(self, x, t):
        x = x.reshape(1, -1) if x.ndim == 1 else x
        n = x.shape[0]
        h, a, o = _forward(self.params, x)
        p = np.exp(o - o.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        dO = p.copy()
        dO[np.arange(n), self._labels(t, n)] -= 1.0
        dO /= n
        grads = {}
        grads["W2"] = np.einsum("nh,nk->hk", a, dO)
        grads["b2"] = dO.sum(axis=0)
        dA = np.dot(dO, self.params["W2"].T)
        dH = dA * (a > 0)                     # mask from the ReLU output: a > 0 <=> h > 0
        grads["W1"] = np.einsum("nd,nh->dh", x, dH)
        grads["b1"] = dH.sum(axis=0)
        return grads

    def numerical_gradient(self, x, t, eps=1e-4):
        grads = {}
        for key, p in self.params.items():
            g = np.zeros_like(p)
            it = np.nditer(p, flags=["multi_index"])
            for _ in it:
                i = it.multi_index
                old = p[i]
                p[i] = old + eps
                up = self.loss(x, t)
                p[i] = old - eps
                down = self.loss(x, t)
                p[i] = old
                g[i] = (up - down) / (2 * eps)
            grads[key] = g
        return grads


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key, p in params.items():
            p -= self.lr * grads[key]


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += v


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = {}

    def update(self, params, grads):
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            np.add(self.h[key], grads[key] ** 2, out=self.h[key])
            np.subtract(params[key], self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7),
                        out=params[key])


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = {}

    def update(self, params, grads):
        for key in params:
            h = self.h.get(key, 0.0)
            h = self.decay_rate * h + (1.0 - self.decay_rate) * grads[key] * grads[key]
            self.h[key] = h
            params[key][...] = params[key] - self.lr * grads[key] / (np.sqrt(h) + 1e-7)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m, self.v = {}, {}

    def update(self, params, grads):
        self.iter += 1
        for key in params:
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.iter)
            v_hat = self.v[key] / (1 - self.beta2 ** self.iter)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)
