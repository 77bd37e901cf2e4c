# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # PS1 — 소프트맥스와 손실 함수 / Softmax and loss functions
#
# **한국어**
#
# 이 과제에서는 신경망 학습에 필요한 손실 함수를 NumPy로 직접 구현합니다. 강의의 순서를 그대로 따릅니다.
#
# 1. 로지스틱 회귀(이항 분류)의 교차 엔트로피 손실 (강의 000)
# 2. 이항 분류에서 $K$개 부류의 다항 분류로 일반화하기, 그리고 $-\sum_k y_k \log \hat{y}_k = -\log \hat{y}_c$ 인 이유 (강의 000)
# 3. 소프트맥스 함수: 고양이/개 점수 예시와 오버플로 (강의 003(딥러닝 기초))
# 4. 평균 제곱 오차(MSE)와 교차 엔트로피 오차(CE) (강의 003)
# 5. 「Loss 계산해 보기」와 연습문제 1 — 슬라이드의 계산 실수를 바로잡은 값으로 (강의 003, 연습 문제)
# 6. 로짓에서 바로 구하는 소프트맥스 손실과 log-sum-exp
# 7. 소프트맥스 손실의 기울기 $(\mathrm{softmax}(z) - T)/N$ (강의 004 필기 노트)
#
# **진행 방법.** `raise NotImplementedError()` 가 있는 함수 본문을 채웁니다. 함수 이름과 인자는 바꾸지 않습니다.
# 각 함수 아래의 테스트 셀은 강의의 예제 값을 확인합니다. 채점 때에는 여러분이 보지 못한 다른 입력(여러 크기의
# 배치, 두 가지 레이블 형식, 아주 큰 로짓)으로 다시 검사합니다. 그러니 테스트 셀을 통과하는 것만이 목표가 아니라,
# 아래의 약속을 모두 지키는 것이 목표입니다.
#
# - 배치는 한 행에 한 샘플씩 담긴 2차원 배열 $(N, K)$ 입니다. 모든 함수는 샘플 하나를 1차원 배열 $(K,)$ 로도 받으며,
#   이때는 $N = 1$ 로 봅니다.
# - 정답 레이블 `t` 는 원-핫 벡터(점수와 같은 모양)로도, 정수 부류 번호(모양 $(N,)$, 샘플 하나면 스칼라)로도 옵니다.
#   두 형식을 모두 받아야 합니다.
# - 로그는 자연로그 $\ln$ 입니다 (`np.log`). `np.log10` 이 아닙니다.
# - 손실 함수는 파이썬 실수(`float`)를 돌려줍니다. 받은 배열을 고쳐 쓰면 안 됩니다.
#
# **English**
#
# In this assignment you implement, with NumPy, the loss functions a neural network is trained with. The order
# is the lectures' order:
#
# 1. the cross-entropy loss of logistic regression (binary classification) (lecture 000);
# 2. its generalisation from two classes to $K$ classes, and why $-\sum_k y_k \log \hat{y}_k = -\log \hat{y}_c$ (lecture 000);
# 3. the softmax function: the cat/dog scores and overflow (lecture 003, Deep Learning Basics);
# 4. mean squared error (MSE) and cross-entropy error (CE) (lecture 003);
# 5. "Loss 계산해 보기" and exercise 1, with the slide's arithmetic slips corrected (lecture 003 and its exercises);
# 6. the softmax loss computed straight from the logits, and log-sum-exp;
# 7. the gradient of the softmax loss, $(\mathrm{softmax}(z) - T)/N$ (the handwritten notes of lecture 004).
#
# **How to work.** Fill in the bodies that say `raise NotImplementedError()`; do not rename functions or
# arguments. The test cell under each function checks the lectures' worked examples. Grading runs other checks
# on inputs you have not seen (batches of several sizes, both label formats, very large logits), so the goal
# is not just to pass the visible cells but to keep every promise below.
#
# - A batch is a 2-D array $(N, K)$ with one sample per row. Every function also takes a single sample as a
#   1-D array $(K,)$, treated as $N = 1$.
# - The labels `t` come either one-hot (the same shape as the scores) or as integer class indices (shape
#   $(N,)$, or a scalar for a single sample). Accept both.
# - The log is the natural log $\ln$ (`np.log`), not `np.log10`.
# - The losses return a Python `float`. Never write into an array you were given.

# %%
import numpy as np

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. 로지스틱 회귀의 교차 엔트로피 / Cross-entropy of logistic regression
#
# **한국어**
#
# 로지스틱 회귀는 입력 $\vec{x}$ 가 부류 1에 속할 확률을 $\hat{y} = \sigma(\vec{w}\cdot\vec{x} + b) = P(y = 1 \mid \vec{x})$
# 로 추정합니다. 정답 $y \in \{0, 1\}$ 에 대한 교차 엔트로피 손실은 정답의 확률에 마이너스 로그를 씌운 것입니다.
#
# $$L_{CE}(\hat{y}, y) = -\log p(y \mid \vec{x}) = -\left[\, y \log \hat{y} + (1 - y) \log (1 - \hat{y}) \,\right]$$
#
# 대괄호 안의 두 항 중 하나만 살아남습니다. $y = 1$ 이면 $-\log \hat{y}$, $y = 0$ 이면 $-\log(1 - \hat{y})$ 입니다.
# 정답에 높은 확률을 줄수록 손실이 0에 가까워지고, 정답의 확률이 0에 가까워지면 손실은 한없이 커집니다.
# 예를 들어 $\hat{y} = 0.8$ 일 때 $y = 1$ 이면 $-\ln 0.8 \approx 0.2231$, $y = 0$ 이면 $-\ln 0.2 \approx 1.6094$ 입니다.
# 샘플이 $N$ 개이면 샘플별 손실의 평균을 씁니다.
#
# `binary_cross_entropy(y_hat, y)` 를 구현하세요. `y_hat` 과 `y` 는 같은 모양(스칼라 또는 $(N,)$)이고, 평균을 돌려줍니다.
#
# **English**
#
# Logistic regression estimates the probability that the input $\vec{x}$ is in class 1:
# $\hat{y} = \sigma(\vec{w}\cdot\vec{x} + b) = P(y = 1 \mid \vec{x})$. Its cross-entropy loss for the correct label
# $y \in \{0, 1\}$ is minus the log of the probability given to the correct answer:
#
# $$L_{CE}(\hat{y}, y) = -\log p(y \mid \vec{x}) = -\left[\, y \log \hat{y} + (1 - y) \log (1 - \hat{y}) \,\right]$$
#
# Only one of the two terms in the brackets survives: $-\log \hat{y}$ when $y = 1$, $-\log(1 - \hat{y})$ when $y = 0$.
# The more probability the model gives to the correct answer, the closer the loss is to 0; as that probability
# goes to 0 the loss grows without bound. For example, with $\hat{y} = 0.8$ the loss is $-\ln 0.8 \approx 0.2231$
# if $y = 1$ and $-\ln 0.2 \approx 1.6094$ if $y = 0$. For $N$ samples we take the mean of the per-sample losses.
#
# Implement `binary_cross_entropy(y_hat, y)`. `y_hat` and `y` have the same shape (a scalar or $(N,)$); it returns
# the mean.

# %% solution="binary_cross_entropy"

