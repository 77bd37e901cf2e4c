# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 과제 4: 2층 신경망 — 오차역전파, 최적화, 초기화, 정규화
#
# 이 과제에서는 강의 000, 001, 003, 004에서 배운 내용을 모아 **2층 신경망**을 처음부터 끝까지 직접 만들고 학습시킵니다.
#
# 1. 강의 004의 3 → 4 → 3 신경망을 손으로(숫자로) 순전파·역전파해 봅니다.
# 2. 강의 000의 연쇄법칙 $\partial L/\partial w_{11}^{[1]} = (\hat y - y)\,w_1^{[2]}\,\mathbb{1}\{z_1^{[1]} > 0\}\,x_1$ 을 숫자로 확인합니다.
# 3. `TwoLayerNet` (Affine → ReLU → Affine → 소프트맥스 손실)을 구현하고, 오차역전파로 구한 기울기를 수치 미분과 비교합니다.
# 4. scikit-learn에 들어 있는 손글씨 숫자 데이터(`load_digits`, 내려받기 없음)로 미니배치 학습을 합니다 (강의 001의 네 단계, 강의 003의 에폭·배치 크기·반복 횟수, 훈련/검증/시험 데이터).
# 5. 최적화 기법 `SGD`, `Momentum`, `AdaGrad`, `RMSprop`, `Adam`을 구현하고 같은 문제에서 비교합니다.
# 6. 가중치 초기화(Xavier, He), 가중치 감소, 드롭아웃, 조기 종료를 다룹니다.
# 7. 모든 것을 모아 `train_network`로 숫자를 90 % 이상 맞히는 신경망을 학습시키고, 마지막으로 XOR 문제를 다층 퍼셉트론으로 풉니다.
#
# **채점되는 문제**: `TwoLayerNet`, `SGD`, `Momentum`, `AdaGrad`, `RMSprop`, `Adam`, `xavier_std`, `he_std`, `Dropout`, `weight_decay_loss`, `train_network`.
# 각 문제 아래의 확인 셀은 강의의 예제만 검사합니다. 채점기는 여러분이 보지 못한 입력(정사각형이 아닌 모양, 정확히 0인 ReLU 입력, 두 가지 레이블 형식 등)으로 따로 검사합니다.
# 각 함수의 `# 여기에 코드를 작성하세요` 아래 `raise NotImplementedError()`를 지우고 그 자리에 코드를 쓰세요. 다른 셀은 고치지 마세요. 함수는 입력으로 받은 배열을 바꾸면 안 됩니다.
#
# ---
#
# # Assignment 4: a two-layer network — backpropagation, optimizers, initialisation, regularisation
#
# In this assignment you gather what lectures 000, 001, 003 and 004 taught and build and train a **two-layer network** from start to finish.
#
# 1. Run lecture 004's 3 → 4 → 3 network forward and backward by hand, with numbers.
# 2. Check lecture 000's chain rule $\partial L/\partial w_{11}^{[1]} = (\hat y - y)\,w_1^{[2]}\,\mathbb{1}\{z_1^{[1]} > 0\}\,x_1$ with numbers.
# 3. Implement `TwoLayerNet` (Affine → ReLU → Affine → softmax loss) and compare its backpropagated gradient with the numerical gradient.
# 4. Train it in mini-batches on the handwritten digits that scikit-learn ships (`load_digits`, no download): lecture 001's four steps, lecture 003's epochs, batch size and iterations, and the train/validation/test split.
# 5. Implement the optimizers `SGD`, `Momentum`, `AdaGrad`, `RMSprop` and `Adam` and compare them on the same problem.
# 6. Study weight initialisation (Xavier, He), weight decay, dropout and early stopping.
# 7. Put everything together in `train_network`, which trains a network that recognises at least 90 % of the digits, and finally solve XOR with a multi-layer perceptron.
#
# **Graded questions**: `TwoLayerNet`, `SGD`, `Momentum`, `AdaGrad`, `RMSprop`, `Adam`, `xavier_std`, `he_std`, `Dropout`, `weight_decay_loss`, `train_network`.
# The check cell below each question tests only the lecture's examples. The grader runs its own checks on inputs you have not seen (non-square shapes, ReLU inputs that are exactly 0, both label formats, ...).
# In each function, delete `raise NotImplementedError()` under `# YOUR CODE HERE` and write your code there. Do not change the other cells. No function may modify an array it was given.

# %%
import time

import numpy as np

np.set_printoptions(precision=4, suppress=True)

# %% demo=true
import matplotlib.pyplot as plt  # only for the plots

# %% [markdown]
# ## 0. 주어진 도우미 함수
#
# 과제 1과 2에서 만든 함수들을 완성된 형태로 줍니다. 채점하지 않으며, 여러분의 코드에서 자유롭게 불러 써도 됩니다.
#
# - `softmax(a)`: 각 행의 소프트맥스 (가장 큰 값을 먼저 빼서 오버플로(overflow)를 막습니다).
# - `one_hot_targets(t, y)`: 정답을 점수 `y`와 같은 모양의 원-핫 배열로 바꿉니다. 정답은 원-핫 `(N, K)`이거나 정수 레이블 `(N,)`일 수 있는데, 원소 개수(`N·K`개와 `N`개)로 둘을 구별합니다.
# - `softmax_loss(z, t)`: 점수 `z`에서 바로 계산한 교차 엔트로피의 배치 평균 (log-sum-exp로 정확하게 계산).
# - `numerical_gradient(f, x)`: 중심 차분 $\frac{f(x+h) - f(x-h)}{2h}$ 으로 구한 기울기. `x`를 잠시 바꾸었다가 되돌려 놓습니다.
# - `load_digits_split(seed)`: 손글씨 숫자를 $[0, 1]$로 정규화하고 훈련/검증/시험 데이터로 나눕니다.
#
# ## 0. Given helpers
#
# These are the functions of assignments 1 and 2, given complete. They are not graded; call them freely from your code.
#
# - `softmax(a)`: softmax of each row (the maximum is subtracted first to avoid overflow).
# - `one_hot_targets(t, y)`: the targets as a one-hot array shaped like the scores `y`. Targets may be one-hot `(N, K)` or integer labels `(N,)`; the number of entries (`N·K` or `N`) tells them apart.
# - `softmax_loss(z, t)`: the batch mean of the cross-entropy computed directly from the scores `z` (accurate, by log-sum-exp).
# - `numerical_gradient(f, x)`: the gradient by central differences $\frac{f(x+h) - f(x-h)}{2h}$. It changes `x` temporarily and puts it back.
# - `load_digits_split(seed)`: the handwritten digits scaled to $[0, 1]$ and split into training, validation and test sets.

# %% given="softmax"

# %% given="one_hot_targets"

# %% given="softmax_loss"

# %% given="numerical_gradient"

# %% given="load_digits_split"

