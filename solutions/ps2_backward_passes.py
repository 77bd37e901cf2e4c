"""Reference solution for ps2_backward_passes: layers with forward and backward passes.

The class API is that of "Deep Learning from Scratch" (밑바닥부터 시작하는 딥러닝), chapter 5:
each layer has `forward`, which computes its output and keeps what the backward pass will
need, and `backward(dout)`, which takes the upstream gradient dL/d(output) and returns the
downstream gradient dL/d(input): upstream gradient x local gradient (the chain rule).

No method writes into an array it was given (x, y, dout, t, W, b).
"""

from __future__ import annotations

import numpy as np


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Relative error max|a - b| / max(|a| + |b|), the number a gradient check reports.

    상대 오차: 기울기 확인에서 보는 값. 1e-7보다 작으면 보통 맞게 구현한 것이다.

    Inputs:
    - a: A numpy array of any shape.
    - b: A numpy array of the same shape as a.

    Returns:
    - A float: 0 when a == b; about 1e-8 or less when a backward pass agrees with a
      central-difference gradient; 1e-2 or more when something is wrong.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    scale = np.max(np.abs(a) + np.abs(b))
    if scale == 0:
        return 0.0
    return float(np.max(np.abs(a - b)) / scale)


class MulLayer:
    """Multiplication node z = x * y (elementwise).

    곱셈 노드: 역전파 때 상류 기울기에 순전파 때의 입력을 "서로 바꿔" 곱한다.
    Backward: dz/dx = y and dz/dy = x, so the inputs are swapped.
    """

    def __init__(self) -> None:
        self.x = None
        self.y = None

    def forward(self, x, y):
        """Compute z = x * y and remember x and y.

        Inputs:
        - x: A float, or a numpy array of any shape.
        - y: A float, or a numpy array of the same shape as x.

        Returns:
        - out: x * y, of the same shape as x.
        """
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        """Send the upstream gradient to both inputs.

        Inputs:
        - dout: Upstream gradient dL/dz, of the same shape as z.

        Returns a tuple of:
        - dx: dL/dx = dout * y, of the same shape as x.
        - dy: dL/dy = dout * x, of the same shape as y.
        """
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    """Addition node z = x + y (elementwise).

    덧셈 노드: 국소 미분이 1이므로 상류 기울기를 그대로 두 입력에 보낸다.
    Backward: dz/dx = dz/dy = 1, so the upstream gradient passes through unchanged.
    """

    def __init__(self) -> None:
        pass

    def forward(self, x, y):
        """Compute z = x + y.

        Inputs:
        - x: A float, or a numpy array of any shape.
        - y: A float, or a numpy array of the same shape as x.

        Returns:
        - out: x + y, of the same shape as x.
        """
        out = x + y
        return out

    def backward(self, dout):
        """Send the upstream gradient to both inputs.

        Inputs:
        - dout: Upstream gradient dL/dz, of the same shape as z.

        Returns a tuple of:
        - dx: dL/dx = dout * 1, of the same shape as x (a new array, not dout itself).
        - dy: dL/dy = dout * 1, of the same shape as y.
        """
        dx = dout * 1
        dy = dout * 1
        return dx, dy


def computation_graph(a, b, c):
    """Forward and backward pass of L = c(a + 2b), built from MulLayer and AddLayer.

    계산 그래프 d = 2b, e = a + d, L = c * e 를 계층으로 만들고 순전파와 역전파를 한다.
    Graph: d = 2 * b (MulLayer), e = a + d (AddLayer), L = c * e (MulLayer).
    Each node gets its own layer object, because a layer remembers its own inputs.

    Inputs:
    - a, b, c: Floats (or numpy arrays of one shape, computed elementwise).

    Returns a tuple of:
    - L: The value c * (a + 2b).
    - dL_da: dL/da, same shape as a.
    - dL_db: dL/db, same shape as b.
    - dL_dc: dL/dc, same shape as c.
    """
    mul_d = MulLayer()  # d = 2 * b
    add_e = AddLayer()  # e = a + d
    mul_L = MulLayer()  # L = c * e

    # forward: left to right
    d = mul_d.forward(2.0, b)
    e = add_e.forward(a, d)
    L = mul_L.forward(c, e)

    # backward: right to left, starting from dL/dL = 1
    dL_dc, dL_de = mul_L.backward(1.0)
    dL_da, dL_dd = add_e.backward(dL_de)
    _, dL_db = mul_d.backward(dL_dd)  # the constant 2 needs no gradient
    return L, dL_da, dL_db, dL_dc