# %% tests="binary_cross_entropy"
# 샘플 하나: y = 1 이면 -ln ŷ, y = 0 이면 -ln(1 - ŷ). 허용 오차 1e-6 (자연로그; log10 이면 2.3배 작습니다).
# One sample: -ln ŷ if y = 1, -ln(1 - ŷ) if y = 0. Tolerance 1e-6 (natural log; log10 would be 2.3 times smaller).
assert np.isclose(binary_cross_entropy(0.8, 1), 0.2231436, atol=1e-6)
assert np.isclose(binary_cross_entropy(0.8, 0), 1.6094379, atol=1e-6)
# 여러 샘플이면 평균 (합이 아닙니다). / Several samples: the mean (not the sum).
loss = binary_cross_entropy(np.array([0.8, 0.8, 0.9]), np.array([1, 0, 1]))
assert np.isclose(loss, (0.2231436 + 1.6094379 + 0.1053605) / 3, atol=1e-6), loss
# 손실은 양수이고 파이썬 실수입니다. / The loss is positive and a Python float.
assert isinstance(loss, float) and loss > 0
print("binary_cross_entropy: OK")

# %% [markdown]
# ## 2. 두 부류에서 $K$ 개 부류로 / From two classes to $K$ classes
#
# **한국어**
#
# 스칼라 정답 $y \in \{0, 1\}$ 을 원-핫 벡터 $\vec{y} = [y_1, y_2]$ 로 나타내 봅시다.
#
# - 정답 표상: $y = 1 \Rightarrow \vec{y} = [1, 0]$, $\; y = 0 \Rightarrow \vec{y} = [0, 1]$. 즉 $y_1 = y$, $y_2 = 1 - y$.
# - 추정치: $\hat{y}_1 = \hat{y} = P(y = 1 \mid \vec{x})$, $\; \hat{y}_2 = 1 - \hat{y} = P(y = 0 \mid \vec{x})$.
#
# 이것을 이항 교차 엔트로피에 대입하면 $L_{CE} = -\left[ y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 \right]$ 이 됩니다.
# 부류가 3개이면 $-\left[ y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 + y_3 \log \hat{y}_3 \right]$, 부류가 $K$ 개이면
#
# $$L_{CE}(\hat{\vec{y}}, \vec{y}) = -\sum_{k=1}^{K} y_k \log \hat{y}_k = -\log \hat{y}_c \qquad (c \text{ 가 정답인 경우})$$
#
# **두 번째 등식이 성립하는 이유.** $\vec{y}$ 는 원-핫 벡터이므로 정답이 $c$ 번째 부류이면 $y_c = 1$ 이고,
# $k \neq c$ 인 모든 $k$ 에서 $y_k = 0$ 이라 $y_k \log \hat{y}_k = 0$ 입니다. 합에서 정답 부류의 항 하나만 남습니다.
# 그래서 교차 엔트로피는 "정답 부류에 준 확률"만으로 정해집니다. 구현할 때도 합을 다 계산할 필요 없이
# 정답 부류의 확률 $\hat{y}_c$ 만 골라 $-\log$ 를 씌우면 됩니다.
#
# 소프트맥스 회귀에서는 $\vec{z} = \mathbf{W}\vec{x} + \vec{b}$ 로 부류마다 점수(로짓)를 계산하고
# $\hat{\vec{y}} = \mathrm{softmax}(\vec{z})$ 로 확률을 만듭니다. 따라서
# $L_{CE} = -\log \mathrm{softmax}(z_c) = -\log \dfrac{\exp(z_c)}{\sum_{k=1}^{K} \exp(z_k)}$ 입니다 (6절에서 구현합니다).
#
# **표기.** 강의 000은 예측을 $\hat{y}$, 정답을 $y$ 로 쓰고, 강의 003(딥러닝 기초)과 코드(《밑바닥부터 시작하는 딥러닝》)는
# 예측을 $y$, 정답을 $t$ 로 씁니다: $E = -\sum_k t_k \log y_k$. 아래 함수들은 강의 003의 표기를 따릅니다.
#
# **레이블 형식.** 세 부류, 두 샘플의 정답이 "2번 부류, 0번 부류"라면 원-핫으로는 `t = [[0, 0, 1], [1, 0, 0]]`,
# 정수 번호로는 `t = [2, 0]` 입니다. 샘플 하나라면 `t = [0, 0, 1]` 또는 `t = 2` 입니다.
#
# **English**
#
# Write the scalar label $y \in \{0, 1\}$ as a one-hot vector $\vec{y} = [y_1, y_2]$:
#
# - the label: $y = 1 \Rightarrow \vec{y} = [1, 0]$, $\; y = 0 \Rightarrow \vec{y} = [0, 1]$, that is $y_1 = y$ and $y_2 = 1 - y$;
# - the estimate: $\hat{y}_1 = \hat{y} = P(y = 1 \mid \vec{x})$, $\; \hat{y}_2 = 1 - \hat{y} = P(y = 0 \mid \vec{x})$.
#
# Substituted into the binary cross-entropy this gives $L_{CE} = -\left[ y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 \right]$.
# With three classes it is $-\left[ y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 + y_3 \log \hat{y}_3 \right]$, and with $K$ classes
#
# $$L_{CE}(\hat{\vec{y}}, \vec{y}) = -\sum_{k=1}^{K} y_k \log \hat{y}_k = -\log \hat{y}_c \qquad (\text{when } c \text{ is the correct class})$$
#
# **Why the second equality holds.** $\vec{y}$ is one-hot, so when the correct class is $c$ we have $y_c = 1$, and
# for every $k \neq c$ we have $y_k = 0$, so $y_k \log \hat{y}_k = 0$. Only the correct class's term is left in the
# sum. Cross-entropy therefore depends only on the probability given to the correct class, and an implementation
# need not compute the whole sum: pick $\hat{y}_c$ and take $-\log$ of it.
#
# Softmax regression computes one score (logit) per class, $\vec{z} = \mathbf{W}\vec{x} + \vec{b}$, and turns the
# scores into probabilities, $\hat{\vec{y}} = \mathrm{softmax}(\vec{z})$. So
# $L_{CE} = -\log \mathrm{softmax}(z_c) = -\log \dfrac{\exp(z_c)}{\sum_{k=1}^{K} \exp(z_k)}$ (you implement this in section 6).
#
# **Notation.** Lecture 000 writes the prediction $\hat{y}$ and the label $y$; lecture 003 (Deep Learning Basics) and
# the code ("Deep Learning from Scratch") write the prediction $y$ and the label $t$: $E = -\sum_k t_k \log y_k$.
# The functions below use the latter.
#
# **Label formats.** For three classes and two samples whose correct classes are "class 2, class 0", the one-hot
# labels are `t = [[0, 0, 1], [1, 0, 0]]` and the integer labels are `t = [2, 0]`. For a single sample:
# `t = [0, 0, 1]` or `t = 2`.

# %% demo=true
# 원-핫 레이블과 정수 레이블은 같은 정보입니다: 단위행렬의 행을 고르면 원-핫이 되고, argmax 를 하면 정수가 됩니다.
# One-hot and integer labels carry the same information: rows of the identity matrix give one-hot, argmax gives integers.
t_int = np.array([2, 0])
t_onehot = np.eye(3)[t_int]
print("one-hot:\n", t_onehot)
print("back to integers:", np.argmax(t_onehot, axis=1))

# K = 2 일 때 합 -Σ y_k ln ŷ_k 는 이항 교차 엔트로피와 같습니다 (ŷ = 0.8, 정답 y = 1 → 원-핫 [1, 0]).
# With K = 2 the sum -Σ y_k ln ŷ_k is the binary cross-entropy (ŷ = 0.8, label y = 1 → one-hot [1, 0]).
y_hat_vec = np.array([0.8, 0.2])
y_vec = np.array([1, 0])
print("-Σ y_k ln ŷ_k =", -np.sum(y_vec * np.log(y_hat_vec)), "  -ln ŷ_c =", -np.log(y_hat_vec[0]))

