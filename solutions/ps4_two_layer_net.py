"""Reference solution for ps4_two_layer_net.

A two-layer network (Affine -> ReLU -> Affine -> softmax loss) trained by
backpropagation on mini-batches of scikit-learn's handwritten digits, the
optimizers of "Deep Learning from Scratch" (DLFS) chapter 6, weight
initialisation, dropout and weight decay.

Graded: TwoLayerNet, SGD, Momentum, AdaGrad, RMSprop, Adam, xavier_std,
he_std, Dropout, weight_decay_loss, train_network.
Given to students (not graded): softmax, softmax_loss, one_hot_targets,
numerical_gradient, load_digits_split.

Conventions (COURSE.md, section ps4):
- Row-vector layout of lecture 004 and DLFS: a batch x is (N, D), W1 is (D, H),
  so the hidden pre-activation is z1 = x @ W1 + b1, shape (N, H).
- Losses are batch means, so every gradient carries a factor 1/N.
- ReLU passes gradient only where z1 > 0 (at exactly 0 the gradient is 0).
- Optimizers update the arrays of ``params`` in place.
"""

import numpy as np

# ---------------------------------------------------------------------------
# Given helpers (ps1 / ps2 answers; students receive these complete)
# ---------------------------------------------------------------------------

def softmax(a):
    """Softmax of each row, computed stably (the row maximum is subtracted first).

    소프트맥스: 각 행을 합이 1인 확률 벡터로 바꾼다.

    Inputs:
    - a: scores, shape (N, K), or a single sample of shape (K,)

    Returns:
    - y: probabilities, same shape as a; each row sums to 1
    """
    shifted = a - np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(shifted)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)


def one_hot_targets(t, y):
    """Targets as a one-hot float array shaped like the scores y.

    정답 레이블을 점수 y와 같은 모양의 원-핫 배열로 바꾼다.
    Labels have one entry per sample and one-hot targets have K, so the two
    formats are told apart by their size.

    Inputs:
    - t: one-hot targets shaped like y, or integer class indices of shape (N,)
      (a scalar for a single sample)
    - y: scores or probabilities, shape (N, K), or (K,) for a single sample

    Returns:
    - T: one-hot targets, float array of the same shape as y (a new array)
    """
    t = np.asarray(t)
    if t.size == y.size:
        return t.astype(float).reshape(y.shape)
    return np.eye(y.shape[-1])[t].reshape(y.shape)


def softmax_loss(z, t):
    """Batch-mean cross-entropy of softmax(z), computed by log-sum-exp.

    소프트맥스 교차 엔트로피 손실(배치 평균): -ln softmax(z)_정답 의 평균.

    Inputs:
    - z: scores (logits), shape (N, K), or (K,) for a single sample
    - t: one-hot targets shaped like z, or integer labels of shape (N,) (a
      scalar for a single sample)

    Returns:
    - loss: float, mean over the batch of -sum_k T_k ln softmax(z)_k
    """
    Z = np.atleast_2d(z)                                   # (N, K)
    T = one_hot_targets(t, Z)                              # (N, K)
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(T * log_probs) / Z.shape[0])