class Relu:
    """ReLU layer: out = x where x > 0, else 0.

    역전파: 순전파 때 x > 0 이었던 곳만 기울기를 그대로 보내고, x <= 0 인 곳은 0을 보낸다.
    At x == 0 the gradient is 0 (the course's convention).
    """

    def __init__(self) -> None:
        self.mask = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute max(x, 0) and remember where x <= 0.

        Inputs:
        - x: A numpy array of any shape, e.g. (N, D) or (D,).

        Returns:
        - out: A new array of the same shape as x.
        """
        self.mask = x <= 0  # boolean array, same shape as x
        out = x.copy()  # a copy, so that x itself is left as it was
        out[self.mask] = 0
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Pass the upstream gradient where x > 0, and 0 elsewhere.

        Inputs:
        - dout: Upstream gradient, of the same shape as x.

        Returns:
        - dx: Gradient with respect to x, a new array of the same shape as x.
        """
        dx = dout.copy()  # never write into dout: the caller may still need it
        dx[self.mask] = 0
        return dx


class Sigmoid:
    """Sigmoid layer: out = 1 / (1 + exp(-x)).

    역전파: dL/dx = dL/dy * y(1 - y). 순전파의 출력 y를 저장해 두고 쓴다.
    Backward uses the cached output y: dx = dout * y * (1 - y).
    """

    def __init__(self) -> None:
        self.out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute the sigmoid and remember it.

        Inputs:
        - x: A numpy array of any shape, e.g. (N, D) or (D,).

        Returns:
        - out: 1 / (1 + exp(-x)), of the same shape as x.
        """
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Chain rule through the sigmoid: local gradient y(1 - y).

        Inputs:
        - dout: Upstream gradient, of the same shape as x.

        Returns:
        - dx: dout * y * (1 - y), of the same shape as x.
        """
        dx = dout * self.out * (1.0 - self.out)
        return dx


class Tanh:
    """Tanh layer: out = tanh(x).

    역전파: dL/dx = dL/dy * (1 - y^2). 순전파의 출력 y를 저장해 두고 쓴다.
    Backward uses the cached output y: dx = dout * (1 - y**2).
    """

    def __init__(self) -> None:
        self.out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute tanh(x) and remember it.

        Inputs:
        - x: A numpy array of any shape, e.g. (N, D) or (D,).

        Returns:
        - out: tanh(x), of the same shape as x.
        """
        out = np.tanh(x)
        self.out = out
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Chain rule through tanh: local gradient 1 - y**2.

        Inputs:
        - dout: Upstream gradient, of the same shape as x.

        Returns:
        - dx: dout * (1 - y**2), of the same shape as x.
        """
        dx = dout * (1.0 - self.out**2)
        return dx