# %% [markdown]
# ## 3. 소프트맥스 함수 / The softmax function
#
# **한국어**
#
# 신경망의 마지막 층은 부류마다 점수(score)를 냅니다. 강의 003의 예에서 고양이 점수는 1.5, 개 점수는 3.7 입니다.
# 소프트맥스는 점수를 합이 1인 확률로 바꿉니다.
#
# $$y_k = \frac{\exp(a_k)}{\sum_{i=1}^{n} \exp(a_i)}$$
#
# $$\frac{e^{1.5}}{e^{1.5} + e^{3.7}} \approx 0.0998, \qquad \frac{e^{3.7}}{e^{1.5} + e^{3.7}} \approx 0.9002$$
#
# (슬라이드는 이를 0.1과 0.9로 반올림했습니다.)
#
# 슬라이드의 질문: $\frac{1.5}{1.5 + 3.7} + \frac{3.7}{1.5 + 3.7} = 1$ 처럼 점수를 그대로 나누면 안 됩니까?
# 점수는 음수일 수도 있습니다. 점수가 $[2, -1]$ 이면 $\frac{2}{1}$ 과 $\frac{-1}{1}$ 이라는 "확률"이 나오고, $[1, -1]$ 이면
# 0으로 나누게 됩니다. $\exp$ 는 언제나 양수이고 증가함수라서 점수의 순서를 지키면서 확률을 만듭니다. 또 모든 점수에
# 같은 수를 더해도 결과가 변하지 않는다는 성질이 있는데, 이것이 아래의 오버플로 대책의 열쇠입니다.
#
# ### 오버플로
#
# float64 가 나타낼 수 있는 가장 큰 수는 약 $1.8 \times 10^{308}$ 이므로 $e^{710}$ 부터는 `inf` 가 됩니다. 점수가
# $[1000, 999]$ 이면 분자와 분모가 모두 `inf` 이고, `inf / inf` 는 `nan` 입니다. 그런데 분자와 분모에 같은 수
# $e^{-m}$ 을 곱해도 분수의 값은 같습니다.
#
# $$y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)} = \frac{e^{-m}\exp(a_k)}{e^{-m}\sum_i \exp(a_i)} = \frac{\exp(a_k - m)}{\sum_i \exp(a_i - m)}$$
#
# $m = \max_i a_i$ 로 잡으면 지수는 모두 0 이하라서 $\exp(a_k - m) \le 1$ 이고, 가장 큰 항은 $e^0 = 1$ 이므로
# 분모는 1 이상입니다. 오버플로도, 0으로 나누기도 없습니다. (아주 작은 항이 0으로 반올림될 수는 있지만, 참값이
# $10^{-300}$ 보다 작으니 확률로서는 문제가 없습니다. 다만 그 0에 로그를 씌우면 문제가 됩니다 — 6절.)
#
# 배치 $(N, K)$ 에서는 행마다 따로 최댓값을 빼고 행마다 따로 합합니다. `axis=-1, keepdims=True` 를 쓰면 1차원
# $(K,)$ 과 2차원 $(N, K)$ 을 같은 코드로 처리할 수 있습니다. 열(axis=0)이나 배열 전체로 합하면 안 됩니다.
#
# `softmax(a)` 를 구현하세요. 결과는 입력과 같은 모양이고, $|a|$ 가 $10^4$ 까지 커져도 유한해야 합니다.
#
# **English**
#
# The last layer of a network gives one score per class. In lecture 003's example the cat scores 1.5 and the dog 3.7.
# Softmax turns the scores into probabilities that sum to 1:
#
# $$y_k = \frac{\exp(a_k)}{\sum_{i=1}^{n} \exp(a_i)}$$
#
# $$\frac{e^{1.5}}{e^{1.5} + e^{3.7}} \approx 0.0998, \qquad \frac{e^{3.7}}{e^{1.5} + e^{3.7}} \approx 0.9002$$
#
# (the slide rounds them to 0.1 and 0.9).
#
# The slide asks: why not divide the scores themselves, $\frac{1.5}{1.5 + 3.7} + \frac{3.7}{1.5 + 3.7} = 1$?
# Scores can be negative. Scores $[2, -1]$ would give the "probabilities" $\frac{2}{1}$ and $\frac{-1}{1}$, and
# $[1, -1]$ would divide by zero. $\exp$ is always positive and increasing, so it makes probabilities and keeps
# the scores' order. Adding the same number to every score also leaves softmax unchanged, and that property is the
# key to avoiding overflow.
#
# ### Overflow
#
# The largest float64 is about $1.8 \times 10^{308}$, so $e^{710}$ and above are `inf`. For scores $[1000, 999]$ both
# the numerator and the denominator are `inf`, and `inf / inf` is `nan`. But multiplying the numerator and the
# denominator by the same number $e^{-m}$ leaves the fraction as it is:
#
# $$y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)} = \frac{e^{-m}\exp(a_k)}{e^{-m}\sum_i \exp(a_i)} = \frac{\exp(a_k - m)}{\sum_i \exp(a_i - m)}$$
#
# With $m = \max_i a_i$ every exponent is at most 0, so $\exp(a_k - m) \le 1$, and the largest term is $e^0 = 1$, so
# the denominator is at least 1: no overflow and no division by zero. (A tiny term can still round to 0, but its
# true value is below $10^{-300}$, harmless as a probability. Taking the log of that 0 is another matter — section 6.)
#
# For a batch $(N, K)$, subtract each row's own maximum and sum each row separately. With `axis=-1, keepdims=True`
# the same code handles a 1-D sample $(K,)$ and a 2-D batch $(N, K)$. Summing down the columns (axis=0) or over the
# whole array is wrong.
#
# Implement `softmax(a)`. It returns an array of the input's shape, finite even for $|a|$ as large as $10^4$.

# %% demo=true
# 빼지 않고 계산하면 / without the subtraction
scores = np.array([1000.0, 999.0])
with np.errstate(over="ignore", invalid="ignore"):
    print("naive  :", np.exp(scores) / np.sum(np.exp(scores)))
# 최댓값을 빼고 계산하면 / subtracting the maximum first
shifted = np.exp(scores - np.max(scores))
print("shifted:", shifted / np.sum(shifted))

# %% solution="softmax"

# %% tests="softmax"
# 강의 003의 고양이/개 점수. 허용 오차 1e-4 는 기대값을 소수 넷째 자리로 적었기 때문입니다.
# The cat/dog scores of lecture 003. Tolerance 1e-4 because the expected values are written to 4 decimals.
y = softmax(np.array([1.5, 3.7]))
assert y.shape == (2,), y.shape
assert np.allclose(y, [0.0998, 0.9002], atol=1e-4), y
# 배치: 행마다 따로 계산하고, 각 행의 합이 1입니다. / A batch: each row on its own, and each row sums to 1.
a = np.array([[1.5, 3.7, 0.0], [0.81, 0.39, -2.0]])
Y = softmax(a)
assert Y.shape == (2, 3), Y.shape
assert np.allclose(Y.sum(axis=1), 1.0), Y.sum(axis=1)
assert np.allclose(Y[1], softmax(a[1])), "row 1 of the batch should equal the softmax of that row alone"
# 점수가 커도 nan 이 나오면 안 됩니다 ([1000, 999] 는 [1, 0] 과 같은 확률). / Large scores must not give nan.
assert np.allclose(softmax(np.array([1000.0, 999.0])), softmax(np.array([1.0, 0.0])))
# 큰 점수가 서로 다른 행에 있는 배치: 최댓값은 행마다 따로 빼야 합니다.
# A batch with large scores in different rows: the maximum is subtracted row by row.
big = softmax(np.array([[1000.0, 999.0], [-1000.0, -1001.0]]))
assert np.all(np.isfinite(big)), big
assert np.allclose(big, [softmax(np.array([1.0, 0.0]))] * 2), big
# 입력을 고치지 않습니다. / The input is left as it was.
assert np.array_equal(a, [[1.5, 3.7, 0.0], [0.81, 0.39, -2.0]]), "softmax wrote into its input"
print("softmax: OK")