# %% [markdown]
# ## 1. 강의 004: 3 → 4 → 3 신경망을 손으로 계산하기
#
# 입력 3개, 은닉 노드 4개, 출력 3개인 신경망입니다. 강의 004처럼 입력을 **행벡터** $I$ (모양 $1 \times 3$)로 쓰고 편향은 생략합니다.
#
# **순전파**
#
# $$h = z_1 = I \cdot W^0 \quad (1\times3)\cdot(3\times4) = (1\times4), \qquad h_j = \sum_i w^0_{ij} I_i$$
# $$O = z_2 = \mathrm{ReLU}(h) \cdot W^1 \quad (1\times4)\cdot(4\times3) = (1\times3)$$
# $$p = \mathrm{softmax}(O), \qquad \mathrm{Cost} = -\sum_j y_j \ln p_j$$
#
# **역전파** (강의 004의 유도)
#
# $$\delta_2 = \frac{\partial\,\mathrm{Cost}}{\partial z_2} = \mathrm{softmax}(z_2) - y \qquad (1\times3)$$
# $$\frac{\partial\,\mathrm{Cost}}{\partial W^1} = \mathrm{ReLU}(h)^\top \cdot \delta_2 \qquad (4\times1)\cdot(1\times3) = (4\times3)$$
# $$\delta_1 = \frac{\partial\,\mathrm{Cost}}{\partial z_1} = (\delta_2 \cdot {W^1}^\top) \circ \mathbb{1}\{z_1 > 0\} \qquad (1\times4)$$
# $$\frac{\partial\,\mathrm{Cost}}{\partial W^0} = I^\top \cdot \delta_1 \qquad (3\times1)\cdot(1\times4) = (3\times4)$$
#
# 강의 노트는 $\frac{\partial\,\mathrm{Cost}}{\partial W^{(1)}} = (\mathrm{softmax}(z_2) - \mathrm{true}) \times \mathrm{ReLU}(\mathrm{hidden})$ 처럼 곱하는 순서와 전치를 생략해서 썼습니다. 행렬로 계산할 때는 **모양**이 순서를 정해 줍니다: 기울기는 언제나 매개변수와 같은 모양이어야 하므로 $W^1$ ($4\times3$)의 기울기는 $\mathrm{ReLU}(h)^\top$ ($4\times1$) 곱하기 $\delta_2$ ($1\times3$)입니다.
# 또 노트의 $\mathrm{ReLU}(W^{(0)} + b)$ 는 $\mathrm{ReLU}(I\cdot W^{(0)} + b)$ 를 줄여 쓴 것입니다.
#
# > **강의 정오표 (강의 004).** 노트는 $N$ = 은닉 노드 수, $M$ = 출력 수라고 적었지만 실제로는 $N$ = 입력 수, $M$ = 은닉 노드 수입니다.
# > `O = np.dot[h, W′]`에서는 ReLU가 빠졌습니다 ($O = \mathrm{ReLU}(h) \cdot W^1$). 출력이 3개인 신경망을 "10 classes"라고 적은 것도 잘못입니다.
#
# 아래 숫자를 씁니다 (정답은 첫 번째 부류, $y = [1, 0, 0]$):
#
# $$I = [1.0,\ 0.5,\ 2.0], \quad W^0 = \begin{bmatrix} 0.1 & 0.2 & -0.3 & 0.4 \\ 0.5 & -0.6 & 0.7 & 0.1 \\ 0.2 & 0.3 & 0.1 & -0.5 \end{bmatrix}, \quad W^1 = \begin{bmatrix} 0.2 & -0.1 & 0.4 \\ 0.3 & 0.5 & -0.2 \\ -0.4 & 0.1 & 0.6 \\ 0.1 & 0.2 & 0.3 \end{bmatrix}$$
#
# 그러면 $h = [0.75,\ 0.5,\ 0.25,\ -0.55]$, $\mathrm{ReLU}(h) = [0.75,\ 0.5,\ 0.25,\ 0]$, $O = [0.2,\ 0.2,\ 0.35]$, $p \approx [0.3163,\ 0.3163,\ 0.3675]$, $\mathrm{Cost} = -\ln 0.3163 \approx 1.1512$ 입니다.
# 역전파는 $\delta_2 \approx [-0.6837,\ 0.3163,\ 0.3675]$, $\delta_2 {W^1}^\top \approx [-0.0214,\ -0.1205,\ 0.5256,\ 0.1051]$ 이고, 네 번째 은닉 노드는 $h_4 = -0.55 \le 0$ 이라서 기울기가 0으로 막힙니다: $\delta_1 \approx [-0.0214,\ -0.1205,\ 0.5256,\ 0]$.
#
# ## 1. Lecture 004: the 3 → 4 → 3 network by hand
#
# A network with 3 inputs, 4 hidden nodes and 3 outputs. As in lecture 004 the input is a **row vector** $I$ (shape $1 \times 3$), and there are no biases.
#
# **Forward pass**
#
# $$h = z_1 = I \cdot W^0 \quad (1\times3)\cdot(3\times4) = (1\times4), \qquad h_j = \sum_i w^0_{ij} I_i$$
# $$O = z_2 = \mathrm{ReLU}(h) \cdot W^1 \quad (1\times4)\cdot(4\times3) = (1\times3)$$
# $$p = \mathrm{softmax}(O), \qquad \mathrm{Cost} = -\sum_j y_j \ln p_j$$
#
# **Backward pass** (lecture 004's derivation)
#
# $$\delta_2 = \frac{\partial\,\mathrm{Cost}}{\partial z_2} = \mathrm{softmax}(z_2) - y \qquad (1\times3)$$
# $$\frac{\partial\,\mathrm{Cost}}{\partial W^1} = \mathrm{ReLU}(h)^\top \cdot \delta_2 \qquad (4\times1)\cdot(1\times3) = (4\times3)$$
# $$\delta_1 = \frac{\partial\,\mathrm{Cost}}{\partial z_1} = (\delta_2 \cdot {W^1}^\top) \circ \mathbb{1}\{z_1 > 0\} \qquad (1\times4)$$
# $$\frac{\partial\,\mathrm{Cost}}{\partial W^0} = I^\top \cdot \delta_1 \qquad (3\times1)\cdot(1\times4) = (3\times4)$$
#
# The lecture notes write $\frac{\partial\,\mathrm{Cost}}{\partial W^{(1)}} = (\mathrm{softmax}(z_2) - \mathrm{true}) \times \mathrm{ReLU}(\mathrm{hidden})$, leaving out the order of the product and the transpose. In matrix form the **shapes** decide: a gradient always has the shape of its parameter, so the gradient of $W^1$ ($4\times3$) is $\mathrm{ReLU}(h)^\top$ ($4\times1$) times $\delta_2$ ($1\times3$).
# Also, the notes' $\mathrm{ReLU}(W^{(0)} + b)$ is short for $\mathrm{ReLU}(I\cdot W^{(0)} + b)$.
#
# > **Lecture erratum (lecture 004).** The notes label $N$ = #hidden and $M$ = #output; they are $N$ = #inputs and $M$ = #hidden.
# > `O = np.dot[h, W′]` drops the ReLU ($O = \mathrm{ReLU}(h) \cdot W^1$), and "10 classes" is said of a network with 3 outputs.
#
# We use these numbers (the true class is the first one, $y = [1, 0, 0]$):
#
# $$I = [1.0,\ 0.5,\ 2.0], \quad W^0 = \begin{bmatrix} 0.1 & 0.2 & -0.3 & 0.4 \\ 0.5 & -0.6 & 0.7 & 0.1 \\ 0.2 & 0.3 & 0.1 & -0.5 \end{bmatrix}, \quad W^1 = \begin{bmatrix} 0.2 & -0.1 & 0.4 \\ 0.3 & 0.5 & -0.2 \\ -0.4 & 0.1 & 0.6 \\ 0.1 & 0.2 & 0.3 \end{bmatrix}$$
#
# Then $h = [0.75,\ 0.5,\ 0.25,\ -0.55]$, $\mathrm{ReLU}(h) = [0.75,\ 0.5,\ 0.25,\ 0]$, $O = [0.2,\ 0.2,\ 0.35]$, $p \approx [0.3163,\ 0.3163,\ 0.3675]$ and $\mathrm{Cost} = -\ln 0.3163 \approx 1.1512$.
# Backwards, $\delta_2 \approx [-0.6837,\ 0.3163,\ 0.3675]$ and $\delta_2 {W^1}^\top \approx [-0.0214,\ -0.1205,\ 0.5256,\ 0.1051]$; the fourth hidden node has $h_4 = -0.55 \le 0$, so its gradient is blocked: $\delta_1 \approx [-0.0214,\ -0.1205,\ 0.5256,\ 0]$.

# %% demo=true
I = np.array([[1.0, 0.5, 2.0]])                     # (1, 3) row vector
W0 = np.array([[0.1, 0.2, -0.3, 0.4],
               [0.5, -0.6, 0.7, 0.1],
               [0.2, 0.3, 0.1, -0.5]])              # (3, 4)  input -> hidden
W1 = np.array([[0.2, -0.1, 0.4],
               [0.3, 0.5, -0.2],
               [-0.4, 0.1, 0.6],
               [0.1, 0.2, 0.3]])                    # (4, 3)  hidden -> output
y = np.array([[1.0, 0.0, 0.0]])                     # (1, 3)  true label, one-hot

# forward / 순전파
h = I @ W0                                          # z1, (1, 4)
relu_h = np.maximum(h, 0)                           # (1, 4)
O = relu_h @ W1                                     # z2, (1, 3)
p = softmax(O)                                      # (1, 3)
cost = -np.sum(y * np.log(p))
print("h       =", h, "\nReLU(h) =", relu_h, "\nO       =", O, "\np       =", p, "\nCost    =", round(cost, 4))

# backward / 역전파
delta2 = p - y                                      # dCost/dz2, (1, 3)
dcost_dW1 = relu_h.T @ delta2                       # (4, 1) @ (1, 3) = (4, 3)
delta1 = (delta2 @ W1.T) * (h > 0)                  # dCost/dz1, (1, 4)
dcost_dW0 = I.T @ delta1                            # (3, 1) @ (1, 4) = (3, 4)
print("delta2  =", delta2, "\ndelta1  =", delta1)
print("dCost/dW1 =\n", dcost_dW1, "\ndCost/dW0 =\n", dcost_dW0)

# the same gradients by central differences / 수치 미분으로 확인
def cost_of(_):
    return -np.sum(y * np.log(softmax(np.maximum(I @ W0, 0) @ W1)))

assert np.allclose(dcost_dW1, numerical_gradient(cost_of, W1), atol=1e-7)
assert np.allclose(dcost_dW0, numerical_gradient(cost_of, W0), atol=1e-7)
print("backpropagation agrees with the numerical gradient / 오차역전파와 수치 미분이 일치합니다")

# %% [markdown]
# ## 2. 강의 000: 로지스틱 출력을 지나는 연쇄법칙
#
# 강의 000의 신경망은 입력 2개 $x_1, x_2$, ReLU 은닉 노드 2개, 로지스틱(시그모이드) 출력 1개로 이루어져 있고 손실은 이진 교차 엔트로피 $L = -[y \ln a^{[2]} + (1-y)\ln(1 - a^{[2]})]$ 입니다. 강의의 표기는 $z_j^{[1]} = w_{j,1}^{[1]} x_1 + w_{j,2}^{[1]} x_2 + b_j^{[1]}$ 처럼 **행 하나가 은닉 노드 하나**입니다 ($z = Wx + b$). 이 과제의 `W1`은 DLFS처럼 $(D, H)$ 모양이라서 강의의 $w_{j,i}^{[1]}$ 은 `W1[i-1, j-1]` 에 해당합니다.
#
# 연쇄법칙의 다섯 인수:
#
# $$\frac{\partial L}{\partial w_{1,1}^{[1]}} = \underbrace{\frac{a^{[2]} - y}{a^{[2]}(1 - a^{[2]})}}_{\partial L/\partial a^{[2]}} \cdot \underbrace{a^{[2]}(1 - a^{[2]})}_{\partial a^{[2]}/\partial z^{[2]}} \cdot \underbrace{w_1^{[2]}}_{\partial z^{[2]}/\partial a_1^{[1]}} \cdot \underbrace{\mathbb{1}\{z_1^{[1]} > 0\}}_{\partial a_1^{[1]}/\partial z_1^{[1]}} \cdot \underbrace{x_1}_{\partial z_1^{[1]}/\partial w_{1,1}^{[1]}} = (\hat y - y)\, w_1^{[2]}\, \mathbb{1}\{z_1^{[1]} > 0\}\, x_1$$
#
# 앞의 두 인수가 약분되어 $\hat y - y$ 만 남는 것이 핵심입니다 (소프트맥스와 교차 엔트로피에서 $\mathrm{softmax} - y$ 가 남는 것과 같은 현상).
# 숫자: $x = [1, 2]$, $W^{[1]} = \begin{bmatrix} 0.5 & -0.2 \\ -0.3 & 0.1 \end{bmatrix}$, $b^{[1]} = [0.1, 0.2]$, $w^{[2]} = [0.7, -0.5]$, $b^{[2]} = 0.1$, $y = 1$ 이면
# $z^{[1]} = [0.2, 0.1]$, $z^{[2]} = 0.19$, $\hat y = \sigma(0.19) \approx 0.5474$ 이고 $\partial L/\partial w_{1,1}^{[1]} = (0.5474 - 1)(0.7)(1)(1) \approx -0.3168$ 입니다.
#
# ## 2. Lecture 000: the chain rule through a logistic output
#
# Lecture 000's network has two inputs $x_1, x_2$, two ReLU hidden nodes and one logistic (sigmoid) output, with the binary cross-entropy $L = -[y \ln a^{[2]} + (1-y)\ln(1 - a^{[2]})]$. The lecture writes $z_j^{[1]} = w_{j,1}^{[1]} x_1 + w_{j,2}^{[1]} x_2 + b_j^{[1]}$: **one row per hidden node** ($z = Wx + b$). This assignment's `W1` has the DLFS shape $(D, H)$, so the lecture's $w_{j,i}^{[1]}$ is `W1[i-1, j-1]`.
#
# The five factors of the chain rule:
#
# $$\frac{\partial L}{\partial w_{1,1}^{[1]}} = \underbrace{\frac{a^{[2]} - y}{a^{[2]}(1 - a^{[2]})}}_{\partial L/\partial a^{[2]}} \cdot \underbrace{a^{[2]}(1 - a^{[2]})}_{\partial a^{[2]}/\partial z^{[2]}} \cdot \underbrace{w_1^{[2]}}_{\partial z^{[2]}/\partial a_1^{[1]}} \cdot \underbrace{\mathbb{1}\{z_1^{[1]} > 0\}}_{\partial a_1^{[1]}/\partial z_1^{[1]}} \cdot \underbrace{x_1}_{\partial z_1^{[1]}/\partial w_{1,1}^{[1]}} = (\hat y - y)\, w_1^{[2]}\, \mathbb{1}\{z_1^{[1]} > 0\}\, x_1$$
#
# The key is that the first two factors cancel, leaving only $\hat y - y$ (the same thing happens with softmax and cross-entropy, which leave $\mathrm{softmax} - y$).
# Numbers: with $x = [1, 2]$, $W^{[1]} = \begin{bmatrix} 0.5 & -0.2 \\ -0.3 & 0.1 \end{bmatrix}$, $b^{[1]} = [0.1, 0.2]$, $w^{[2]} = [0.7, -0.5]$, $b^{[2]} = 0.1$ and $y = 1$ we get $z^{[1]} = [0.2, 0.1]$, $z^{[2]} = 0.19$, $\hat y = \sigma(0.19) \approx 0.5474$ and $\partial L/\partial w_{1,1}^{[1]} = (0.5474 - 1)(0.7)(1)(1) \approx -0.3168$.

