# expect: TwoLayerNet=transpose, train_network=fail
# why: da1 = delta2 @ W2 without the transpose: a matmul shape error on every batch, which must be named transpose (not labels or shape).
import numpy as np


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
        da1 = delta2 @ W2                        # (N, H)  the transpose forgotten
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