# %% [markdown]
# ## 4. 손실 함수: MSE 와 교차 엔트로피 / Loss functions: MSE and cross-entropy
#
# **한국어**
#
# 손실 함수는 출력이 정답과 얼마나 다른지를 나타내고, 가중치는 이 값을 줄이는 방향으로 갱신됩니다. 강의 003은
# 회귀 문제에는 평균 제곱 오차(MSE), 분류 문제에는 교차 엔트로피(CE)를 쓴다고 소개합니다.
#
# **평균 제곱 오차**
#
# $$E = \frac{1}{2} \sum_k (y_k - t_k)^2$$
#
# 고양이/개 예시 (출력 $[0.1, 0.9]$, 정답 고양이 $[1, 0]$): $E = \frac{1}{2}\{(0.1 - 1)^2 + (0.9 - 0)^2\} = \frac{1}{2}(0.81 + 0.81) = 0.81$.
# $\frac{1}{2}$ 은 미분하면 $y_k - t_k$ 가 깔끔하게 나오도록 붙인 것입니다. 빠뜨리면 값이 두 배가 됩니다.
#
# **교차 엔트로피 오차**
#
# $$E = -\sum_k t_k \log y_k$$
#
# 같은 예시: $E = -(1 \times \log 0.1 + 0 \times \log 0.9) = -\ln 0.1 \approx 2.3026$. 2절에서 본 대로 정답일 때의
# 출력이 전체 값을 결정합니다.
#
# **배치.** $N$ 개 샘플의 손실은 샘플별 손실의 평균입니다: $E = \frac{1}{N}\sum_{n} E_n$. 미니배치 학습에서
# 손실(과 기울기)의 크기가 배치 크기에 따라 달라지지 않게 하려는 것입니다. $N$ 으로 나누는 것을 잊지 마세요.
# 샘플 하나 $(K,)$ 가 오면 $N = 1$ 입니다.
#
# **$\log 0$.** 정답 부류의 확률이 정확히 0이면 $\log 0 = -\infty$ 입니다. 《밑바닥부터 시작하는 딥러닝》은
# 로그 안에 아주 작은 값 $\delta = 10^{-7}$ 을 더합니다. 여기서도 $10^{-7}$ 이하의 $\varepsilon$ 은 허용하지만
# 꼭 필요하지는 않습니다. 이것이 왜 진짜 해결책이 아닌지는 6절에서 봅니다.
#
# `mean_squared_error(y, t)` 와 `cross_entropy_error(y, t)` 를 구현하세요. 둘 다 배치 평균을 파이썬 실수로 돌려주고,
# 원-핫과 정수 레이블, 1차원과 2차원 입력을 모두 받습니다.
#
# **English**
#
# A loss function measures how far the output is from the correct answer, and the weights are updated in the
# direction that makes it smaller. Lecture 003 introduces mean squared error (MSE) for regression and cross-entropy
# (CE) for classification.
#
# **Mean squared error**
#
# $$E = \frac{1}{2} \sum_k (y_k - t_k)^2$$
#
# The cat/dog example (output $[0.1, 0.9]$, correct answer cat $[1, 0]$): $E = \frac{1}{2}\{(0.1 - 1)^2 + (0.9 - 0)^2\} = \frac{1}{2}(0.81 + 0.81) = 0.81$.
# The $\frac{1}{2}$ is there so that the derivative comes out as plain $y_k - t_k$. Without it the value doubles.
#
# **Cross-entropy error**
#
# $$E = -\sum_k t_k \log y_k$$
#
# The same example: $E = -(1 \times \log 0.1 + 0 \times \log 0.9) = -\ln 0.1 \approx 2.3026$. As section 2 showed,
# the output for the correct class decides the whole value.
#
# **Batches.** The loss of $N$ samples is the mean of the per-sample losses, $E = \frac{1}{N}\sum_{n} E_n$, so
# that the size of the loss (and of the gradient) does not depend on the batch size in mini-batch training. Do
# not forget to divide by $N$. A single sample $(K,)$ has $N = 1$.
#
# **$\log 0$.** If the correct class gets probability exactly 0, $\log 0 = -\infty$. "Deep Learning from Scratch"
# adds a tiny $\delta = 10^{-7}$ inside the log. An $\varepsilon$ of at most $10^{-7}$ is allowed here too, but it is
# not needed; section 6 shows why it is no real cure.
#
# Implement `mean_squared_error(y, t)` and `cross_entropy_error(y, t)`. Both return the batch mean as a Python
# float and accept one-hot and integer labels, 1-D and 2-D inputs.

# %% solution="mean_squared_error"

# %% solution="cross_entropy_error"