# %% demo=true
x = np.array([1.0, 2.0])
W_hidden = np.array([[0.5, -0.2],
                     [-0.3, 0.1]])       # lecture layout: row j = hidden node j
b_hidden = np.array([0.1, 0.2])
w_out = np.array([0.7, -0.5])
b_out = 0.1
y_true = 1.0


def logistic_loss(W):
    """Binary cross-entropy of the 2-2-1 network for hidden weights W."""
    a1 = np.maximum(W @ x + b_hidden, 0)
    y_hat = 1 / (1 + np.exp(-(w_out @ a1 + b_out)))
    return -(y_true * np.log(y_hat) + (1 - y_true) * np.log(1 - y_hat))


z1 = W_hidden @ x + b_hidden
z2 = w_out @ np.maximum(z1, 0) + b_out
y_hat = 1 / (1 + np.exp(-z2))
factors = [(y_hat - y_true) / (y_hat * (1 - y_hat)),   # dL/da2
           y_hat * (1 - y_hat),                       # da2/dz2
           w_out[0],                                  # dz2/da1_1
           float(z1[0] > 0),                          # da1_1/dz1_1
           x[0]]                                      # dz1_1/dw11
chain = np.prod(factors)
print("z1 =", z1, " z2 =", round(z2, 4), " y_hat =", round(y_hat, 4))
print("five factors / 다섯 인수:", np.round(factors, 4), "-> product / 곱:", round(chain, 4))
print("(y_hat - y) * w1 * 1{z1 > 0} * x1 =", round((y_hat - y_true) * w_out[0] * (z1[0] > 0) * x[0], 4))
assert np.isclose(chain, numerical_gradient(logistic_loss, W_hidden.copy())[0, 0], atol=1e-7)

# %% [markdown]
# ## 3. `TwoLayerNet`: Affine → ReLU → Affine → 소프트맥스 손실
#
# 이제 입력을 한 번에 $N$개씩(배치) 처리합니다. $X$는 $(N, D)$, 한 행이 샘플 하나입니다.
#
# | 단계 | 식 | 모양 |
# |---|---|---|
# | Affine 1 | $Z_1 = X W_1 + b_1$ | $(N, H)$ |
# | ReLU | $A_1 = \max(Z_1, 0)$ | $(N, H)$ |
# | Affine 2 | $Z_2 = A_1 W_2 + b_2$ (`predict`가 돌려주는 점수) | $(N, K)$ |
# | 손실 | $L = -\frac{1}{N}\sum_n \sum_k T_{nk} \ln \mathrm{softmax}(Z_2)_{nk}$ | 스칼라 |
#
# 손실이 **배치 평균**이므로 출력 오차에 $1/N$이 붙습니다. 역전파:
#
# $$\Delta_2 = \frac{\mathrm{softmax}(Z_2) - T}{N}\ (N, K), \quad \frac{\partial L}{\partial W_2} = A_1^\top \Delta_2\ (H, K), \quad \frac{\partial L}{\partial b_2} = \sum_{n} \Delta_2[n, :]\ (K,)$$
# $$\Delta_1 = (\Delta_2 W_2^\top) \circ \mathbb{1}\{Z_1 > 0\}\ (N, H), \quad \frac{\partial L}{\partial W_1} = X^\top \Delta_1\ (D, H), \quad \frac{\partial L}{\partial b_1} = \sum_{n} \Delta_1[n, :]\ (H,)$$
#
# 편향의 기울기는 **샘플 축(axis 0)** 으로 더합니다 (편향 하나가 배치의 모든 샘플에 더해졌으므로).
#
# 지켜야 할 약속 (`TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01, seed=None)`):
# - `params`는 `"W1"` $(D,H)$, `"b1"` $(H,)$, `"W2"` $(H,K)$, `"b2"` $(K,)$ 를 담은 dict입니다. 가중치는 표준편차 `weight_init_std`인 정규분포(`np.random.default_rng(seed)`), 편향은 0으로 초기화합니다.
# - 채점기는 `net.params["W1"][...] = W1` 처럼 배열을 **제자리에서** 바꾼 뒤 메서드를 부릅니다. 순전파는 매번 `params`의 현재 값을 읽어야 합니다 (같은 배열을 공유하는 DLFS식 계층 dict도 괜찮습니다).
# - `predict(x)` → 점수 $(N, K)$; `loss(x, t)` → float; `accuracy(x, t)` → float; `gradient(x, t)` → `params`와 같은 키·모양의 dict (오차역전파); `numerical_gradient(x, t)` → 같은 dict (수치 미분, 느림).
# - `t`는 원-핫 $(N, K)$ 또는 정수 레이블 $(N,)$ 입니다 (`one_hot_targets(t, scores)`가 둘 다 원-핫으로 바꿔 줍니다). 샘플 하나짜리 `x` $(D,)$ 는 $N = 1$ 로 다룹니다 (`np.atleast_2d`).
# - ReLU는 $Z_1 > 0$ 인 곳에서만 기울기를 통과시킵니다 ($Z_1 = 0$ 에서는 0).
#
# 자주 하는 실수: 마스크를 `z1 >= 0`으로 쓰거나 빼먹기, $1/N$을 빼먹거나 두 번 나누기, `db2`를 axis 1로 더하기, `dW1 = dz1.T @ x` 처럼 전치를 잘못 두기, `y - t` 대신 `t - y`.
#
# ## 3. `TwoLayerNet`: Affine → ReLU → Affine → softmax loss
#
# From now on the network processes $N$ inputs at a time (a batch): $X$ is $(N, D)$, one sample per row.
#
# | step | formula | shape |
# |---|---|---|
# | Affine 1 | $Z_1 = X W_1 + b_1$ | $(N, H)$ |
# | ReLU | $A_1 = \max(Z_1, 0)$ | $(N, H)$ |
# | Affine 2 | $Z_2 = A_1 W_2 + b_2$ (the scores `predict` returns) | $(N, K)$ |
# | loss | $L = -\frac{1}{N}\sum_n \sum_k T_{nk} \ln \mathrm{softmax}(Z_2)_{nk}$ | scalar |
#
# Because the loss is a **batch mean**, the output error carries a factor $1/N$. The backward pass:
#
# $$\Delta_2 = \frac{\mathrm{softmax}(Z_2) - T}{N}\ (N, K), \quad \frac{\partial L}{\partial W_2} = A_1^\top \Delta_2\ (H, K), \quad \frac{\partial L}{\partial b_2} = \sum_{n} \Delta_2[n, :]\ (K,)$$
# $$\Delta_1 = (\Delta_2 W_2^\top) \circ \mathbb{1}\{Z_1 > 0\}\ (N, H), \quad \frac{\partial L}{\partial W_1} = X^\top \Delta_1\ (D, H), \quad \frac{\partial L}{\partial b_1} = \sum_{n} \Delta_1[n, :]\ (H,)$$
#
# Bias gradients are summed over the **sample axis (axis 0)**, because one bias was added to every sample of the batch.
#
# The contract (`TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01, seed=None)`):
# - `params` is a dict holding `"W1"` $(D,H)$, `"b1"` $(H,)$, `"W2"` $(H,K)$, `"b2"` $(K,)$. Weights start from a normal distribution with standard deviation `weight_init_std` (`np.random.default_rng(seed)`), biases at 0.
# - The grader changes the arrays **in place**, e.g. `net.params["W1"][...] = W1`, before calling the methods, so the forward pass must read the current values of `params` every time (a DLFS-style dict of layers that share the same arrays is fine).
# - `predict(x)` → scores $(N, K)$; `loss(x, t)` → float; `accuracy(x, t)` → float; `gradient(x, t)` → a dict with the keys and shapes of `params` (backpropagation); `numerical_gradient(x, t)` → the same dict (central differences, slow).
# - `t` is one-hot $(N, K)$ or integer labels $(N,)$ (`one_hot_targets(t, scores)` turns both into one-hot). A single sample `x` of shape $(D,)$ is treated as $N = 1$ (`np.atleast_2d`).
# - ReLU passes gradient only where $Z_1 > 0$ (at $Z_1 = 0$ the gradient is 0).
#
# Common mistakes: writing the mask `z1 >= 0` or forgetting it, forgetting the $1/N$ or dividing twice, summing `db2` over axis 1, misplacing a transpose as in `dW1 = dz1.T @ x`, writing `t - y` instead of `y - t`.

# %% solution="TwoLayerNet"

# %% tests="TwoLayerNet"
# Lecture 004's 3 -> 4 -> 3 example (no biases): the class must reproduce the hand computation of part 1,
# repeated here so that this cell runs on its own.
# 강의 004의 예제(편향 0): 1절에서 손으로 구한 값과 같아야 합니다 (이 셀만 실행해도 되도록 여기서 다시 계산합니다).
I = np.array([[1.0, 0.5, 2.0]])
W0 = np.array([[0.1, 0.2, -0.3, 0.4], [0.5, -0.6, 0.7, 0.1], [0.2, 0.3, 0.1, -0.5]])
W1 = np.array([[0.2, -0.1, 0.4], [0.3, 0.5, -0.2], [-0.4, 0.1, 0.6], [0.1, 0.2, 0.3]])
y = np.array([[1.0, 0.0, 0.0]])
h = I @ W0
p = np.exp(np.maximum(h, 0) @ W1)
p = p / p.sum()
delta2 = p - y
dcost_dW1 = np.maximum(h, 0).T @ delta2
delta1 = (delta2 @ W1.T) * (h > 0)
dcost_dW0 = I.T @ delta1
net = TwoLayerNet(3, 4, 3, seed=0)
assert net.params["W1"].shape == (3, 4) and net.params["b1"].shape == (4,)
assert net.params["W2"].shape == (4, 3) and net.params["b2"].shape == (3,)
net.params["W1"][...] = W0          # lecture's W^0, set in place as the grader does / 채점기처럼 제자리에서
net.params["W2"][...] = W1          # lecture's W^1
net.params["b1"][...] = 0.0
net.params["b2"][...] = 0.0
assert np.allclose(net.predict(I), [[0.2, 0.2, 0.35]])
assert np.isclose(net.loss(I, np.array([0])), 1.1512, atol=1e-4)        # integer label / 정수 레이블
assert np.isclose(net.loss(I, y), 1.1512, atol=1e-4)                    # one-hot / 원-핫
for target in (np.array([0]), y):
    grads = net.gradient(I, target)
    assert np.allclose(grads["W2"], dcost_dW1, atol=1e-8)   # lecture's dCost/dW^1
    assert np.allclose(grads["W1"], dcost_dW0, atol=1e-8)   # lecture's dCost/dW^0 (4th column 0: ReLU mask)
    assert np.allclose(grads["b2"], delta2[0], atol=1e-8)
    assert np.allclose(grads["b1"], delta1[0], atol=1e-8)