class Affine:
    """Fully connected (affine) layer: out = x . W + b, for a batch or a single sample.

    Affine 계층: Y = X·W + B. 역전파는 dX = dY·W^T, dW = X^T·dY, dB = dY를 0축으로 더한 것.

    Inputs to the constructor:
    - W: Weights, of shape (D, M). Kept as given (not copied, not modified).
    - b: Biases, of shape (M,).

    After backward, the layer has:
    - dW: Gradient with respect to W, of shape (D, M).
    - db: Gradient with respect to b, of shape (M,).
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute out = x . W + b.

        Inputs:
        - x: Input, of shape (N, D), or (D,) for a single sample.

        Returns:
        - out: Output, of shape (N, M), or (M,) for a single sample.
        """
        self.x = x
        out = np.dot(x, self.W) + self.b
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Compute dx and set self.dW and self.db.

        Inputs:
        - dout: Upstream gradient, of shape (N, M), or (M,) for a single sample.

        Returns:
        - dx: Gradient with respect to x, of the same shape as x: (N, D) or (D,).
        """
        D, M = self.W.shape
        x2 = self.x.reshape(-1, D)  # (N, D); a single sample is a batch of N = 1
        dout2 = dout.reshape(-1, M)  # (N, M)

        dx = np.dot(dout2, self.W.T)  # (N, M) . (M, D) -> (N, D)
        self.dW = np.dot(x2.T, dout2)  # (D, N) . (N, M) -> (D, M)
        self.db = np.sum(dout2, axis=0)  # (N, M) -> (M,): b was added to each of the N rows
        return dx.reshape(self.x.shape)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss, averaged over the batch.

    Softmax-with-Loss 계층: 역전파 결과는 (y - t) / N, 즉 softmax 출력과 정답 레이블의 차를
    배치 크기로 나눈 것이다. Labels t are one-hot (same shape as x) or integer class
    indices (shape (N,), or a scalar for a single sample).

    After forward, the layer has:
    - y: The softmax probabilities, of the same shape as x.
    - t: The labels as one-hot rows, of the same shape as x.
    - loss: The batch-mean cross-entropy, a float.
    """

    def __init__(self) -> None:
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x: np.ndarray, t) -> float:
        """Compute softmax(x) and the batch mean of -sum_k t_k ln y_k.

        Inputs:
        - x: Scores (logits), of shape (N, K), or (K,) for a single sample.
        - t: Labels: one-hot of the same shape as x, or integer class indices of
          shape (N,) (a scalar for a single sample).

        Returns:
        - loss: The batch-mean cross-entropy (natural log), a float.
        """
        # Shift each row by its maximum, so that exp never overflows (softmax is unchanged).
        shifted = x - np.max(x, axis=-1, keepdims=True)
        # log y = shifted - log(sum exp(shifted)): exact even where y itself underflows to 0.
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        self.y = np.exp(log_y)

        if np.shape(t) == np.shape(x):  # one-hot labels
            self.t = np.asarray(t, dtype=float)
        else:  # integer class indices -> one-hot rows
            self.t = np.eye(x.shape[-1])[np.asarray(t, dtype=int)]

        N = x.shape[0] if x.ndim == 2 else 1
        self.loss = float(-np.sum(self.t * log_y) / N)
        return self.loss

    def backward(self, dout=1.0) -> np.ndarray:
        """Gradient of the loss with respect to the scores x.

        Inputs:
        - dout: Upstream gradient dL/d(loss), a float (1 when the loss is the output).

        Returns:
        - dx: dout * (y - t) / N, of the same shape as x.
        """
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        dx = dout * (self.y - self.t) / N
        return dx


def numerical_gradient(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Gradient of f at x by central differences, one element at a time.

    중심 차분: (f(x + h) - f(x - h)) / 2h. 오차가 h^2에 비례한다 (전방 차분은 h에 비례).

    Each element of x is changed in place to x_i + h and x_i - h while f is evaluated
    (so that f may also read x through a closure, as in "Deep Learning from Scratch"),
    and then set back to its original value: when the function returns, x is exactly
    as it was.

    Inputs:
    - f: A function that takes an array shaped like x and returns a float.
    - x: A float numpy array of any shape, e.g. (D,) or (D, M).
    - h: The step, a float.

    Returns:
    - grad: A numpy array of the same shape as x; grad[i] ~ df/dx[i].
    """
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        x[idx] = original  # put the element back exactly as it was
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