# %% [markdown]
# ## 5. Loss 계산해 보기 / Computing the loss by hand
#
# **한국어**
#
# 강의 003의 「Loss 계산해 보기」: 입력 $z = [0.5, 0.1]$, 가중치 $w = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}$,
# 편향 $b = [0.7, 0.2]$, 활성화 함수는 소프트맥스, 정답은 고양이 $[1, 0]$ 입니다. (이 슬라이드에서는 $z$ 가 층의
# 입력이고 $a$ 가 점수입니다. 6–7절에서는 강의 000처럼 $z$ 를 점수(로짓)로 씁니다.)
#
# $$a = wz + b = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}\begin{bmatrix} 0.5 \\ 0.1 \end{bmatrix} + \begin{bmatrix} 0.7 \\ 0.2 \end{bmatrix} = \begin{bmatrix} 0.11 \\ 0.19 \end{bmatrix} + \begin{bmatrix} 0.7 \\ 0.2 \end{bmatrix} = \begin{bmatrix} 0.81 \\ 0.39 \end{bmatrix}$$
#
# 여기까지는 슬라이드와 같습니다. 그다음이 다릅니다.
#
# > **정오표 (슬라이드와 다른 점).** 슬라이드는 $e^{0.39} \approx 0.48$ 이라고 적었지만 $e^{0.39} \approx 1.477$ 입니다
# > ($x > 0$ 이면 언제나 $e^x > 1$). $e^{0.81} \approx 2.248$ 은 맞습니다. 따라서
# > $\mathrm{softmax}(a) \approx [2.248, 1.477] / 3.725 \approx [0.6035, 0.3965]$ 이고, 슬라이드의 $[0.8, 0.2]$ 가 아닙니다.
# > - MSE $= \frac{1}{2}\{(0.6035 - 1)^2 + (0.3965 - 0)^2\} \approx 0.1572$ (슬라이드의 0.04 는 잘못된 $[0.8, 0.2]$ 에서 나온 값).
# > - CE $= -\ln 0.6035 \approx 0.5050$. 슬라이드의 0.096 은 두 가지가 겹친 값입니다: 잘못된 확률 0.8 에 **상용로그**를
# >   씌운 $-\log_{10} 0.8 \approx 0.0969$ 입니다. 이 과정의 다른 모든 곳(강의 000, 강의 004, 《밑바닥부터 시작하는 딥러닝》의 `np.log`)처럼
# >   자연로그를 써야 합니다.
#
# > **강의 정오표: $w_{12}$의 자리.** 강의 003은 표의 $w_{12}$를 두 예제에서 반대 자리에 놓습니다: 「Loss 계산해 보기」는
# > 2행 1열, 연습문제 1은 1행 2열. 여기서는 두 예제 모두 슬라이드의 행렬을 그대로 씁니다 (`../shared/COURSE.md`의 Errata).
#
# **연습문제 1**: $z = [0.2, 0.4]$, $w = \begin{bmatrix} 0.1 & 0.9 \\ 0.2 & 0.2 \end{bmatrix}$, $b = [0.1, 0.9]$, 정답 $[1, 0]$.
#
# $$a = \begin{bmatrix} 0.38 \\ 0.12 \end{bmatrix} + \begin{bmatrix} 0.1 \\ 0.9 \end{bmatrix} = \begin{bmatrix} 0.48 \\ 1.02 \end{bmatrix}, \qquad e^{0.48} \approx 1.616,\; e^{1.02} \approx 2.773, \qquad \mathrm{softmax}(a) \approx [0.3682, 0.6318]$$
#
# > **정오표.** 슬라이드의 지수와 소프트맥스($[0.37, 0.63]$ 으로 반올림)는 맞습니다.
# > - MSE $= \frac{1}{2}\{(0.3682 - 1)^2 + 0.6318^2\} = 0.6318^2 \approx 0.3992$. 슬라이드의 0.396 은 반올림한 $0.63^2 = 0.3969$ 에서 나온 값입니다.
# > - CE $= -\ln 0.3682 \approx 0.9992$. 슬라이드의 0.4318 은 슬라이드에 적힌 "$\log 0.37 \approx -0.4318$" 에서 나왔는데,
# >   이것은 상용로그 $\log_{10} 0.37$ 입니다. 자연로그로는 $\ln 0.37 \approx -0.9943$ 이고, 반올림하지 않은 $0.3682$ 로는 0.9992입니다.
#
# 왜 자연로그를 씁니까? $\frac{d}{dy}\ln y = \frac{1}{y}$ 이라서 7절의 기울기가 $\mathrm{softmax}(z) - t$ 로 깔끔하게 나옵니다.
# 상용로그는 $\log_{10} y = \ln y / \ln 10$ 이라 손실과 기울기가 모두 $1/\ln 10 \approx 0.434$ 배가 됩니다.
#
# **English**
#
# Lecture 003's "Loss 계산해 보기" (computing the loss): input $z = [0.5, 0.1]$, weights
# $w = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}$, bias $b = [0.7, 0.2]$, softmax activation, and the correct
# answer cat, $[1, 0]$. (On this slide $z$ is the layer's input and $a$ the scores; sections 6–7 write the scores
# (logits) as $z$, as lecture 000 does.)
#
# $$a = wz + b = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}\begin{bmatrix} 0.5 \\ 0.1 \end{bmatrix} + \begin{bmatrix} 0.7 \\ 0.2 \end{bmatrix} = \begin{bmatrix} 0.11 \\ 0.19 \end{bmatrix} + \begin{bmatrix} 0.7 \\ 0.2 \end{bmatrix} = \begin{bmatrix} 0.81 \\ 0.39 \end{bmatrix}$$
#
# So far the slide is right. The next step is not.
#
# > **Errata (where this differs from the slide).** The slide writes $e^{0.39} \approx 0.48$, but $e^{0.39} \approx 1.477$
# > ($e^x > 1$ for every $x > 0$); $e^{0.81} \approx 2.248$ is right. So
# > $\mathrm{softmax}(a) \approx [2.248, 1.477] / 3.725 \approx [0.6035, 0.3965]$, not the slide's $[0.8, 0.2]$.
# > - MSE $= \frac{1}{2}\{(0.6035 - 1)^2 + (0.3965 - 0)^2\} \approx 0.1572$ (the slide's 0.04 comes from the wrong $[0.8, 0.2]$).
# > - CE $= -\ln 0.6035 \approx 0.5050$. The slide's 0.096 combines two slips: the wrong probability 0.8 and a **base-10**
# >   log, $-\log_{10} 0.8 \approx 0.0969$. Use the natural log, as everywhere else in the course (lecture 000, lecture 004,
# >   and `np.log` in "Deep Learning from Scratch").
#
# > **Lecture erratum: where $w_{12}$ sits.** Lecture 003 puts the table's $w_{12}$ in opposite places in its two
# > worked examples: row 2, column 1 in "Loss 계산해 보기", row 1, column 2 in exercise 1. Both examples here use the
# > slide's matrix as printed (COURSE.md, Errata).
#
# **Exercise 1**: $z = [0.2, 0.4]$, $w = \begin{bmatrix} 0.1 & 0.9 \\ 0.2 & 0.2 \end{bmatrix}$, $b = [0.1, 0.9]$, label $[1, 0]$.
#
# $$a = \begin{bmatrix} 0.38 \\ 0.12 \end{bmatrix} + \begin{bmatrix} 0.1 \\ 0.9 \end{bmatrix} = \begin{bmatrix} 0.48 \\ 1.02 \end{bmatrix}, \qquad e^{0.48} \approx 1.616,\; e^{1.02} \approx 2.773, \qquad \mathrm{softmax}(a) \approx [0.3682, 0.6318]$$
#
# > **Errata.** The slide's exponentials and softmax (rounded to $[0.37, 0.63]$) are right.
# > - MSE $= \frac{1}{2}\{(0.3682 - 1)^2 + 0.6318^2\} = 0.6318^2 \approx 0.3992$. The slide's 0.396 comes from the rounded $0.63^2 = 0.3969$.
# > - CE $= -\ln 0.3682 \approx 0.9992$. The slide's 0.4318 comes from its hint "$\log 0.37 \approx -0.4318$", which is the
# >   base-10 $\log_{10} 0.37$. The natural log gives $\ln 0.37 \approx -0.9943$, and the unrounded $0.3682$ gives 0.9992.
#
# Why the natural log? Because $\frac{d}{dy}\ln y = \frac{1}{y}$, the gradient of section 7 comes out as plain
# $\mathrm{softmax}(z) - t$. Since $\log_{10} y = \ln y / \ln 10$, a base-10 log multiplies both the loss and its
# gradient by $1/\ln 10 \approx 0.434$.

# %% demo=true
# 두 예제를 여러분의 함수로 계산해 슬라이드 값과 나란히 놓아 봅니다.
# Compute both examples with your functions and put them next to the slide's values.
examples = {
    "Loss 계산해 보기": (np.array([[0.2, 0.1], [0.3, 0.4]]), np.array([0.5, 0.1]), np.array([0.7, 0.2]), (0.04, 0.096)),
    "연습문제 1 / exercise 1": (np.array([[0.1, 0.9], [0.2, 0.2]]), np.array([0.2, 0.4]), np.array([0.1, 0.9]), (0.396, 0.4318)),
}
label = np.array([1, 0])  # 고양이 / cat
for name, (w, z, b, (slide_mse, slide_ce)) in examples.items():
    a = w @ z + b
    y = softmax(a)
    print(f"{name}: a = {a}, exp(a) = {np.exp(a)}, softmax(a) = {y}")
    print(f"    MSE = {mean_squared_error(y, label):.4f}  (slide {slide_mse})")
    print(f"    CE  = {cross_entropy_error(y, label):.4f}  (slide {slide_ce}; base-10 log of the same y: {-np.log10(y[0]):.4f})")