# a single sample of shape (D,) is a batch of one / 샘플 하나 (D,)는 N = 1인 배치
grads_1d = net.gradient(I[0], 0)
assert all(np.allclose(grads_1d[key], net.gradient(I, np.array([0]))[key]) for key in net.params)
assert net.accuracy(I, np.array([2])) == 1.0 and net.accuracy(I, np.array([0])) == 0.0

# An exact zero before the ReLU passes no gradient (the mask is z1 > 0, not z1 >= 0).
# ReLU 앞의 값이 정확히 0이면 기울기가 흐르지 않습니다 (마스크는 z1 > 0, z1 >= 0이 아님).
net = TwoLayerNet(2, 2, 2, seed=0)
net.params["W1"][...] = [[0.5, 0.25], [0.5, -0.25]]   # x = [1, -1] gives z1 = [0, 0.5] exactly
net.params["b1"][...] = 0.0
net.params["W2"][...] = [[1.0, -1.0], [0.5, -0.5]]
net.params["b2"][...] = 0.0
grads = net.gradient(np.array([[1.0, -1.0]]), np.array([1]))
assert np.all(grads["W1"][:, 0] == 0.0) and grads["b1"][0] == 0.0, "no gradient where z1 == 0 / z1 == 0이면 기울기 0"
assert np.all(grads["W1"][:, 1] != 0.0)

# Gradient check on a small random network (rel. error below 1e-6: both are exact up to O(h^2) ~ 1e-8).
# 작은 무작위 신경망에서 기울기 검증 (상대 오차 1e-6 미만).
rng = np.random.default_rng(0)
net = TwoLayerNet(5, 4, 3, weight_init_std=1.0, seed=1)
x_check = rng.standard_normal((6, 5))
t_check = rng.integers(0, 3, size=6)
analytic = net.gradient(x_check, t_check)
numeric = net.numerical_gradient(x_check, t_check)
for key in net.params:
    rel_error = np.max(np.abs(analytic[key] - numeric[key]) / np.maximum(1e-8, np.abs(analytic[key]) + np.abs(numeric[key])))
    print(f"{key}: max relative error {rel_error:.2e}")
    assert analytic[key].shape == net.params[key].shape
    assert rel_error < 1e-6
print("TwoLayerNet looks right / 확인 통과")

# %% [markdown]
# ## 4. 손글씨 숫자 학습하기: 미니배치, 에폭, 훈련/검증/시험 데이터
#
# **데이터.** scikit-learn의 `load_digits`는 8×8 흑백 손글씨 숫자 1,797장(0~9, 10부류)입니다. 픽셀 값 0~16을 16으로 나누어 $[0, 1]$로 맞추고, 각 이미지를 64차원 행벡터로 씁니다. 강의 003처럼 데이터를 셋으로 나눕니다:
# - 훈련 데이터(약 80 %): 실제로 매개변수를 학습하는 데 씁니다.
# - 검증 데이터(약 10 %): 학습 중간에 성능을 재어 하이퍼파라미터와 멈출 시점을 고릅니다.
# - 시험 데이터(약 10 %): 학습이 끝난 뒤 한 번만 최종 성능을 잽니다. 학습 과정에는 쓰지 않습니다.
#
# > **강의 정오표.** 강의 001과 003은 가중치를 "기울기 방향으로" 갱신한다고 적었지만, 손실을 줄이려면 **기울기의 반대 방향**(음의 기울기)으로 움직여야 합니다: $W \leftarrow W - \eta\, \partial L/\partial W$.
#
# **학습의 네 단계** (강의 001):
# 1. 미니배치 — 훈련 데이터 중 일부를 무작위로 고릅니다.
# 2. 기울기 산출 — 미니배치 손실의 기울기를 오차역전파로 구합니다.
# 3. 매개변수 갱신 — 기울기 반대 방향으로 조금 움직입니다: $W \leftarrow W - \eta\, \partial L/\partial W$.
# 4. 반복 — 1~3단계를 되풀이합니다.
#
# **에폭, 배치 크기, 반복 횟수** (강의 003): 1 에폭은 훈련 데이터 전체를 한 번 다 보는 것입니다. 샘플이 500개이고 배치 크기가 10이면 1 에폭 = 500 / 10 = **50 반복(iteration)** 입니다. 아래에서는 에폭마다 훈련 데이터를 섞은 뒤 차례로 배치 크기만큼 잘라 씁니다.
#
# ## 4. Learning the handwritten digits: mini-batches, epochs, train/validation/test
#
# **Data.** scikit-learn's `load_digits` holds 1,797 grey 8×8 images of handwritten digits (0–9, ten classes). Pixel values 0–16 are divided by 16 to lie in $[0, 1]$, and each image becomes a 64-dimensional row vector. As in lecture 003 the data are split three ways:
# - training set (about 80 %): used to learn the parameters;
# - validation set (about 10 %): measured during training to choose hyper-parameters and when to stop;
# - test set (about 10 %): measured once, after training, for the final performance; never used while training.
#
# > **Lecture erratum.** Lectures 001 and 003 say the weights are updated "in the gradient direction" (기울기 방향으로); to lower the loss they move against it, along the negative gradient: $W \leftarrow W - \eta\, \partial L/\partial W$.
#
# **The four steps of learning** (lecture 001): 1. mini-batch — draw part of the training data at random; 2. gradient — the gradient of the mini-batch loss by backpropagation; 3. update — move the parameters a little against the gradient, $W \leftarrow W - \eta\, \partial L/\partial W$; 4. repeat steps 1–3.
#
# **Epochs, batch size, iterations** (lecture 003): one epoch is one pass over the whole training set. With 500 samples and batch size 10, one epoch is 500 / 10 = **50 iterations**. Below, each epoch shuffles the training set and then cuts it into consecutive batches.

# %% demo=true
x_train, t_train, x_val, t_val, x_test, t_test = load_digits_split(seed=0)
print("train / 훈련     :", x_train.shape, t_train.shape)
print("validation / 검증:", x_val.shape, t_val.shape)
print("test / 시험      :", x_test.shape, t_test.shape)
print("pixel range / 픽셀 범위:", x_train.min(), "to", x_train.max())

# epoch arithmetic of lecture 003 / 강의 003의 에폭 계산
n_samples, batch_size = 500, 10
assert n_samples // batch_size == 50
print(f"{n_samples} samples, batch {batch_size} -> {n_samples // batch_size} iterations per epoch")
print(f"our training set: {x_train.shape[0]} samples, batch {batch_size} -> {x_train.shape[0] // batch_size} iterations per epoch")

fig, axes = plt.subplots(1, 8, figsize=(8, 1.3))
for ax, image, label in zip(axes, x_train, t_train):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.show()

# %% [markdown]
# 아래 셀은 여러분의 `TwoLayerNet`과 가장 단순한 갱신 $W \leftarrow W - \eta\,\partial L/\partial W$ (SGD)로 네 단계를 그대로 실행하고, 반복마다 미니배치 손실을, 에폭마다 훈련·검증 정확도를 기록해 그립니다. 손실 곡선이 내려가고 두 정확도가 함께 올라가야 합니다. 두 정확도의 차이가 커지면 과적합의 신호입니다 (7절).
#
# The cell below runs the four steps with your `TwoLayerNet` and the plainest update $W \leftarrow W - \eta\,\partial L/\partial W$ (SGD), recording the mini-batch loss at every iteration and the training and validation accuracy after every epoch, and plots them. The loss curve should fall and both accuracies should rise together; a growing gap between them is the sign of overfitting (part 7).

# %% demo=true
net = TwoLayerNet(64, 100, 10, weight_init_std=np.sqrt(2 / 64), seed=0)
learning_rate, batch_size, epochs = 0.1, 10, 15
iterations_per_epoch = x_train.shape[0] // batch_size
rng = np.random.default_rng(0)
loss_history, train_acc_history, val_acc_history = [], [], []

start = time.perf_counter()
for epoch in range(epochs):
    order = rng.permutation(x_train.shape[0])
    for i in range(iterations_per_epoch):
        batch = order[i * batch_size:(i + 1) * batch_size]          # 1. mini-batch / 미니배치
        grads = net.gradient(x_train[batch], t_train[batch])        # 2. gradient / 기울기
        for key in net.params:                                      # 3. update / 갱신
            net.params[key] -= learning_rate * grads[key]
        loss_history.append(net.loss(x_train[batch], t_train[batch]))
    train_acc_history.append(net.accuracy(x_train, t_train))        # 4. repeat, and watch / 반복하며 관찰
    val_acc_history.append(net.accuracy(x_val, t_val))