def numerical_gradient(f, x, h=1e-4):
    """Gradient of f at x by central differences (f(x+h) - f(x-h)) / 2h.

    중심 차분으로 구한 수치 미분. x의 원소를 하나씩 잠시 바꾸었다가 되돌려 놓는다.

    Inputs:
    - f: function taking the array x and returning a float
    - x: float array of any shape; changed temporarily, left as it was
    - h: step size

    Returns:
    - grad: array of the same shape as x
    """
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def load_digits_split(seed=0):
    """scikit-learn's handwritten digits (8x8 images, shipped, no download),
    scaled to [0, 1] and split 80 % / 10 % / 10 % into train/validation/test.

    손글씨 숫자 데이터(load_digits)를 [0, 1]로 정규화하고 훈련/검증/시험(80/10/10 %)으로 나눈다.

    Inputs:
    - seed: int, seed of the random shuffle before splitting

    Returns a tuple (x_train, t_train, x_val, t_val, x_test, t_test):
    - x_*: pixel intensities / 16, shape (n, 64), values in [0, 1]
    - t_*: integer labels 0..9, shape (n,)
      (n = 1437, 180, 180 for train, validation, test)
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data / 16.0
    t = digits.target
    order = np.random.default_rng(seed).permutation(len(x))
    n_train = int(0.8 * len(x))
    n_val = (len(x) - n_train) // 2
    train = order[:n_train]
    val = order[n_train:n_train + n_val]
    test = order[n_train + n_val:]
    return x[train], t[train], x[val], t[val], x[test], t[test]


# ---------------------------------------------------------------------------
# Graded: the network
# ---------------------------------------------------------------------------

class TwoLayerNet:
    """Two-layer network: Affine -> ReLU -> Affine -> softmax cross-entropy.

    2층 신경망: Affine → ReLU → Affine → 소프트맥스 교차 엔트로피.

    Attributes:
    - params: dict of the parameters; the forward pass always reads the current
      values of these arrays (a grader may overwrite them in place, e.g.
      net.params["W1"][...] = W1):
      - "W1": first-layer weights, shape (D, H)
      - "b1": first-layer biases, shape (H,)
      - "W2": second-layer weights, shape (H, K)
      - "b2": second-layer biases, shape (K,)

    Labels t are one-hot (same shape as the scores) or integer class indices
    of shape (N,); a single sample x of shape (D,) is treated as N = 1.
    """

    def __init__(self, input_size, hidden_size, output_size,
                 weight_init_std=0.01, seed=None):
        """Weights from a normal distribution with std weight_init_std, biases 0.

        가중치는 표준편차 weight_init_std인 정규분포에서, 편향은 0으로 초기화한다.

        Inputs:
        - input_size: D, number of inputs
        - hidden_size: H, number of hidden units
        - output_size: K, number of classes
        - weight_init_std: float, std of the initial weights
        - seed: int or None, seed of the random generator (np.random.default_rng)
        """
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        """Scores (before softmax) of the forward pass.

        순전파 점수: O = ReLU(x·W1 + b1)·W2 + b2.

        Inputs:
        - x: inputs, shape (N, D), or (D,) for a single sample

        Returns:
        - scores: shape (N, K), or (K,) for a single sample
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        z1 = x @ W1 + b1              # (N, H)  hidden pre-activation h
        a1 = np.maximum(z1, 0)        # (N, H)  ReLU(h)
        return a1 @ W2 + b2           # (N, K)  output O

    def loss(self, x, t):
        """Batch-mean softmax cross-entropy of the network's scores.

        손실: 점수에 소프트맥스를 적용한 교차 엔트로피의 배치 평균.

        Inputs:
        - x: inputs, shape (N, D), or (D,)
        - t: one-hot targets (N, K) or integer labels (N,) (scalar or (K,) for a single sample)

        Returns:
        - loss: float
        """
        return softmax_loss(self.predict(x), t)

    def accuracy(self, x, t):
        """Fraction of samples whose highest score is the true class.

        정확도: 점수가 가장 큰 부류가 정답인 샘플의 비율.

        Inputs:
        - x: inputs, shape (N, D), or (D,)
        - t: one-hot targets (N, K) or integer labels (N,) (scalar or (K,) for a single sample)

        Returns:
        - accuracy: float in [0, 1]
        """
        scores = np.atleast_2d(self.predict(x))                  # (N, K)
        labels = np.argmax(one_hot_targets(t, scores), axis=1)   # (N,)
        return float(np.mean(np.argmax(scores, axis=1) == labels))

    def gradient(self, x, t):
        """Gradients of the loss with respect to every parameter, by backpropagation.

        오차역전파법으로 구한 손실의 매개변수별 기울기 (강의 004):
        delta = softmax - y, dW2 = ReLU(h)^T delta, dW1 = x^T [(delta W2^T) * 1{h > 0}].

        Inputs:
        - x: inputs, shape (N, D), or (D,) for a single sample
        - t: one-hot targets (N, K) or integer labels (N,) (scalar or (K,) for a single sample)

        Returns:
        - grads: dict with the keys of params:
          "W1" (D, H), "b1" (H,), "W2" (H, K), "b2" (K,)
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        X = np.atleast_2d(x)                     # (N, D)
        N = X.shape[0]

        # forward, keeping what the backward pass needs
        z1 = X @ W1 + b1                         # (N, H)
        a1 = np.maximum(z1, 0)                   # (N, H)
        z2 = a1 @ W2 + b2                        # (N, K)
        T = one_hot_targets(t, z2)               # (N, K)

        # backward
        delta2 = (softmax(z2) - T) / N           # (N, K)  dLoss/dz2, batch mean
        dW2 = a1.T @ delta2                      # (H, K)
        db2 = np.sum(delta2, axis=0)             # (K,)
        da1 = delta2 @ W2.T                      # (N, H)
        delta1 = da1 * (z1 > 0)                  # (N, H)  ReLU passes only where z1 > 0
        dW1 = X.T @ delta1                       # (D, H)
        db1 = np.sum(delta1, axis=0)             # (H,)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    def numerical_gradient(self, x, t):
        """Gradients of the loss by central differences (slow; for checking `gradient`).

        수치 미분으로 구한 기울기 (느리다; gradient 검증용).

        Inputs:
        - x: inputs, shape (N, D), or (D,)
        - t: one-hot targets (N, K) or integer labels (N,)

        Returns:
        - grads: dict with the keys and shapes of params
        """
        def loss_at(_):
            return self.loss(x, t)

        return {key: numerical_gradient(loss_at, self.params[key])
                for key in self.params}


# ---------------------------------------------------------------------------
# Graded: optimizers (DLFS chapter 6); each updates params in place
# ---------------------------------------------------------------------------

class SGD:
    """Stochastic gradient descent: W <- W - lr * dW.

    확률적 경사 하강법.
    """

    def __init__(self, lr=0.01):
        """Inputs:
        - lr: learning rate
        """
        self.lr = lr

    def update(self, params, grads):
        """Update every array of params in place.

        매개변수 배열을 제자리에서(in place) 갱신한다.

        Inputs:
        - params: dict name -> array (any shapes); its arrays are modified in place
        - grads: dict with the same keys, each array shaped like params[key]
        """
        for key in params:
            params[key] -= self.lr * grads[key]


class Momentum:
    """Momentum: v <- momentum * v - lr * dW;  W <- W + v.  v starts at 0.

    모멘텀: 이전 갱신 방향(속도 v)을 관성처럼 이어 간다.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        """Inputs:
        - lr: learning rate
        - momentum: decay factor of the velocity (alpha)
        """
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        """Update every array of params in place.

        Inputs:
        - params: dict name -> array; its arrays are modified in place
        - grads: dict with the same keys, each array shaped like params[key]
        """
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class AdaGrad:
    """AdaGrad: h <- h + dW * dW;  W <- W - lr * dW / (sqrt(h) + 1e-7).  h starts at 0.

    AdaGrad: 많이 갱신된 매개변수일수록 학습률을 낮춘다.
    """

    def __init__(self, lr=0.01):
        """Inputs:
        - lr: learning rate
        """
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        """Update every array of params in place.

        Inputs:
        - params: dict name -> array; its arrays are modified in place
        - grads: dict with the same keys, each array shaped like params[key]
        """
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class RMSprop:
    """RMSprop: h <- rho * h + (1 - rho) * dW * dW;  W <- W - lr * dW / (sqrt(h) + 1e-7).

    RMSprop: 기울기 제곱의 지수가중이동평균으로 학습률을 조정한다. h starts at 0.
    """

    def __init__(self, lr=0.01, decay_rate=0.99):
        """Inputs:
        - lr: learning rate
        - decay_rate: rho, weight of the old average
        """
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        """Update every array of params in place.

        Inputs:
        - params: dict name -> array; its arrays are modified in place
        - grads: dict with the same keys, each array shaped like params[key]
        """
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class Adam:
    """Adam with bias correction; t counts the updates, starting at 1.

    Adam: 모멘텀(m)과 RMSprop(v)을 합치고 초기 편향을 보정한다.
      t <- t + 1
      m <- beta1 * m + (1 - beta1) * dW
      v <- beta2 * v + (1 - beta2) * dW * dW
      m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
      W <- W - lr * m_hat / (sqrt(v_hat) + 1e-7)
    The book's form lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t),
    W <- W - lr_t * m / (sqrt(v) + 1e-7) is equally accepted (it differs only
    in where the tiny epsilon sits).
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        """Inputs:
        - lr: learning rate
        - beta1: decay of the first-moment average m
        - beta2: decay of the second-moment average v
        """
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.t = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        """Update every array of params in place.

        Inputs:
        - params: dict name -> array; its arrays are modified in place
        - grads: dict with the same keys, each array shaped like params[key]
        """
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        self.t += 1
        for key in params:
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-7)


# ---------------------------------------------------------------------------
# Graded: initialisation and regularisation
# ---------------------------------------------------------------------------

def xavier_std(n_in, n_out):
    """Standard deviation of Xavier (Glorot) initialisation: sqrt(2 / (n_in + n_out)).

    Xavier 초기화의 표준편차 (강의 003의 두 번째 식; 채점 기준).

    Inputs:
    - n_in: number of inputs of the layer (fan-in)
    - n_out: number of outputs of the layer (fan-out)

    Returns:
    - std: float
    """
    return float(np.sqrt(2.0 / (n_in + n_out)))


def he_std(n_in):
    """Standard deviation of He initialisation: sqrt(2 / n_in).

    He 초기화의 표준편차 (ReLU용): √2 / √n_in.

    Inputs:
    - n_in: number of inputs of the layer (fan-in)

    Returns:
    - std: float
    """
    return float(np.sqrt(2.0 / n_in))


class Dropout:
    """Dropout as in DLFS (not inverted).

    드롭아웃 (DLFS 방식, 역(inverted) 드롭아웃 아님).
    - Training (train_flg=True): each unit is dropped independently with
      probability dropout_ratio (kept where a uniform [0, 1) draw exceeds
      dropout_ratio); kept units pass unchanged (no 1/(1 - ratio) scaling),
      dropped units output 0. The mask is stored for backward.
    - Testing (train_flg=False): every unit is kept and the output is scaled
      by (1 - dropout_ratio), the expected value of the training output.
    - backward passes dout through the units kept in the last training
      forward pass, and 0 elsewhere.
    """

    def __init__(self, dropout_ratio=0.5):
        """Inputs:
        - dropout_ratio: probability of dropping each unit during training
        """
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        """Inputs:
        - x: activations, any shape, e.g. (N, H)
        - train_flg: True while training (random mask), False at test time

        Returns:
        - out: same shape as x (a new array)
        """
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        """Inputs:
        - dout: upstream gradient, same shape as the x of the last training forward

        Returns:
        - dx: same shape as dout (a new array): dout where the unit was kept, else 0
        """
        return dout * self.mask


def weight_decay_loss(params, lam):
    """L2 weight-decay penalty (1/2) * lam * sum of ||W||^2 over the weight matrices.

    가중치 감소 항: 이름이 "W"로 시작하는 가중치들의 제곱합에 ½λ를 곱한 값 (편향은 제외).

    Inputs:
    - params: dict name -> array; only keys starting with "W" count
    - lam: float, lambda (the regularisation strength)

    Returns:
    - penalty: float
    """
    total = 0.0
    for key, value in params.items():
        if key.startswith("W"):
            total += np.sum(value ** 2)
    return float(0.5 * lam * total)


# ---------------------------------------------------------------------------
# Graded: training
# ---------------------------------------------------------------------------

def train_network(x_train, t_train, x_val, t_val, seed=0):
    """Build a TwoLayerNet for the digits and train it on mini-batches with Adam.

    손글씨 숫자용 TwoLayerNet을 만들어 미니배치와 Adam으로 학습한다 (조기 종료 포함).
    Each epoch shuffles the training set and walks through it in
    N // batch_size mini-batches, doing the four steps of lecture 001:
    1. mini-batch, 2. gradient (backpropagation), 3. update (Adam),
    4. repeat. The few samples left over wait for the next shuffle. After
    each epoch the validation accuracy is measured; the parameters of the
    best epoch are kept, and training stops early when it has not improved
    for `patience` epochs (early stopping).

    Inputs:
    - x_train: training images, shape (N, 64), values in [0, 1]
    - t_train: training labels 0..9, shape (N,)
    - x_val: validation images, shape (M, 64)
    - t_val: validation labels, shape (M,)
    - seed: int, seeds the initial weights and the shuffling (reproducible)

    Returns:
    - net: the trained TwoLayerNet; net.params holds W1 (64, H), b1 (H,),
      W2 (H, 10), b2 (10,)
    """
    hidden_size = 100
    batch_size = 10
    max_epochs = 40
    patience = 10

    input_size = x_train.shape[1]
    net = TwoLayerNet(input_size, hidden_size, 10,
                      weight_init_std=np.sqrt(2.0 / input_size), seed=seed)  # He
    optimizer = Adam(lr=0.001)
    rng = np.random.default_rng(seed)
    iterations_per_epoch = x_train.shape[0] // batch_size   # 500 samples, batch 10 -> 50

    best_accuracy = -1.0
    best_params = None
    epochs_without_improvement = 0
    for _epoch in range(max_epochs):
        order = rng.permutation(x_train.shape[0])
        for i in range(iterations_per_epoch):
            batch = order[i * batch_size:(i + 1) * batch_size]       # 1. mini-batch
            grads = net.gradient(x_train[batch], t_train[batch])     # 2. gradient
            optimizer.update(net.params, grads)                      # 3. update
                                                                     # 4. repeat
        val_accuracy = net.accuracy(x_val, t_val)
        if val_accuracy > best_accuracy:
            best_accuracy = val_accuracy
            best_params = {key: value.copy() for key, value in net.params.items()}
            epochs_without_improvement = 0
        else:
            epochs_without_improvement += 1
            if epochs_without_improvement >= patience:
                break                                                # early stopping

    for key in net.params:
        net.params[key][...] = best_params[key]
    return net