# %% tests="mean_squared_error"
# 기대값은 위의 손으로 한 계산입니다 (소수 넷째 자리 → 허용 오차 1e-4). 확률은 여기서 직접 계산해 여러분의 softmax 에 기대지 않습니다.
# Expected values are the hand computations above (4 decimals → tolerance 1e-4). The probabilities are computed
# here directly so that this check does not depend on your softmax.
def _probs(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()

y1 = _probs(np.array([0.81, 0.39]))   # ≈ [0.6035, 0.3965]
y2 = _probs(np.array([0.48, 1.02]))   # ≈ [0.3682, 0.6318]
assert np.isclose(mean_squared_error(y1, np.array([1, 0])), 0.1572, atol=1e-4)
assert np.isclose(mean_squared_error(y2, np.array([1, 0])), 0.3992, atol=1e-4)
# 강의 003의 고양이/개: ½{(0.1 − 1)² + 0.9²} = 0.81. / Lecture 003's cat/dog.
assert np.isclose(mean_squared_error(np.array([0.1, 0.9]), np.array([1, 0])), 0.81, atol=1e-10)
# 정수 레이블 (샘플 하나면 스칼라) 도 같은 값. / Integer labels (a scalar for one sample) give the same value.
assert np.isclose(mean_squared_error(y1, 0), 0.1572, atol=1e-4)
# 배치는 평균. / A batch gives the mean.
Y = np.stack([y1, y2])
assert np.isclose(mean_squared_error(Y, np.array([[1, 0], [1, 0]])), (0.1572 + 0.3992) / 2, atol=1e-4)
assert np.isclose(mean_squared_error(Y, np.array([0, 0])), (0.1572 + 0.3992) / 2, atol=1e-4)
assert isinstance(mean_squared_error(Y, np.array([0, 0])), float)
# 부류가 3개면 ½ Σ 와 np.mean 이 다릅니다: ½{0.1² + 0.2² + 0.3²} = 0.07. (K = 2 에서만 둘이 같습니다.)
# With 3 classes, ½ Σ and np.mean differ: ½{0.1² + 0.2² + 0.3²} = 0.07 (they agree only for K = 2).
assert np.isclose(mean_squared_error(np.array([0.1, 0.2, 0.7]), np.array([0, 0, 1])), 0.07, atol=1e-12)
assert np.isclose(mean_squared_error(np.array([[0.1, 0.2, 0.7]]), np.array([2])), 0.07, atol=1e-12)
print("mean_squared_error: OK")

# %% tests="cross_entropy_error"
# 자연로그로 계산한 정답 (슬라이드의 0.096, 0.4318 은 상용로그). 허용 오차 1e-4: 기대값이 소수 넷째 자리이고 ε ≤ 1e-7 도 허용합니다.
# Natural-log values (the slide's 0.096 and 0.4318 are base-10). Tolerance 1e-4: 4-decimal expected values, and ε ≤ 1e-7 is allowed.
def _probs(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()

y1 = _probs(np.array([0.81, 0.39]))
y2 = _probs(np.array([0.48, 1.02]))
assert np.isclose(cross_entropy_error(y1, np.array([1, 0])), 0.5050, atol=1e-4)
assert np.isclose(cross_entropy_error(y2, np.array([1, 0])), 0.9992, atol=1e-4)
# 고양이/개: -ln 0.1. / Cat/dog: -ln 0.1.
assert np.isclose(cross_entropy_error(np.array([0.1, 0.9]), np.array([1, 0])), 2.3026, atol=1e-4)
# 정수 레이블도 같은 값. / Integer labels give the same value.
assert np.isclose(cross_entropy_error(y1, 0), 0.5050, atol=1e-4)
# 배치는 평균. / A batch gives the mean.
Y = np.stack([y1, y2])
assert np.isclose(cross_entropy_error(Y, np.array([[1, 0], [1, 0]])), (0.5050 + 0.9992) / 2, atol=1e-4)
assert np.isclose(cross_entropy_error(Y, np.array([0, 0])), (0.5050 + 0.9992) / 2, atol=1e-4)
assert isinstance(cross_entropy_error(Y, np.array([0, 0])), float)
print("cross_entropy_error: OK")

# %% [markdown]
# ## 6. 로짓에서 바로: 소프트맥스 손실과 log-sum-exp / Straight from the logits: the softmax loss and log-sum-exp
#
# **한국어**
#
# 학습할 때는 소프트맥스와 교차 엔트로피를 한 덩어리로 계산하는 경우가 많습니다 (《밑바닥부터 시작하는 딥러닝》의
# `SoftmaxWithLoss`). 강의 000의 마지막 줄처럼 쓰면
#
# $$L = -\log \mathrm{softmax}(z)_c = -\log \frac{\exp(z_c)}{\sum_k \exp(z_k)} = \log \sum_{k} \exp(z_k) \; - \; z_c$$
#
# 입니다. `cross_entropy_error(softmax(z), t)` 로 계산하면 안 됩니까? 로짓이 극단적이면 안 됩니다. $z = [10^4, -10^4]$ 이고
# 정답이 1번 부류라면 참 손실은 $\log(e^{10^4} + e^{-10^4}) + 10^4 \approx 20000$ 입니다. 그러나 최댓값을 뺀 소프트맥스도
# $\mathrm{softmax}(z)_1 = e^{-20000}$ 을 0으로 반올림하고, $-\ln 0 = \infty$ 가 됩니다. $\varepsilon = 10^{-7}$ 을 더하면
# $-\ln(0 + 10^{-7}) \approx 16.12$ 로 유한해지지만 **틀린 값**입니다: 손실이 16.12 에서 잘립니다(clipping). 모델이 얼마나
# 틀렸는지를 감추는 것입니다. 손실을 감시하거나 비교할 때 이 값은 믿을 수 없습니다.
#
# 해결책은 로그를 먼저 취하는 것(log-sum-exp)입니다. $m = \max_k z_k$ 라 하면
#
# $$\log \sum_k \exp(z_k) = m + \log \sum_k \exp(z_k - m), \qquad L = \log \sum_k \exp(z_k - m) \; - \; (z_c - m).$$
#
# $\exp(z_k - m) \le 1$ 이라 오버플로가 없고, 최대 항이 1이라 합이 1 이상이므로 로그가 유한합니다. 무엇보다 $z_c - m$ 은
# 지수를 거치지 않고 그대로 빼므로 $-20000$ 같은 값도 정확히 남습니다. (NumPy 의 `np.logaddexp.reduce` 도 같은 계산을 합니다.)
#
# `softmax_loss(z, t)` 를 구현하세요. $|z|$ 가 $10^4$ 까지 커져도 유한할 뿐 아니라 **정확**해야 합니다.
#
# **English**
#
# In training, softmax and cross-entropy are usually computed as one piece ("Deep Learning from Scratch"'s
# `SoftmaxWithLoss`). Written as in the last line of lecture 000,
#
# $$L = -\log \mathrm{softmax}(z)_c = -\log \frac{\exp(z_c)}{\sum_k \exp(z_k)} = \log \sum_{k} \exp(z_k) \; - \; z_c.$$
#
# Why not compute `cross_entropy_error(softmax(z), t)`? Because of extreme logits. With $z = [10^4, -10^4]$ and class 1
# correct, the true loss is $\log(e^{10^4} + e^{-10^4}) + 10^4 \approx 20000$. Even the max-shifted softmax rounds
# $\mathrm{softmax}(z)_1 = e^{-20000}$ to 0, and $-\ln 0 = \infty$. Adding $\varepsilon = 10^{-7}$ gives
# $-\ln(0 + 10^{-7}) \approx 16.12$: finite, but **wrong** — the loss is clipped at 16.12, which hides how wrong the
# model is. A loss you monitor or compare cannot be trusted then.
#
# The cure is to take the log first (log-sum-exp). With $m = \max_k z_k$,
#
# $$\log \sum_k \exp(z_k) = m + \log \sum_k \exp(z_k - m), \qquad L = \log \sum_k \exp(z_k - m) \; - \; (z_c - m).$$
#
# $\exp(z_k - m) \le 1$, so nothing overflows; the largest term is 1, so the sum is at least 1 and its log is finite;
# above all, $z_c - m$ is subtracted as it is, never passed through $\exp$, so a value like $-20000$ survives exactly.
# (NumPy's `np.logaddexp.reduce` does the same computation.)
#
# Implement `softmax_loss(z, t)`. For $|z|$ as large as $10^4$ it must be not just finite but **accurate**.

# %% demo=true
z_extreme = np.array([1e4, -1e4])
c = 1  # 정답 부류 / the correct class
with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    naive = -np.log(np.exp(z_extreme[c]) / np.sum(np.exp(z_extreme)))
s = np.exp(z_extreme - np.max(z_extreme))
stable_softmax = s / s.sum()
with np.errstate(divide="ignore"):
    no_eps = -np.log(stable_softmax[c])
clipped = -np.log(stable_softmax[c] + 1e-7)
m = np.max(z_extreme)
log_sum_exp = np.log(np.sum(np.exp(z_extreme - m))) - (z_extreme[c] - m)
print("exp without shift           :", naive)
print("-ln softmax (shifted)       :", no_eps)
print("-ln (softmax + 1e-7)        :", clipped)
print("log-sum-exp                 :", log_sum_exp)
print("np.logaddexp.reduce(z) - z_c:", np.logaddexp.reduce(z_extreme) - z_extreme[c])

# %% solution="softmax_loss"

# %% tests="softmax_loss"
# 작은 로짓에서는 cross_entropy_error(softmax(z), t) 와 같습니다 (5절의 값, 허용 오차 1e-4 = 소수 넷째 자리).
# For small logits it equals cross_entropy_error(softmax(z), t) (section 5's values, tolerance 1e-4 = 4 decimals).
assert np.isclose(softmax_loss(np.array([0.81, 0.39]), np.array([1, 0])), 0.5050, atol=1e-4)
assert np.isclose(softmax_loss(np.array([0.48, 1.02]), 0), 0.9992, atol=1e-4)
# 고양이/개 점수, 정답이 고양이이면 -ln 0.0998, 개이면 -ln 0.9002. / Cat/dog scores, label cat or dog.
assert np.isclose(softmax_loss(np.array([1.5, 3.7]), 0), 2.3051, atol=1e-4)
assert np.isclose(softmax_loss(np.array([1.5, 3.7]), np.array([0, 1])), 0.1051, atol=1e-4)
# 배치는 평균, 두 레이블 형식 모두. / A batch gives the mean, with either label format.
Z = np.array([[0.81, 0.39], [0.48, 1.02], [1.5, 3.7]])
expected = (0.5050 + 0.9992 + 2.3051) / 3
assert np.isclose(softmax_loss(Z, np.array([0, 0, 0])), expected, atol=1e-4)
assert np.isclose(softmax_loss(Z, np.eye(2)[[0, 0, 0]]), expected, atol=1e-4)
# 극단적인 로짓: 잘리지 않은 정확한 값 (상대 오차 1e-9; 16.12 는 ε 로 잘린 값, inf/nan 은 오버플로).
# Extreme logits: the exact, unclipped value (relative tolerance 1e-9; 16.12 means clipped by ε, inf/nan means overflow).
assert np.isclose(softmax_loss(np.array([1e4, -1e4]), 1), 20000.0, rtol=1e-9, atol=0), softmax_loss(np.array([1e4, -1e4]), 1)
assert np.isclose(softmax_loss(np.array([1e4, -1e4]), 0), 0.0, atol=1e-9)
assert isinstance(softmax_loss(Z, np.array([0, 0, 0])), float)
print("softmax_loss: OK")

# %% [markdown]
# ## 7. 소프트맥스 손실의 기울기 / The gradient of the softmax loss
#
# **한국어**
#
# 강의 004의 필기 노트를 따라 손실 $\mathrm{Cost} = -\sum_j y_j \log p_j$, $\; p = \mathrm{softmax}(z)$ 를 로짓 $z_i$ 로 미분합니다.
# (노트의 $y$ 는 정답, $p$ 는 예측입니다. 코드에서는 정답이 $t$ 입니다.) 먼저 소프트맥스의 도함수는
#
# $$\frac{\partial p_j}{\partial z_i} = \begin{cases} p_i (1 - p_i) & (j = i) \\ -p_j\, p_i & (j \neq i) \end{cases}$$
#
# 입니다. 연쇄법칙으로
#
# $$\begin{aligned}
# \frac{\partial \mathrm{Cost}}{\partial z_i} &= -\sum_j y_j \frac{1}{p_j} \frac{\partial p_j}{\partial z_i}
#   = -\Big( y_i (1 - p_i) + \sum_{j \neq i} y_j \frac{1}{p_j} (-p_j p_i) \Big) \\
# &= -\Big( y_i - y_i p_i - \sum_{j \neq i} y_j p_i \Big) = -\Big( y_i - \sum_j y_j p_i \Big)
#   = p_i \underbrace{\sum_j y_j}_{1} - y_i = p_i - y_i .
# \end{aligned}$$
#
# 즉 $\dfrac{\partial L}{\partial z} = \mathrm{softmax}(z) - t$ 입니다. 강의 000이 출력층 가중치에 대해 적은
# $\frac{\partial L_{CE}}{\partial w_{k,i}} = (\hat{y}_k - y_k)\, x_i$ 는 여기에 $\frac{\partial z_k}{\partial w_{k,i}} = x_i$ 를 곱한 것입니다.
#
# **배치.** 배치 손실은 평균 $L = \frac{1}{N}\sum_n L_n$ 이고 $L_n$ 은 $n$ 번째 행의 로짓에만 의존하므로
#
# $$\frac{\partial L}{\partial z_{n,:}} = \frac{1}{N}\big(\mathrm{softmax}(z_{n,:}) - t_{n,:}\big), \qquad \text{즉} \qquad \frac{\partial L}{\partial Z} = \frac{\mathrm{softmax}(Z) - T}{N}.$$
#
# $T$ 는 원-핫 레이블 행렬입니다 (정수 레이블이면 원-핫으로 바꿉니다). 샘플 하나 $(K,)$ 이면 $N = 1$ 입니다.
# $N$ 으로 나누지 않으면 기울기가 배치 크기만큼 커집니다. 부호도 주의: 경사 하강법은 $w \leftarrow w - \epsilon \frac{\partial L}{\partial w}$
# 이고, $t - \mathrm{softmax}(z)$ 는 기울기가 아니라 기울기에 마이너스를 붙인 것입니다. 강의 000의 $-(y_k - \hat{y}_k)x_i$ 는
# 기울기 **그 자체**를 마이너스를 앞에 두고 쓴 것으로, $(\hat{y}_k - y_k)x_i$ 와 같습니다.
#
# `softmax_loss_grad(z, t)` 를 구현하세요. 결과는 $z$ 와 같은 모양입니다.
#
# **English**
#
# Following the handwritten notes of lecture 004, differentiate the loss $\mathrm{Cost} = -\sum_j y_j \log p_j$,
# $\; p = \mathrm{softmax}(z)$, with respect to the logit $z_i$. (In the notes $y$ is the label and $p$ the prediction;
# the code calls the label $t$.) The derivative of softmax is
#
# $$\frac{\partial p_j}{\partial z_i} = \begin{cases} p_i (1 - p_i) & (j = i) \\ -p_j\, p_i & (j \neq i) \end{cases}$$
#
# and by the chain rule
#
# $$\begin{aligned}
# \frac{\partial \mathrm{Cost}}{\partial z_i} &= -\sum_j y_j \frac{1}{p_j} \frac{\partial p_j}{\partial z_i}
#   = -\Big( y_i (1 - p_i) + \sum_{j \neq i} y_j \frac{1}{p_j} (-p_j p_i) \Big) \\
# &= -\Big( y_i - y_i p_i - \sum_{j \neq i} y_j p_i \Big) = -\Big( y_i - \sum_j y_j p_i \Big)
#   = p_i \underbrace{\sum_j y_j}_{1} - y_i = p_i - y_i .
# \end{aligned}$$
#
# So $\dfrac{\partial L}{\partial z} = \mathrm{softmax}(z) - t$. Lecture 000's gradient for the output weights,
# $\frac{\partial L_{CE}}{\partial w_{k,i}} = (\hat{y}_k - y_k)\, x_i$, is this times $\frac{\partial z_k}{\partial w_{k,i}} = x_i$.
#
# **Batches.** The batch loss is the mean $L = \frac{1}{N}\sum_n L_n$, and $L_n$ depends only on row $n$'s logits, so
#
# $$\frac{\partial L}{\partial z_{n,:}} = \frac{1}{N}\big(\mathrm{softmax}(z_{n,:}) - t_{n,:}\big), \qquad \text{that is} \qquad \frac{\partial L}{\partial Z} = \frac{\mathrm{softmax}(Z) - T}{N}.$$
#
# $T$ is the matrix of one-hot labels (convert integer labels to one-hot). A single sample $(K,)$ has $N = 1$.
# Without the division by $N$ the gradient grows with the batch size. Mind the sign too: gradient descent is
# $w \leftarrow w - \epsilon \frac{\partial L}{\partial w}$, and $t - \mathrm{softmax}(z)$ is not the gradient but its
# negative. Lecture 000's $-(y_k - \hat{y}_k)x_i$ **is** the gradient, written with the minus in front: it equals
# $(\hat{y}_k - y_k)x_i$.
#
# Implement `softmax_loss_grad(z, t)`. It returns an array of the same shape as $z$.

# %% solution="softmax_loss_grad"

# %% tests="softmax_loss_grad"
# 5절의 예제: softmax(a) − t. 허용 오차 1e-4 (기대값이 소수 넷째 자리).
# Section 5's examples: softmax(a) − t. Tolerance 1e-4 (4-decimal expected values).
g = softmax_loss_grad(np.array([0.81, 0.39]), np.array([1, 0]))
assert g.shape == (2,), g.shape
assert np.allclose(g, [0.6035 - 1, 0.3965], atol=1e-4), g
assert np.allclose(softmax_loss_grad(np.array([0.48, 1.02]), 0), [0.3682 - 1, 0.6318], atol=1e-4)
# 배치: 각 행을 N 으로 나눕니다, 두 레이블 형식 모두. / A batch: each row divided by N, either label format.
Z = np.array([[0.81, 0.39], [0.48, 1.02], [1.5, 3.7]])
G_expected = np.array([[0.6035 - 1, 0.3965], [0.3682 - 1, 0.6318], [0.0998 - 1, 0.9002]]) / 3
G = softmax_loss_grad(Z, np.array([0, 0, 0]))
assert G.shape == (3, 2), G.shape
assert np.allclose(G, G_expected, atol=1e-4), G
assert np.allclose(softmax_loss_grad(Z, np.eye(2)[[0, 0, 0]]), G_expected, atol=1e-4)
# 입력을 고치지 않습니다. / The input is left as it was.
assert np.array_equal(Z, [[0.81, 0.39], [0.48, 1.02], [1.5, 3.7]]), "softmax_loss_grad wrote into z"
print("softmax_loss_grad: OK")

# %% [markdown]
# ### 기울기 확인 / Gradient check
#
# **한국어**
#
# 해석적으로 구한 기울기가 맞는지는 수치 미분(중심 차분)과 비교해 확인할 수 있습니다.
# $\frac{\partial L}{\partial z_{i}} \approx \frac{L(z + h e_i) - L(z - h e_i)}{2h}$. 아래 셀은 여러분의 `softmax_loss` 를
# 수치 미분해 `softmax_loss_grad` 와 비교합니다 (그러니 `softmax_loss` 가 먼저 맞아야 합니다). 상대 오차가 $10^{-7}$
# 보다 작으면 맞습니다. 1 근처이면 부호나 공식이 틀렸고, 결과가 정확히 $N$ 배 차이 나면 $N$ 으로 나누는 것을 잊은 것입니다.
# 입력 크기와 레이블을 바꿔 가며 여러 번 돌려 보세요.
#
# **English**
#
# You can check an analytic gradient against a numeric one (central differences):
# $\frac{\partial L}{\partial z_{i}} \approx \frac{L(z + h e_i) - L(z - h e_i)}{2h}$. The cell below differentiates your
# `softmax_loss` numerically and compares it with `softmax_loss_grad` (so `softmax_loss` has to be right first). A
# relative error below $10^{-7}$ means they agree; one near 1 means a wrong sign or formula; a factor of exactly $N$
# means the division by $N$ is missing. Run it several times with other shapes and labels.

# %% demo=true
def numeric_grad_of_loss(f, z, h=1e-5):
    """Central differences of the scalar function f at z; z itself is left unchanged."""
    grad = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        z_plus, z_minus = z.copy(), z.copy()
        z_plus[i] += h
        z_minus[i] -= h
        grad[i] = (f(z_plus) - f(z_minus)) / (2 * h)
    return grad


def rel_error(x, y):
    """Largest relative error between two arrays (CS231n)."""
    return np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))