print(f"{epochs} epochs x {iterations_per_epoch} iterations in {time.perf_counter() - start:.2f} s")
print(f"train accuracy {train_acc_history[-1]:.3f}, validation accuracy {val_acc_history[-1]:.3f}")

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.5))
ax_loss.plot(loss_history, lw=0.5, alpha=0.5, label="mini-batch loss")
smooth = np.convolve(loss_history, np.ones(50) / 50, mode="valid")
ax_loss.plot(np.arange(len(smooth)) + 49, smooth, label="moving average (50)")
ax_loss.set_xlabel("iteration")
ax_loss.set_ylabel("loss")
ax_loss.legend()
ax_acc.plot(range(1, epochs + 1), train_acc_history, marker="o", label="train")
ax_acc.plot(range(1, epochs + 1), val_acc_history, marker="s", label="validation")
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("accuracy")
ax_acc.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 5. 최적화 기법
#
# 모든 최적화 기법은 `update(params, grads)` 메서드 하나로 `params`의 배열을 **제자리에서(in place)** 갱신합니다. 공식은 『밑바닥부터 시작하는 딥러닝』(DLFS) 6장의 것입니다. $\eta$ = `lr`, $g = \partial L/\partial W$ 이고, 상태($v$, $h$, $m$)는 처음 `update` 때 0으로 시작하며 키(key)마다 따로 둡니다.
#
# | 기법 | 갱신 |
# |---|---|
# | `SGD(lr=0.01)` | $W \leftarrow W - \eta g$ |
# | `Momentum(lr=0.01, momentum=0.9)` | $v \leftarrow \alpha v - \eta g,\quad W \leftarrow W + v$ |
# | `AdaGrad(lr=0.01)` | $h \leftarrow h + g \circ g,\quad W \leftarrow W - \eta\, g / (\sqrt{h} + 10^{-7})$ |
# | `RMSprop(lr=0.01, decay_rate=0.99)` | $h \leftarrow \rho h + (1-\rho)\, g \circ g,\quad W \leftarrow W - \eta\, g / (\sqrt{h} + 10^{-7})$ |
# | `Adam(lr=0.001, beta1=0.9, beta2=0.999)` | $t \leftarrow t + 1,\ m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g\circ g,$ $\hat m = m / (1-\beta_1^t),\ \hat v = v/(1-\beta_2^t),\ W \leftarrow W - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ |
#
# - AdaGrad와 RMSprop의 $\epsilon = 10^{-7}$ 은 **제곱근 밖에** 더합니다 (강의 003의 슬라이드에는 $\epsilon$ 이 없습니다. 0으로 나누는 것을 막는 작은 수입니다).
# - 강의 003의 모멘텀 슬라이드는 $w \leftarrow w - \varepsilon\,\partial E/\partial w + v$, $v \leftarrow v - \alpha\,\partial E/\partial w$ 로 적었는데, 이 과제는 위 표의 DLFS 공식($v \leftarrow \alpha v - \eta g$, $W \leftarrow W + v$)을 채점합니다.
#   (강의 정오표: 슬라이드의 모멘텀에는 감쇠가 없고 기울기를 두 번 셉니다.) 강의 003의 AdaGrad 슬라이드는 $h$에 $\partial E/\partial w$를 쌓고 갱신에는 $\partial E_t/\partial w$를 쓰지만, 여기서는 둘 다 미니배치의 기울기 $g$입니다.
# - Adam은 $t$를 **먼저** 1 늘리고(첫 갱신에서 $t = 1$) 편향 보정에 씁니다. $m, v$가 0에서 시작하므로 보정하지 않으면 처음 몇 걸음이 엉뚱한 크기가 됩니다. DLFS 책의 형태 $\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, $W \leftarrow W - \eta_t\, m/(\sqrt{v} + 10^{-7})$ 도 정답으로 인정합니다 ($\epsilon$의 위치만 조금 다르고 나머지는 같은 식입니다). $\epsilon$ 은 $10^{-7}$ 또는 $10^{-8}$ 이면 됩니다.
# - **제자리 갱신**: `params[key] -= lr * grads[key]` 는 원래 배열을 바꿉니다. `params[key] = params[key] - lr * grads[key]` 는 새 배열을 만들어 dict의 이름표만 옮기므로, 같은 배열을 공유하는 계층(DLFS의 `Affine`)이나 이 dict를 넘겨준 쪽의 배열은 그대로 남습니다. `grads`는 바꾸지 마세요.
#
# ## 5. Optimizers
#
# Every optimizer has one method, `update(params, grads)`, which updates the arrays of `params` **in place**. The formulas are those of "Deep Learning from Scratch" (DLFS) chapter 6. $\eta$ = `lr`, $g = \partial L/\partial W$, and the state ($v$, $h$, $m$) starts at 0 on the first `update`, one per key.
#
# | optimizer | update |
# |---|---|
# | `SGD(lr=0.01)` | $W \leftarrow W - \eta g$ |
# | `Momentum(lr=0.01, momentum=0.9)` | $v \leftarrow \alpha v - \eta g,\quad W \leftarrow W + v$ |
# | `AdaGrad(lr=0.01)` | $h \leftarrow h + g \circ g,\quad W \leftarrow W - \eta\, g / (\sqrt{h} + 10^{-7})$ |
# | `RMSprop(lr=0.01, decay_rate=0.99)` | $h \leftarrow \rho h + (1-\rho)\, g \circ g,\quad W \leftarrow W - \eta\, g / (\sqrt{h} + 10^{-7})$ |
# | `Adam(lr=0.001, beta1=0.9, beta2=0.999)` | $t \leftarrow t + 1,\ m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g\circ g,$ $\hat m = m / (1-\beta_1^t),\ \hat v = v/(1-\beta_2^t),\ W \leftarrow W - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ |
#
# - AdaGrad and RMSprop add $\epsilon = 10^{-7}$ **outside the square root** (lecture 003's slides leave $\epsilon$ out; it is the small number that prevents a division by zero).
# - Lecture 003's momentum slide writes $w \leftarrow w - \varepsilon\,\partial E/\partial w + v$, $v \leftarrow v - \alpha\,\partial E/\partial w$; this assignment grades the DLFS formula of the table ($v \leftarrow \alpha v - \eta g$, $W \leftarrow W + v$).
#   (Lecture erratum: the slide's momentum has no decay and counts the gradient twice.) Lecture 003's AdaGrad slide accumulates $\partial E/\partial w$ but updates with $\partial E_t/\partial w$; here both are the mini-batch gradient $g$.
# - Adam increments $t$ **first** (so $t = 1$ on the first update) and then uses it in the bias correction. Because $m$ and $v$ start at 0, without the correction the first steps have the wrong size. The book's form $\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, $W \leftarrow W - \eta_t\, m/(\sqrt{v} + 10^{-7})$ is accepted as well (it only moves $\epsilon$ slightly; otherwise it is the same formula). $\epsilon$ may be $10^{-7}$ or $10^{-8}$.
# - **In place**: `params[key] -= lr * grads[key]` changes the original array. `params[key] = params[key] - lr * grads[key]` builds a new array and only moves the dict's label, so layers that share the array (DLFS's `Affine`) and whoever passed the dict keep the old values. Do not modify `grads`.
#
# 확인 셀은 모두 같은 작은 예제를 씁니다 / All check cells use the same tiny example:
# `params = {"W": [[1.0, -2.0]], "b": [0.5]}`, `grads = {"W": [[0.5, -1.0]], "b": [2.0]}`, 같은 기울기로 두 번 갱신 / two updates with the same gradients.

# %%
def tiny_problem():
    """The tiny example of the optimizer checks: params and grads (fresh arrays each call)."""
    params = {"W": np.array([[1.0, -2.0]]), "b": np.array([0.5])}
    grads = {"W": np.array([[0.5, -1.0]]), "b": np.array([2.0])}
    return params, grads


def run_two_steps(optimizer):
    """Two updates of the tiny example; checks that the arrays were updated in place."""
    params, grads = tiny_problem()
    W_array, b_array = params["W"], params["b"]
    optimizer.update(params, grads)
    after_one = {key: value.copy() for key, value in params.items()}
    optimizer.update(params, grads)
    assert params["W"] is W_array and params["b"] is b_array, "update params in place / 제자리에서 갱신하세요"
    assert np.array_equal(grads["W"], [[0.5, -1.0]]) and np.array_equal(grads["b"], [2.0]), "grads must not change"
    return after_one, params


# %% [markdown]
# ### 5.1 `SGD`
#
# $\eta = 0.1$: $W = [1, -2] - 0.1\,[0.5, -1] = [0.95, -1.9]$, $b = 0.5 - 0.1 \cdot 2 = 0.3$; 한 번 더 / once more: $[0.9, -1.8]$, $0.1$.

# %% solution="SGD"

# %% tests="SGD"
after_one, after_two = run_two_steps(SGD(lr=0.1))
assert np.allclose(after_one["W"], [[0.95, -1.9]]) and np.allclose(after_one["b"], [0.3])
assert np.allclose(after_two["W"], [[0.9, -1.8]]) and np.allclose(after_two["b"], [0.1])
print("SGD ok")

# %% [markdown]
# ### 5.2 `Momentum`
#
# $\eta = 0.1, \alpha = 0.9$: 첫 걸음 / first step $v = -0.1\,g = [-0.05, 0.1]$ → $W = [0.95, -1.9]$, $b = 0.3$;
# 두 번째 / second step $v = 0.9\,[-0.05, 0.1] - 0.1\,[0.5, -1] = [-0.095, 0.19]$ → $W = [0.855, -1.71]$, $b = 0.3 + (0.9\cdot(-0.2) - 0.2) = -0.08$.

# %% solution="Momentum"

# %% tests="Momentum"
after_one, after_two = run_two_steps(Momentum(lr=0.1, momentum=0.9))
assert np.allclose(after_one["W"], [[0.95, -1.9]]) and np.allclose(after_one["b"], [0.3])
assert np.allclose(after_two["W"], [[0.855, -1.71]]) and np.allclose(after_two["b"], [-0.08])
print("Momentum ok")

# %% [markdown]
# ### 5.3 `AdaGrad`
#
# $\eta = 0.1$: 첫 걸음에는 $h = g^2$ 이라 $g/\sqrt{h} = \mathrm{sign}(g)$, 모든 원소가 $0.1$ 만큼 움직입니다: $W \approx [0.9, -1.9]$, $b \approx 0.4$.
# 두 번째에는 $h = 2g^2$ 이라 걸음이 $0.1/\sqrt{2} \approx 0.0707$ 로 줄어듭니다: $W \approx [0.8293, -1.8293]$, $b \approx 0.3293$.
#
# On the first step $h = g^2$, so $g/\sqrt h = \mathrm{sign}(g)$ and every entry moves by $0.1$; on the second $h = 2g^2$ and the step shrinks to $0.1/\sqrt2 \approx 0.0707$.

# %% solution="AdaGrad"

# %% tests="AdaGrad"
# tolerance 1e-6: the 1e-7 epsilon changes these numbers by about 1e-7
after_one, after_two = run_two_steps(AdaGrad(lr=0.1))
assert np.allclose(after_one["W"], [[0.9, -1.9]], atol=1e-6) and np.allclose(after_one["b"], [0.4], atol=1e-6)
assert np.allclose(after_two["W"], [[1 - 0.1 - 0.1 / np.sqrt(2), -2 + 0.1 + 0.1 / np.sqrt(2)]], atol=1e-6)
assert np.allclose(after_two["b"], [0.5 - 0.1 - 0.1 / np.sqrt(2)], atol=1e-6)
# 아주 작은 기울기(1e-4)에서도 첫 걸음은 lr입니다: ε은 제곱근 밖에 더합니다 (안에 넣으면 0.3·lr).
# A tiny gradient (1e-4) still moves the first step by lr: ε goes outside the square root (inside gives 0.3·lr).
tiny = {"W": np.array([1.0])}
AdaGrad(lr=0.1).update(tiny, {"W": np.array([1e-4])})
assert np.isclose(tiny["W"][0], 0.9, atol=1e-3), tiny["W"]
print("AdaGrad ok")

# %% [markdown]
# ### 5.4 `RMSprop`
#
# $\eta = 0.01, \rho = 0.99$: 첫 걸음 $h = 0.01\,g^2$, $\sqrt h = 0.1\,|g|$ 이므로 걸음은 $0.01/0.1 = 0.1$ → $W \approx [0.9, -1.9]$, $b \approx 0.4$.
# 두 번째 $h = (0.99 \cdot 0.01 + 0.01)\, g^2 = 0.0199\, g^2$, 걸음 $0.01/\sqrt{0.0199} \approx 0.0709$ → $W \approx [0.8291, -1.8291]$, $b \approx 0.3291$.
# AdaGrad와 달리 오래된 기울기는 $\rho$ 배씩 잊힙니다.
#
# Unlike AdaGrad, old squared gradients are forgotten by a factor $\rho$ per step.

# %% solution="RMSprop"

# %% tests="RMSprop"
step_two = 0.01 / np.sqrt(0.0199)
after_one, after_two = run_two_steps(RMSprop(lr=0.01, decay_rate=0.99))
assert np.allclose(after_one["W"], [[0.9, -1.9]], atol=1e-5) and np.allclose(after_one["b"], [0.4], atol=1e-5)
assert np.allclose(after_two["W"], [[0.9 - step_two, -1.9 + step_two]], atol=1e-5)
assert np.allclose(after_two["b"], [0.4 - step_two], atol=1e-5)
# 아주 작은 기울기(1e-4): ε을 제곱근 밖에 더하면 첫 걸음은 0.1에 가깝습니다 (안에 넣으면 0.003).
# A tiny gradient (1e-4): with ε outside the square root the first step is close to 0.1 (inside gives 0.003).
tiny = {"W": np.array([1.0])}
RMSprop(lr=0.01, decay_rate=0.99).update(tiny, {"W": np.array([1e-4])})
assert np.isclose(tiny["W"][0], 0.9, atol=2e-3), tiny["W"]
print("RMSprop ok")

# %% [markdown]
# ### 5.5 `Adam`
#
# $\eta = 0.1$: 같은 기울기가 계속 들어오면 편향 보정 후 $\hat m = g$, $\hat v = g^2$ 이므로 걸음마다 모든 원소가 정확히 $\eta = 0.1$ 씩 움직입니다: $W = [0.9, -1.9] \to [0.8, -1.8]$, $b = 0.4 \to 0.3$.
# 보정을 빼먹으면 첫 걸음이 $0.1 \cdot 0.1 / \sqrt{0.001} \approx 0.316$ 이 되어 버립니다.
#
# With a constant gradient the bias-corrected $\hat m = g$ and $\hat v = g^2$, so every entry moves by exactly $\eta = 0.1$ per step. Without the correction the first step would be $0.1 \cdot 0.1/\sqrt{0.001} \approx 0.316$.

# %% solution="Adam"

# %% tests="Adam"
after_one, after_two = run_two_steps(Adam(lr=0.1))
assert np.allclose(after_one["W"], [[0.9, -1.9]], atol=1e-5) and np.allclose(after_one["b"], [0.4], atol=1e-5)
assert np.allclose(after_two["W"], [[0.8, -1.8]], atol=1e-5) and np.allclose(after_two["b"], [0.3], atol=1e-5)
print("Adam ok")

# %% [markdown]
# ### 5.6 같은 문제에서 비교하기
#
# 먼저 DLFS 6장의 함수 $f(x, y) = x^2/20 + y^2$ 에서 $(-7, 2)$부터 30걸음씩 움직인 경로를 봅니다. $x$ 방향으로는 아주 완만하고 $y$ 방향으로는 가파른 골짜기라서, SGD는 지그재그로 움직이고 모멘텀은 굴러가듯, AdaGrad·RMSprop·Adam은 방향마다 걸음 크기를 맞춰 가며 움직입니다.
# 그다음 손글씨 숫자에서 같은 초깃값·같은 미니배치로 다섯 기법의 손실 곡선을 비교합니다. 순위는 학습률과 문제에 따라 달라지며, 모든 문제에서 이기는 기법은 없습니다 (DLFS 6.1.7). 학습률을 바꿔 보세요.
#
# ### 5.6 Comparing them on the same problem
#
# First DLFS chapter 6's function $f(x, y) = x^2/20 + y^2$: 30 steps from $(-7, 2)$. The valley is very flat along $x$ and steep along $y$, so SGD zig-zags, Momentum rolls like a ball, and AdaGrad, RMSprop and Adam adapt the step size per direction.
# Then the five optimizers on the digits, from the same initial weights and with the same mini-batches. The ranking depends on the learning rates and on the problem; no optimizer wins everywhere (DLFS 6.1.7). Try changing the learning rates.

# %% demo=true
def bowl_gradient(params):
    """Gradient of f(x, y) = x**2 / 20 + y**2."""
    return {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}


bowl_settings = {"SGD": SGD(lr=0.95), "Momentum": Momentum(lr=0.1),
                 "AdaGrad": AdaGrad(lr=1.5), "RMSprop": RMSprop(lr=0.3), "Adam": Adam(lr=0.3)}
grid_x, grid_y = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 200))
fig, axes = plt.subplots(1, 5, figsize=(16, 3.2))
for ax, (name, optimizer) in zip(axes, bowl_settings.items()):
    params = {"x": np.array([-7.0]), "y": np.array([2.0])}
    path = [(params["x"][0], params["y"][0])]
    for _ in range(30):
        optimizer.update(params, bowl_gradient(params))
        path.append((params["x"][0], params["y"][0]))
    path = np.array(path)
    ax.contour(grid_x, grid_y, grid_x ** 2 / 20 + grid_y ** 2, levels=15, colors="lightgray")
    ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", markersize=3)
    ax.plot(0, 0, "+", color="black")
    ax.set_title(name)
    ax.set_xlim(-10, 10)
    ax.set_ylim(-5, 5)
plt.tight_layout()
plt.show()

# %% demo=true
digit_settings = {"SGD": SGD(lr=0.1), "Momentum": Momentum(lr=0.05), "AdaGrad": AdaGrad(lr=0.05),
                  "RMSprop": RMSprop(lr=0.003), "Adam": Adam(lr=0.005)}
compare_iterations, compare_batch = 400, 20
batches = np.random.default_rng(1).integers(0, x_train.shape[0], size=(compare_iterations, compare_batch))
plt.figure(figsize=(7, 3.5))
start = time.perf_counter()
for name, optimizer in digit_settings.items():
    net = TwoLayerNet(64, 100, 10, weight_init_std=np.sqrt(2 / 64), seed=0)   # same start for all
    losses = []
    for batch in batches:
        optimizer.update(net.params, net.gradient(x_train[batch], t_train[batch]))
        losses.append(net.loss(x_train[batch], t_train[batch]))
    smooth = np.convolve(losses, np.ones(20) / 20, mode="valid")
    plt.plot(smooth, label=f"{name}: val. acc. {net.accuracy(x_val, t_val):.3f}")
print(f"5 optimizers x {compare_iterations} iterations in {time.perf_counter() - start:.2f} s")
plt.xlabel("iteration")
plt.ylabel("loss (moving average of 20)")
plt.yscale("log")
plt.legend()
plt.show()

# %% [markdown]
# ## 6. 가중치 초기화
#
# 가중치의 처음 값이 좋아야 학습도 잘 됩니다 (강의 003). 층마다 활성화 값의 크기가 유지되도록 표준편차를 노드 수에 맞춰 고릅니다.
#
# - **Xavier** (시그모이드·tanh용): 강의 003의 슬라이드는 두 식을 함께 적었습니다: $\frac{1}{\sqrt n}$ 과 $\sqrt{\frac{2}{n_{in} + n_{out}}}$. 앞의 것은 입력 노드 수만 보는 형태(DLFS가 "Xavier"라고 부르는 식, LeCun 초기화라고도 함)이고, 뒤의 것은 Glorot과 Bengio(2010)가 입력과 출력 노드 수를 함께 고려한 형태입니다. **이 과제에서 채점하는 `xavier_std(n_in, n_out)` 는 $\sqrt{2/(n_{in} + n_{out})}$ 입니다.**
# - **He** (ReLU용): 표준편차 $\frac{\sqrt 2}{\sqrt{n_{in}}} = \sqrt{\frac{2}{n_{in}}}$. ReLU는 음수 절반을 0으로 만들므로 분산을 두 배로 보상합니다. `he_std(n_in)` 로 구현합니다.
#
# 두 함수 모두 **표준편차(float)** 를 돌려줍니다. 가중치는 `std * rng.standard_normal((n_in, n_out))` 로 만듭니다.
#
# ## 6. Weight initialisation
#
# Good starting weights make learning work (lecture 003). The standard deviation is chosen from the number of nodes so that the size of the activations is kept from layer to layer.
#
# - **Xavier** (for sigmoid and tanh): lecture 003's slide gives two formulas together, $\frac{1}{\sqrt n}$ and $\sqrt{\frac{2}{n_{in} + n_{out}}}$. The first looks only at the number of inputs (what DLFS calls "Xavier", also known as LeCun initialisation); the second is Glorot and Bengio's (2010) form, which uses both the number of inputs and of outputs. **The graded `xavier_std(n_in, n_out)` of this assignment is $\sqrt{2/(n_{in} + n_{out})}$.**
# - **He** (for ReLU): standard deviation $\frac{\sqrt 2}{\sqrt{n_{in}}} = \sqrt{\frac{2}{n_{in}}}$. ReLU zeroes the negative half, so the variance is doubled to compensate. Implement it as `he_std(n_in)`.
#
# Both functions return the **standard deviation (a float)**; weights are then `std * rng.standard_normal((n_in, n_out))`.

# %% solution="xavier_std"

# %% tests="xavier_std"
assert np.isclose(xavier_std(64, 100), np.sqrt(2 / 164))
assert np.isclose(xavier_std(100, 100), 0.1)        # sqrt(2 / 200)
assert np.isclose(xavier_std(1, 1), 1.0)
print("xavier_std ok")

# %% solution="he_std"

# %% tests="he_std"
assert np.isclose(he_std(2), 1.0)
assert np.isclose(he_std(64), np.sqrt(2) / 8)
assert np.isclose(he_std(100), np.sqrt(0.02))
print("he_std ok")

# %% [markdown]
# 아래는 DLFS 6.2절의 실험입니다: 노드 100개짜리 ReLU 층 5개에 무작위 입력 1,000개를 통과시키며 층마다 활성화 값의 표준편차를 잽니다. 표준편차 0.01이면 신호가 층마다 작아져 사라지고, Xavier는 ReLU에서 조금씩 줄어들며, He는 크기가 유지됩니다.
#
# Below is DLFS section 6.2's experiment: 1,000 random inputs go through five ReLU layers of 100 nodes, and the standard deviation of the activations is measured at each layer. With std 0.01 the signal shrinks away, Xavier shrinks slowly under ReLU, and He keeps its size.

# %% demo=true
rng = np.random.default_rng(0)
inputs = rng.standard_normal((1000, 100))
fig, axes = plt.subplots(1, 3, figsize=(12, 2.8))
for ax, (name, std) in zip(axes, [("std 0.01", 0.01), ("Xavier", xavier_std(100, 100)), ("He", he_std(100))]):
    a = inputs
    layer_stds = []
    for layer in range(5):
        a = np.maximum(a @ (std * rng.standard_normal((100, 100))), 0)
        layer_stds.append(a.std())
        ax.hist(a.ravel(), bins=30, range=(0, 2), histtype="step", label=f"layer {layer + 1}")
    ax.set_title(f"{name}: std by layer " + " ".join(f"{s:.2g}" for s in layer_stds), fontsize=9)
    ax.set_yscale("log")