rng = np.random.default_rng(0)
N, K = 4, 5
z_check = rng.normal(size=(N, K))
t_check = rng.integers(0, K, size=N)
analytic = softmax_loss_grad(z_check, t_check)
numeric = numeric_grad_of_loss(lambda z: softmax_loss(z, t_check), z_check)
print("relative error:", rel_error(analytic, numeric))
print("analytic / numeric (first row):", analytic[0], numeric[0])

# %% [markdown]
# ## 정리 / Summary
#
# **한국어**
#
# | 함수 | 계산 | 주의할 점 |
# |---|---|---|
# | `binary_cross_entropy` | $-\frac{1}{N}\sum [y \ln \hat{y} + (1 - y)\ln(1 - \hat{y})]$ | 자연로그, 마이너스 부호, 평균 |
# | `softmax` | $\exp(a - m) / \sum \exp(a - m)$ | 행마다(axis=-1), 최댓값 빼기, 입력 고치지 않기 |
# | `mean_squared_error` | $\frac{1}{N}\sum_n \frac{1}{2}\sum_k (y_k - t_k)^2$ | $\frac{1}{2}$, $N$ 으로 나누기 |
# | `cross_entropy_error` | $-\frac{1}{N}\sum_n \ln y_{n,c_n}$ | 자연로그, 두 레이블 형식, 1차원 입력 |
# | `softmax_loss` | $\frac{1}{N}\sum_n [\log\sum_k e^{z_{n,k} - m_n} - (z_{n,c_n} - m_n)]$ | $\varepsilon$ 로 자르지 말고 log-sum-exp |
# | `softmax_loss_grad` | $(\mathrm{softmax}(Z) - T)/N$ | 부호, $N$, 정수 레이블, 모양 |
#
# 다음 과제(PS2)에서는 이 기울기를 계산 그래프의 역전파로 다시 만나고, `SoftmaxWithLoss` 계층으로 묶습니다.
#
# **English**
#
# | function | computes | watch out for |
# |---|---|---|
# | `binary_cross_entropy` | $-\frac{1}{N}\sum [y \ln \hat{y} + (1 - y)\ln(1 - \hat{y})]$ | natural log, the minus sign, the mean |
# | `softmax` | $\exp(a - m) / \sum \exp(a - m)$ | per row (axis=-1), subtract the max, leave the input alone |
# | `mean_squared_error` | $\frac{1}{N}\sum_n \frac{1}{2}\sum_k (y_k - t_k)^2$ | the $\frac{1}{2}$, dividing by $N$ |
# | `cross_entropy_error` | $-\frac{1}{N}\sum_n \ln y_{n,c_n}$ | natural log, both label formats, 1-D input |
# | `softmax_loss` | $\frac{1}{N}\sum_n [\log\sum_k e^{z_{n,k} - m_n} - (z_{n,c_n} - m_n)]$ | log-sum-exp, not clipping by $\varepsilon$ |
# | `softmax_loss_grad` | $(\mathrm{softmax}(Z) - T)/N$ | the sign, $N$, integer labels, the shape |
#
# In the next assignment (PS2) you meet this gradient again as backpropagation through a computation graph, and
# wrap it in a `SoftmaxWithLoss` layer.