axes[0].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 7. 과적합 막기: 가중치 감소, 드롭아웃, 조기 종료
#
# 과적합은 모델이 훈련 데이터에 지나치게 맞춰져 새 데이터(검증·시험)에서 성능이 떨어지는 현상입니다 (강의 003). 세 가지 방법을 봅니다.
#
# ### 7.1 가중치 감소 (L2 정규화)
#
# 과적합된 가중치는 값이 큰 경우가 많으므로, 손실에 가중치 크기에 대한 벌점을 더합니다:
#
# $$E = E_0 + \frac{\lambda}{2} \sum_{W} \lVert W \rVert^2, \qquad \lVert W\rVert^2 = \sum_{i,j} W_{ij}^2$$
#
# 합은 가중치 행렬(`params`에서 이름이 `"W"`로 시작하는 것)에 대해서만 하고 **편향은 넣지 않습니다**. 벌점의 기울기는 $\lambda W$ 이므로 역전파 뒤 `grads["W1"] += lam * W1` 처럼 더합니다 ($\frac12$ 이 미분의 2를 지워 줍니다). `weight_decay_loss(params, lam)` 은 벌점 $\frac{\lambda}{2}\sum_W \lVert W\rVert^2$ 을 float으로 돌려줍니다.
#
# ## 7. Preventing overfitting: weight decay, dropout, early stopping
#
# Overfitting is when a model fits the training data so closely that it does worse on new data (validation, test) (lecture 003). We look at three remedies.
#
# ### 7.1 Weight decay (L2 regularisation)
#
# Overfitted weights tend to be large, so a penalty on their size is added to the loss:
#
# $$E = E_0 + \frac{\lambda}{2} \sum_{W} \lVert W \rVert^2, \qquad \lVert W\rVert^2 = \sum_{i,j} W_{ij}^2$$
#
# The sum runs over the weight matrices only (the entries of `params` whose name starts with `"W"`), **not the biases**. The gradient of the penalty is $\lambda W$, added after backpropagation as in `grads["W1"] += lam * W1` (the $\frac12$ cancels the 2 of the derivative). `weight_decay_loss(params, lam)` returns the penalty $\frac{\lambda}{2}\sum_W \lVert W\rVert^2$ as a float.

# %% solution="weight_decay_loss"

# %% tests="weight_decay_loss"
example_params = {"W1": np.array([[1.0, 2.0], [0.0, -1.0]]), "b1": np.array([5.0, 5.0]),
                  "W2": np.array([[3.0], [0.0]]), "b2": np.array([7.0])}
# ||W1||^2 = 1 + 4 + 0 + 1 = 6, ||W2||^2 = 9; biases are not penalised / 편향은 제외
assert np.isclose(weight_decay_loss(example_params, 0.1), 0.5 * 0.1 * (6 + 9))
assert np.isclose(weight_decay_loss(example_params, 0.0), 0.0)
assert np.array_equal(example_params["W1"], [[1.0, 2.0], [0.0, -1.0]])   # unchanged / 그대로
print("weight_decay_loss ok")

# %% [markdown]
# ### 7.2 드롭아웃
#
# 학습할 때 순전파마다 은닉 노드 일부를 무작위로 지웁니다(출력 0). 평가할 때는 모든 노드를 씁니다 (강의 003). 여기서는 **DLFS의 규약**을 따릅니다:
#
# - `Dropout(dropout_ratio=0.5)`: `dropout_ratio` 는 노드를 **지울** 확률 $p$ 입니다.
# - `forward(x, train_flg=True)`: 원소마다 독립적으로 $[0,1)$ 균등분포의 난수를 뽑아 `dropout_ratio` 보다 **큰** 곳만 남기는 마스크를 만들어 저장하고, `x * mask` 를 돌려줍니다. 남은 노드는 값을 **바꾸지 않습니다** (1/(1−p) 로 키우지 않음).
# - `forward(x, train_flg=False)`: 시험 때는 모든 노드를 남기고 `x * (1 - dropout_ratio)` 를 돌려줍니다. 학습 때 출력의 기댓값 $(1-p)\,x$ 와 맞추기 위해서입니다.
# - `backward(dout)`: 마지막 학습용 순전파의 **같은 마스크**로 `dout * mask` 를 돌려줍니다 (지워진 노드로는 기울기도 흐르지 않음). `dout`를 바꾸지 마세요.
#
# 참고: PyTorch 같은 라이브러리는 **역(inverted) 드롭아웃**을 씁니다 — 학습 때 남은 노드를 $1/(1-p)$ 배 하고 시험 때는 그대로 둡니다. 기댓값은 같지만 이 과제의 규약이 아니므로 채점에서 틀립니다.
#
# ### 7.2 Dropout
#
# While training, every forward pass deletes (outputs 0 for) a random part of the hidden nodes; at evaluation all nodes are used (lecture 003). We follow **the DLFS convention**:
#
# - `Dropout(dropout_ratio=0.5)`: `dropout_ratio` is the probability $p$ of **dropping** a node.
# - `forward(x, train_flg=True)`: draw, independently for every entry, a uniform random number in $[0, 1)$; keep the entry where it is **greater** than `dropout_ratio`; store this mask and return `x * mask`. Kept nodes are **not rescaled** (no factor 1/(1−p)).
# - `forward(x, train_flg=False)`: at test time every node is kept and the output is `x * (1 - dropout_ratio)`, to match the expected training output $(1-p)\,x$.
# - `backward(dout)`: returns `dout * mask` with **the same mask** as the last training forward pass (no gradient flows through a dropped node). Do not modify `dout`.
#
# Note: libraries such as PyTorch use **inverted dropout** — kept nodes are multiplied by $1/(1-p)$ during training and nothing is done at test time. The expected values agree, but it is not this assignment's convention and is graded as wrong.

# %% solution="Dropout"

# %% tests="Dropout"
np.random.seed(0)
layer = Dropout(dropout_ratio=0.3)
activations = np.full((200, 50), 2.0)
dropped_out = layer.forward(activations, train_flg=True)
kept = dropped_out != 0
print(f"dropped fraction / 지워진 비율: {1 - kept.mean():.3f} (expected 0.3)")
assert abs((1 - kept.mean()) - 0.3) < 0.02                      # 10,000 draws: std of the fraction ~0.005
assert np.all(dropped_out[kept] == 2.0)                          # kept nodes unchanged (not inverted)
upstream = np.arange(10000, dtype=float).reshape(200, 50) + 1.0
upstream_copy = upstream.copy()
d_activations = layer.backward(upstream)
assert np.array_equal(d_activations, np.where(kept, upstream, 0.0))   # same mask as forward
assert np.array_equal(upstream, upstream_copy)                    # dout unchanged
assert np.allclose(layer.forward(activations, train_flg=False), 2.0 * 0.7)   # test time: x * (1 - p)
assert np.all(activations == 2.0)                                 # x unchanged
print("Dropout ok")

# %% [markdown]
# ### 7.3 조기 종료
#
# 학습을 오래 하면 훈련 손실은 계속 줄지만 검증 손실은 어느 순간부터 다시 늘어납니다. 검증 성능이 가장 좋았던 시점의 매개변수를 저장해 두고, 일정 에폭(patience) 동안 나아지지 않으면 학습을 멈추는 것이 조기 종료입니다 (손실 대신 정확도로 판단해도 됩니다).
#
# 아래 실험은 과적합이 잘 보이도록 훈련 데이터를 100개만 쓰고 `Adam(lr=0.01)`로 60 에폭 학습하며, 가중치 감소가 없을 때와 있을 때($\lambda = 0.01$)를 비교합니다. 그래프의 손실은 벌점을 뺀 교차 엔트로피입니다. 가중치 감소가 없으면 훈련 정확도는 곧 100 %가 되고 검증 손실은 한동안 줄다가 다시 늘어납니다(점선: 검증 손실이 가장 낮은 에폭, 조기 종료가 멈출 곳). 가중치 감소가 있으면 가중치가 훨씬 작게 유지되고 검증 손실은 다시 늘지 않고 비슷한 수준에 머뭅니다.
#
# ### 7.3 Early stopping
#
# With long training the training loss keeps falling, but the validation loss starts to rise again at some point. Early stopping stores the parameters of the epoch with the best validation performance and stops when it has not improved for a number of epochs (the patience); accuracy may be used instead of the loss.
#
# The experiment below uses only 100 training samples so that overfitting shows, trains with `Adam(lr=0.01)` for 60 epochs, and compares training without and with weight decay ($\lambda = 0.01$). The plotted losses are the cross-entropy without the penalty. Without weight decay the training accuracy soon reaches 100 % and the validation loss falls for a while and then rises again (dashed line: the epoch of the lowest validation loss, where early stopping would stop). With weight decay the weights stay much smaller and the validation loss stays about level instead of rising again.

# %% demo=true
x_small, t_small = x_train[:100], t_train[:100]
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
start = time.perf_counter()
for ax, lam in zip(axes, [0.0, 0.01]):
    net = TwoLayerNet(64, 100, 10, weight_init_std=he_std(64), seed=0)
    optimizer = Adam(lr=0.01)
    rng = np.random.default_rng(0)
    history = {"train loss": [], "val loss": [], "train acc": [], "val acc": []}
    for epoch in range(60):
        order = rng.permutation(100)
        for i in range(10):
            batch = order[i * 10:(i + 1) * 10]
            grads = net.gradient(x_small[batch], t_small[batch])
            for key in net.params:
                if key.startswith("W"):
                    grads[key] = grads[key] + lam * net.params[key]      # gradient of (lam/2)||W||^2
            optimizer.update(net.params, grads)
        history["train loss"].append(net.loss(x_small, t_small))
        history["val loss"].append(net.loss(x_val, t_val))
        history["train acc"].append(net.accuracy(x_small, t_small))
        history["val acc"].append(net.accuracy(x_val, t_val))
    best_epoch = int(np.argmin(history["val loss"]))
    for name, values in history.items():
        ax.plot(range(1, 61), values, label=name)
    ax.axvline(best_epoch + 1, color="gray", linestyle="--")
    ax.set_title(f"lambda = {lam}: val. loss {history['val loss'][best_epoch]:.3f} (epoch {best_epoch + 1}) "
                 f"-> {history['val loss'][-1]:.3f} (epoch 60); (1/2)||W||^2 = {weight_decay_loss(net.params, 1.0):.0f}",
                 fontsize=9)
    ax.set_xlabel("epoch")
    ax.set_ylim(0, 1.5)
    ax.legend(fontsize=8)
print(f"two runs in {time.perf_counter() - start:.2f} s")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 8. 모두 모아서: `train_network`
#
# `train_network(x_train, t_train, x_val, t_val, seed=0)` 은 손글씨 숫자용 `TwoLayerNet(64, H, 10)` 을 만들어 학습시킨 뒤 그 신경망을 돌려줍니다.
#
# - 입력: `x_*` 는 $[0, 1]$로 정규화된 이미지 $(N, 64)$, `t_*` 는 정수 레이블 $(N,)$.
# - 출력: 학습된 신경망. 채점기는 `net.params` 의 `"W1"` $(64, H)$, `"b1"` $(H,)$, `"W2"` $(H, 10)$, `"b2"` $(10,)$ 만 읽어서 **채점기가 가진 시험 데이터**로 직접 정확도를 계산합니다. **90 % 이상**이면 만점, 80 % 이상이면 부분 점수(3점 중 1점)입니다. 채점할 때는 채점기가 훈련 데이터 약 1,260장을 여러분의 함수에 넘기고, 학습은 여러분의 함수가 합니다.
# - 같은 `seed` 면 같은 결과가 나오도록 난수는 `seed` 로 만드세요 (`np.random.default_rng(seed)`).
# - 시간 제한: 채점기에서 60초. 참고 답안(Adam, 배치 10, 최대 40 에폭, 조기 종료)은 2코어 컴퓨터에서 0.5~2초 걸리고 시험 정확도는 96~99 % 입니다. 위 4절의 반복문을 함수로 감싸기만 해도 충분합니다. 단, 학습에 `numerical_gradient` 를 쓰면 너무 느립니다 — 반드시 `gradient` 를 쓰세요.
# - 최적화 기법, 은닉 노드 수, 학습률, 에폭 수는 자유입니다. 검증 데이터로 가장 좋은 에폭의 매개변수를 고르면(조기 종료) 더 안정적입니다.
#
# ## 8. Putting it together: `train_network`
#
# `train_network(x_train, t_train, x_val, t_val, seed=0)` builds a `TwoLayerNet(64, H, 10)` for the digits, trains it, and returns the network.
#
# - Inputs: `x_*` are images scaled to $[0, 1]$, shape $(N, 64)$; `t_*` are integer labels, shape $(N,)$.
# - Output: the trained network. The grader reads only `net.params` — `"W1"` $(64, H)$, `"b1"` $(H,)$, `"W2"` $(H, 10)$, `"b2"` $(10,)$ — and computes the accuracy itself on **its own held-out digits**. **90 % or more** earns full marks, 80 % or more partial credit (1 of 3 points). When grading, the grader passes about 1,260 training digits to your function, and your function does the training.
# - Make the randomness come from `seed` (`np.random.default_rng(seed)`), so that the same `seed` gives the same result.
# - Time limit: 60 seconds on the grader. The reference (Adam, batch 10, at most 40 epochs, early stopping) takes 0.5–2 seconds on a 2-core machine and reaches 96–99 % test accuracy. Wrapping the loop of part 4 in a function is enough. Do not train with `numerical_gradient`, which is far too slow — use `gradient`.
# - The optimizer, number of hidden units, learning rate and number of epochs are up to you. Choosing the parameters of the best epoch on the validation set (early stopping) makes the result steadier.

# %% solution="train_network"

# %% tests="train_network"
x_train, t_train, x_val, t_val, x_test, t_test = load_digits_split(seed=0)
start = time.perf_counter()
trained = train_network(x_train, t_train, x_val, t_val, seed=0)
elapsed = time.perf_counter() - start
W1_trained, b1_trained = trained.params["W1"], trained.params["b1"]
W2_trained, b2_trained = trained.params["W2"], trained.params["b2"]
assert W1_trained.shape[0] == 64 and W2_trained.shape == (W1_trained.shape[1], 10)
assert b1_trained.shape == (W1_trained.shape[1],) and b2_trained.shape == (10,)
# accuracy computed from params alone, as the grader does / 채점기처럼 params만으로 정확도 계산
test_scores = np.maximum(x_test @ W1_trained + b1_trained, 0) @ W2_trained + b2_trained
test_accuracy = np.mean(np.argmax(test_scores, axis=1) == t_test)
print(f"trained in {elapsed:.2f} s; test accuracy / 시험 정확도 {test_accuracy:.3f}")
assert elapsed < 60
assert test_accuracy >= 0.90

# %% [markdown]
# ## 9. XOR: 다층 퍼셉트론이 필요한 이유 (강의 003)
#
# XOR은 두 입력이 다르면 1, 같으면 0입니다. 퍼셉트론 하나는 직선 하나로 평면을 나누므로 XOR을 풀 수 없지만, 층을 쌓으면 풀 수 있습니다. 강의의 구성은 계단 함수 $f(s) = 1\ (s > 0),\ 0\ (s \le 0)$ 으로
#
# $$h_1 = f(x_1 - x_2 + 0.5), \qquad h_2 = f(x_1 - x_2 - 0.5)$$
#
# 입니다. 그러면 $(0,0) \to h = (1,0)$, $(0,1) \to (0,0)$, $(1,0) \to (1,1)$, $(1,1) \to (1,0)$ 이 되어, XOR이 0인 두 점은 같은 $h$로 모이고 XOR이 1인 두 점은 다른 두 $h$로 갈라집니다. 이제 출력 노드 하나(직선 하나)로 나눌 수 있습니다:
#
# $$y = f(h_2 - h_1 + 0.5)$$
#
# **강의 정오표: 계단 함수.** 강의 003은 계단 함수를 세 가지로 정의합니다 ($x \ge 0$이면 1; $x \le 0$이면 0; XOR 슬라이드에서는 $x \le 0$이면 1, $x \ge 0$이면 0으로 뒤집히고 0에서 겹침). AND 예제는 $x \ge 0$이면 1인 정의에서만 맞습니다. 여기서는 위의 $f$ 하나만 씁니다.
#
# **슬라이드 정정**: 슬라이드의 출력 $y = f(h_1 - h_2 - 0.5)$ 는 위의 계단 함수로 계산하면 $h = (1, 0)$ 에서 1이 되어 XOR이 아니라 XNOR(같으면 1)을 냅니다. 슬라이드 옆에 적힌 뒤집힌 계단 함수($s \le 0$ 이면 1)를 출력에만 쓰면 XOR이 되며, 이는 $y = f(h_2 - h_1 + 0.5)$ 와 같습니다.
#
# 그다음 같은 문제를 여러분의 `TwoLayerNet` (은닉 노드 16개, ReLU)과 `Adam`으로 **학습**시켜 봅니다. 사람이 고른 가중치 대신 경사 하강법이 스스로 두 개의 경계선을 찾습니다.
#
# ## 9. XOR: why we need a multi-layer perceptron (lecture 003)
#
# XOR is 1 when the two inputs differ and 0 when they are equal. A single perceptron splits the plane with one straight line, so it cannot solve XOR; stacking layers can. The lecture's construction uses the step function $f(s) = 1\ (s > 0),\ 0\ (s \le 0)$:
#
# $$h_1 = f(x_1 - x_2 + 0.5), \qquad h_2 = f(x_1 - x_2 - 0.5)$$
#
# **Lecture erratum: the step function.** Lecture 003 defines it three ways (1 for $x \ge 0$; 0 for $x \le 0$; and on the XOR slides 1 for $x \le 0$ and 0 for $x \ge 0$, inverted and overlapping at 0); its AND example works only with 1 for $x \ge 0$. Here we use the one $f$ above.
#
# Then $(0,0) \to h = (1,0)$, $(0,1) \to (0,0)$, $(1,0) \to (1,1)$, $(1,1) \to (1,0)$: the two points with XOR 0 meet at the same $h$, and the two with XOR 1 go to two other $h$. One output node (one straight line) now separates them:
#
# $$y = f(h_2 - h_1 + 0.5)$$
#
#
# **Slide correction**: the slide's output $y = f(h_1 - h_2 - 0.5)$, computed with the step function above, is 1 at $h = (1, 0)$, so it gives XNOR (1 when equal), not XOR. Using the reversed step function written beside the slide ($1$ if $s \le 0$) for the output only gives XOR, which is the same as $y = f(h_2 - h_1 + 0.5)$.
#
# Then the same problem is **learned** by your `TwoLayerNet` (16 ReLU hidden nodes) with `Adam`: instead of hand-picked weights, gradient descent finds the two boundary lines by itself.

# %% demo=true
def step(s):
    return (s > 0).astype(float)


x_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
t_xor = np.array([0, 1, 1, 0])
h_xor = np.stack([step(x_xor[:, 0] - x_xor[:, 1] + 0.5), step(x_xor[:, 0] - x_xor[:, 1] - 0.5)], axis=1)
y_xor = step(h_xor[:, 1] - h_xor[:, 0] + 0.5)
for inputs, hidden, output in zip(x_xor, h_xor, y_xor):
    print(f"x = {inputs} -> h = {hidden} -> y = {output:.0f}")
assert np.array_equal(y_xor, t_xor)

# %% demo=true
xor_net = TwoLayerNet(2, 16, 2, weight_init_std=1.0, seed=3)
xor_optimizer = Adam(lr=0.05)
for _ in range(300):
    xor_optimizer.update(xor_net.params, xor_net.gradient(x_xor, t_xor))
print("predicted classes / 예측:", np.argmax(xor_net.predict(x_xor), axis=1), " loss / 손실:", round(xor_net.loss(x_xor, t_xor), 4))
print("XOR accuracy / 정확도:", xor_net.accuracy(x_xor, t_xor))

grid = np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 101), np.linspace(-0.5, 1.5, 101)), axis=-1).reshape(-1, 2)
regions = np.argmax(xor_net.predict(grid), axis=1).reshape(101, 101)
plt.figure(figsize=(3.5, 3.5))
plt.contourf(np.linspace(-0.5, 1.5, 101), np.linspace(-0.5, 1.5, 101), regions, alpha=0.3, cmap="coolwarm")
plt.scatter(x_xor[:, 0], x_xor[:, 1], c=t_xor, cmap="coolwarm", edgecolors="black", s=80)
plt.title("regions learned for XOR")
plt.show()

# %% [markdown]
# ## 정리
#
# - 오차역전파의 핵심 식: $\Delta_2 = (\mathrm{softmax} - T)/N$, $\partial L/\partial W_2 = A_1^\top \Delta_2$, $\Delta_1 = (\Delta_2 W_2^\top) \circ \mathbb{1}\{Z_1 > 0\}$, $\partial L/\partial W_1 = X^\top \Delta_1$, 편향은 axis 0으로 합.
# - 학습은 미니배치 → 기울기 → 갱신 → 반복이며, 최적화 기법은 "갱신" 단계만 바꿉니다.
# - 초기화(He/Xavier), 가중치 감소, 드롭아웃, 조기 종료는 학습이 잘 되고 새 데이터에서도 잘 맞히도록 돕습니다.
#
# ## Summary
#
# - The core formulas of backpropagation: $\Delta_2 = (\mathrm{softmax} - T)/N$, $\partial L/\partial W_2 = A_1^\top \Delta_2$, $\Delta_1 = (\Delta_2 W_2^\top) \circ \mathbb{1}\{Z_1 > 0\}$, $\partial L/\partial W_1 = X^\top \Delta_1$, biases summed over axis 0.
# - Learning is mini-batch → gradient → update → repeat; an optimizer changes only the "update" step.
# - Initialisation (He/Xavier), weight decay, dropout and early stopping help training work and the network do well on new data.
