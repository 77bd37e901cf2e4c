# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # PS3: 은닉층의 오차 — 출력 오차를 은닉 노드에 나누기
#
# 강의 002 「역전파 1」을 따라갑니다. 이 과제의 목표는 다음과 같습니다.
#
# - 출력층의 오차를 계산하고, 그 오차를 은닉층으로 거꾸로 보내는(역전파) 생각을 이해합니다.
# - 오차를 가중치에 비례해 나누는 계산을 행렬 곱으로 쓰고, 분모를 없애 $E^{[1]} = W^{T} \cdot E^{[2]}$로 단순화합니다.
# - 이를 여러 층으로 일반화합니다: $E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$.
# - 이렇게 나눈 오차가 실제 기울기 $\partial L / \partial a$와 어디서 같고 어디서 다른지 확인합니다.
#
# 채점되는 함수는 `output_error`, `split_error_proportional`, `split_error`, `backpropagate_errors`,
# `hidden_gradient` 다섯 개입니다. 각 함수의 `raise NotImplementedError()`를 지우고 코드를 채우세요.
# 함수 바로 아래의 확인 셀은 강의 예제만 검사합니다. 채점할 때는 여러분이 보지 못한 입력
# (정사각이 아닌 행렬, 여러 샘플을 담은 2차원 오차, 여러 깊이의 신경망)으로 다시 검사하므로,
# 확인 셀을 통과했다고 끝난 것은 아닙니다. 반복문으로 쓰든 벡터 연산으로 쓰든, 맞으면 만점입니다.
#
# # PS3: Hidden-layer error — sharing the output error among the hidden nodes
#
# This assignment follows lecture 002, "Backpropagation 1". Its goals are:
#
# - to compute the error of the output layer and understand the idea of sending that error back
#   (backpropagating it) to the hidden layer;
# - to write the proportional sharing of the error as a matrix product, and to simplify it, by dropping
#   the denominators, to $E^{[1]} = W^{T} \cdot E^{[2]}$;
# - to generalise this to several layers: $E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$;
# - to see where these shared errors agree with the true gradient $\partial L / \partial a$ and where
#   they differ.
#
# Five functions are graded: `output_error`, `split_error_proportional`, `split_error`,
# `backpropagate_errors` and `hidden_gradient`. In each, delete `raise NotImplementedError()` and write
# the code. The check cell below each function tests the lecture's example only. Grading checks
# again on inputs you have not seen (non-square matrices, 2-D errors holding several samples, networks
# of several depths), so passing the check cell is not the end of it. Loops or vectorised code, either
# gets full marks if it is correct.

# %% [markdown]
# ## 0. 표기법
#
# 이 과제는 COURSE.md에 정한 대로 「Make Your Own Neural Network」의 표기법을 씁니다.
#
# - 가중치 행렬 $W$의 모양은 $(n_{out}, n_{hidden})$입니다. $W_{ji}$ (코드로 `W[j, i]`)는
#   **은닉 노드 $i$에서 출력 노드 $j$로 가는** 연결의 가중치입니다. 그래서 $W$의 $j$번째 **행**은
#   출력 노드 $j$로 **들어오는** 가중치 전부이고, $i$번째 **열**은 은닉 노드 $i$에서 **나가는** 가중치 전부입니다.
# - 순전파는 $Z^{[2]} = W \cdot A^{[1]}$, $A^{[2]} = \mathrm{sigmoid}(Z^{[2]})$입니다.
#   (강의 슬라이드는 $Z = W^T \cdot A$라고 씁니다. 5절에서 왜 여기서는 $W \cdot A$인지 설명합니다.)
# - 오차는 1차원 벡터 (모양 $(n,)$)이거나, 2차원 배열 $(n, N)$이며 **열 하나가 샘플 하나**입니다.
#   ps1·ps2·ps4의 배치는 행 하나가 샘플 하나인 $(N, K)$이니 헷갈리지 마세요. 이 과제에서만 열이 샘플입니다.
# - 슬라이드의 $w_{ij}$는 "은닉 노드 $i$ → 출력 노드 $j$"의 가중치로, 인덱스를 반대 순서로 씁니다.
#   가리키는 연결은 같으므로 슬라이드의 $w_{ij}$는 우리의 `W[j-1, i-1]`입니다 (파이썬은 0부터 셉니다).
#
# > **⚠ 주의 1 — 열이 샘플입니다.** ps1·ps2·ps4의 배치는 $(N, K)$로 행 하나가 샘플 하나이지만, 이 과제의 2차원
# > 배열은 $(n, N)$로 **열 하나가 샘플 하나**입니다. 합이나 정규화의 축을 이 과제에 맞게 고르세요.
#
# > **⚠ 주의 2 — 손실은 샘플에 대해 더합니다.** ps1·ps2·ps4는 배치 손실을 $N$으로 나눈 평균으로 쓰지만, 이 과제의
# > `hidden_gradient`는 손실 $L = \tfrac12 \sum (y - \hat y)^2$을 샘플에 대해 **더한** 값으로 정의합니다. $N$으로 나누지 마세요.
#
# > **⚠ 주의 3 — 오차는 정답 − 출력입니다.** ps1·ps2·ps4의 기울기는 출력 − 정답 (예: $\mathrm{softmax}(z) - t$)이지만,
# > 이 과제의 오차는 강의를 따라 $e = y - \hat y$ (정답 − 출력)이고, 기울기에 마이너스를 붙인 것입니다 (6절).
#
# 강의의 예: 출력 노드 1은 은닉 노드 1, 2, 3에서 가중치 0.3, 0.2, 0.1로, 출력 노드 2는 0.2, 0.1, 0.1로
# 신호를 받습니다. 즉 `W = [[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]]`이고 모양은 $(2, 3)$입니다.
#
# ## 0. Notation
#
# This assignment uses the notation of "Make Your Own Neural Network", as fixed in COURSE.md.
#
# - The weight matrix $W$ has shape $(n_{out}, n_{hidden})$. $W_{ji}$ (in code `W[j, i]`) is the weight
#   of the link **from hidden node $i$ to output node $j$**. So row $j$ of $W$ holds all the weights
#   **coming into** output node $j$, and column $i$ holds all the weights **leaving** hidden node $i$.
# - The forward pass is $Z^{[2]} = W \cdot A^{[1]}$, $A^{[2]} = \mathrm{sigmoid}(Z^{[2]})$.
#   (The slides write $Z = W^T \cdot A$; section 5 explains why it is $W \cdot A$ here.)
# - An error is a 1-D vector (shape $(n,)$), or a 2-D array $(n, N)$ with **one column per sample**.
#   Do not mix this up with the batches of ps1, ps2 and ps4, which are $(N, K)$ with one row per
#   sample; only in this assignment are samples columns.
# - The slides' $w_{ij}$ is the weight "hidden node $i$ → output node $j$": the indices are written the
#   other way round. It names the same link, so the slides' $w_{ij}$ is our `W[j-1, i-1]` (Python counts
#   from 0).
#
# > **⚠ Warning 1 — samples are columns.** The batches of ps1, ps2 and ps4 are $(N, K)$ with one row per sample;
# > here a 2-D array is $(n, N)$ with **one column per sample**. Pick the axis of every sum or normalisation
# > for this assignment.
#
# > **⚠ Warning 2 — the loss is summed over the samples.** ps1, ps2 and ps4 average the batch loss over $N$;
# > here `hidden_gradient` defines the loss $L = \tfrac12 \sum (y - \hat y)^2$ **summed** over the samples.
# > Do not divide by $N$.
#
# > **⚠ Warning 3 — the error is target − output.** The gradients of ps1, ps2 and ps4 are output − target
# > (e.g. $\mathrm{softmax}(z) - t$); here, following the lecture, the error is $e = y - \hat y$ (target − output),
# > the negative of the gradient (section 6).
#
# The lecture's example: output node 1 receives from hidden nodes 1, 2, 3 with weights 0.3, 0.2, 0.1,
# and output node 2 with weights 0.2, 0.1, 0.1. So `W = [[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]]`, of shape
# $(2, 3)$.

# %%
import numpy as np

np.set_printoptions(precision=4, suppress=True)

# The lecture's example / 강의 예제
W_lecture = np.array([[0.3, 0.2, 0.1],
                      [0.2, 0.1, 0.1]])   # (n_out, n_hidden) = (2, 3); W[j, i]: hidden i -> output j
target_lecture = np.array([1.0, 1.0])     # y
output_lecture = np.array([0.58, 0.55])   # y_hat
print("W shape:", W_lecture.shape)
print("weights into output 1 (row 0):", W_lecture[0])
print("weights out of hidden 1 (column 0):", W_lecture[:, 0])

# %% [markdown]
# 시그모이드 함수는 주어집니다 (6절에서 씁니다).
#
# The sigmoid function is given (it is used in section 6).

# %% given="sigmoid"

# %% [markdown]
# ## 1. 출력층의 오차
#
# 출력층의 오차는 정답에서 출력을 뺀 값입니다.
#
# $$e_j^{[2]} = y_j - \hat{y}_j$$
#
# 강의의 가정은 $y_1 = 1,\ \hat{y}_1 = 0.58$ 과 $y_2 = 1,\ \hat{y}_2 = 0.55$ 이므로
#
# $$E^{[2]} = \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
#   = \begin{pmatrix} 1 - 0.58 \\ 1 - 0.55 \end{pmatrix}
#   = \begin{pmatrix} 0.42 \\ 0.45 \end{pmatrix}.$$
#
# 부호에 주의하세요: **정답 − 출력**입니다. 출력이 너무 작으면 오차가 양수입니다. 6절에서 이 오차가
# 제곱 오차 $\tfrac12 (y - \hat y)^2$의 기울기에 마이너스를 붙인 것임을 봅니다.
#
# `output_error`를 완성하세요. 2차원 입력(열마다 샘플 하나)도 그대로 처리되어야 합니다.
#
# ## 1. The error of the output layer
#
# The output error is the target minus the output:
#
# $$e_j^{[2]} = y_j - \hat{y}_j$$
#
# The lecture assumes $y_1 = 1,\ \hat{y}_1 = 0.58$ and $y_2 = 1,\ \hat{y}_2 = 0.55$, so
#
# $$E^{[2]} = \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
#   = \begin{pmatrix} 1 - 0.58 \\ 1 - 0.55 \end{pmatrix}
#   = \begin{pmatrix} 0.42 \\ 0.45 \end{pmatrix}.$$
#
# Mind the sign: it is **target − output**. The error is positive when the output is too small. In
# section 6 we see that this error is minus the gradient of the squared error $\tfrac12 (y - \hat y)^2$.
#
# Complete `output_error`. It must also handle 2-D input (one column per sample) as it is.

# %% solution="output_error"

# %% tests="output_error"
# 강의 예제: 정답 (1, 1), 출력 (0.58, 0.55) -> 오차 (0.42, 0.45)
# The lecture's example: targets (1, 1), outputs (0.58, 0.55) -> errors (0.42, 0.45)
e = output_error(target_lecture, output_lecture)
assert e.shape == (2,), e.shape
assert np.allclose(e, [0.42, 0.45], rtol=0, atol=1e-12), e
# 부호: 정답 - 출력 (출력 - 정답이 아닙니다)
# Sign: target - output (not output - target)
assert e[0] > 0

# 2차원: 열 하나가 샘플 하나. 두 번째 샘플은 정답이 (0, 0)입니다.
# 2-D: one column per sample. The second sample has targets (0, 0).
T = np.column_stack([target_lecture, [0.0, 0.0]])
Y = np.column_stack([output_lecture, output_lecture])
E = output_error(T, Y)
assert E.shape == (2, 2), E.shape
assert np.allclose(E, [[0.42, -0.58], [0.45, -0.55]], rtol=0, atol=1e-12), E
print("output_error: OK")

# %% [markdown]
# ## 2. 오차를 가중치에 비례해서 나누기
#
# 출력 노드 1의 오차 $0.42$는 세 연결(가중치 $0.3, 0.2, 0.1$)로 들어온 신호가 함께 만든 것입니다.
# 가중치가 큰 연결일수록 출력에 더 많이 기여했으니, 오차도 더 많이 책임지게 합시다.
# 출력 노드 $j$의 오차를 은닉 노드 $i$에게 **들어오는 가중치 합에 대한 비율** $W_{ji} / \sum_k W_{jk}$
# 만큼 나누어 줍니다.
#
# - 출력 1: 가중치 합 $0.3 + 0.2 + 0.1 = 0.6$, 비율 $\tfrac{0.3}{0.6}, \tfrac{0.2}{0.6}, \tfrac{0.1}{0.6}
#   = \tfrac12, \tfrac13, \tfrac16$ → 나눈 오차 $0.21,\ 0.14,\ 0.07$.
# - 출력 2: 가중치 합 $0.2 + 0.1 + 0.1 = 0.4$, 비율 $\tfrac12, \tfrac14, \tfrac14$
#   → 나눈 오차 $0.225,\ 0.1125,\ 0.1125$.
#
# 은닉 노드 $i$는 **모든** 출력 노드에서 자기 몫을 받아 더합니다.
#
# $$e_i^{[1]} = \sum_j e_j^{[2]} \cdot \frac{W_{ji}}{\sum_k W_{jk}}$$
#
# $$E^{[1]} = \begin{pmatrix}
#   0.42 \cdot \frac{0.3}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.2}{0.2 + 0.1 + 0.1} \\
#   0.42 \cdot \frac{0.2}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.1}{0.2 + 0.1 + 0.1} \\
#   0.42 \cdot \frac{0.1}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.1}{0.2 + 0.1 + 0.1}
# \end{pmatrix}
# = \begin{pmatrix} 0.21 + 0.225 \\ 0.14 + 0.1125 \\ 0.07 + 0.1125 \end{pmatrix}
# = \begin{pmatrix} 0.435 \\ 0.2525 \\ 0.1825 \end{pmatrix}$$
#
# 슬라이드의 $(0.44,\ 0.25,\ 0.18)$은 이 값을 소수 둘째 자리로 반올림한 것입니다. 확인 셀과 채점은
# 반올림하지 않은 값을 씁니다. 각 출력의 비율을 모두 더하면 1이므로 오차가 빠짐없이 전달됩니다:
# $0.435 + 0.2525 + 0.1825 = 0.87 = 0.42 + 0.45$.
#
# 주의할 점:
#
# - 분모는 출력 노드 $j$로 **들어오는** 가중치의 합, 곧 $W$의 **행** 합입니다. 어느 축으로 더하는지 확인하세요.
#   정사각이 아닌 $W$에서는 축을 잘못 고르면 모양은 맞아도 값이 틀릴 수 있습니다.
# - `e_out`이 2차원 $(n_{out}, N)$이면 각 열(샘플)을 똑같이, 따로 처리해 $(n_{hidden}, N)$을 돌려줍니다.
# - 가중치는 음수일 수도 있어서 행 합이 0이 될 수 있습니다. 그때는 비율이 정의되지 않습니다
#   (참고 답안은 `ValueError`를 냅니다). 채점은 양수 가중치만 쓰므로 이 경우는 처리하지 않아도 됩니다.
#
# ## 2. Sharing the error in proportion to the weights
#
# The error $0.42$ of output node 1 was produced by the signals of three links together (weights
# $0.3, 0.2, 0.1$). A link with a larger weight contributed more to the output, so let it take more of
# the blame. We give hidden node $i$ the share $W_{ji} / \sum_k W_{jk}$ of output $j$'s error: **its
# weight over the sum of the weights coming into output $j$**.
#
# - Output 1: the weights sum to $0.3 + 0.2 + 0.1 = 0.6$; the shares are
#   $\tfrac{0.3}{0.6}, \tfrac{0.2}{0.6}, \tfrac{0.1}{0.6} = \tfrac12, \tfrac13, \tfrac16$ → errors
#   $0.21,\ 0.14,\ 0.07$.
# - Output 2: the weights sum to $0.2 + 0.1 + 0.1 = 0.4$; the shares are $\tfrac12, \tfrac14, \tfrac14$
#   → errors $0.225,\ 0.1125,\ 0.1125$.
#
# Hidden node $i$ collects its part from **every** output node and adds them up:
#
# $$e_i^{[1]} = \sum_j e_j^{[2]} \cdot \frac{W_{ji}}{\sum_k W_{jk}}$$
#
# $$E^{[1]} = \begin{pmatrix}
#   0.42 \cdot \frac{0.3}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.2}{0.2 + 0.1 + 0.1} \\
#   0.42 \cdot \frac{0.2}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.1}{0.2 + 0.1 + 0.1} \\
#   0.42 \cdot \frac{0.1}{0.3 + 0.2 + 0.1} + 0.45 \cdot \frac{0.1}{0.2 + 0.1 + 0.1}
# \end{pmatrix}
# = \begin{pmatrix} 0.21 + 0.225 \\ 0.14 + 0.1125 \\ 0.07 + 0.1125 \end{pmatrix}
# = \begin{pmatrix} 0.435 \\ 0.2525 \\ 0.1825 \end{pmatrix}$$
#
# The slide's $(0.44,\ 0.25,\ 0.18)$ is this rounded to two decimals; the checks and the grader use the
# unrounded values. The shares of each output add up to 1, so no error is lost:
# $0.435 + 0.2525 + 0.1825 = 0.87 = 0.42 + 0.45$.
#
# Watch out:
#
# - The denominator is the sum of the weights **coming into** output node $j$: a **row** sum of $W$.
#   Check which axis you sum over. With a non-square $W$, the wrong axis can give the right shape and
#   the wrong values.
# - If `e_out` is 2-D, $(n_{out}, N)$, treat each column (sample) the same way, separately, and return
#   $(n_{hidden}, N)$.
# - Weights may be negative, so a row may sum to 0. Then the shares are undefined (the reference raises
#   `ValueError`). The grader uses positive weights only, so you need not handle this case.

# %% solution="split_error_proportional"

# %% tests="split_error_proportional"
# 강의 예제 (슬라이드는 0.44, 0.25, 0.18로 반올림합니다)
# The lecture's example (the slide rounds to 0.44, 0.25, 0.18)
e_out = np.array([0.42, 0.45])
e_hidden = split_error_proportional(W_lecture, e_out)
assert e_hidden.shape == (3,), e_hidden.shape
assert np.allclose(e_hidden, [0.435, 0.2525, 0.1825], rtol=0, atol=1e-12), e_hidden
# 오차가 빠짐없이 전달됩니다 / no error is lost
assert np.isclose(e_hidden.sum(), e_out.sum())

# 2차원: 열마다 샘플 하나. 두 번째 샘플의 오차는 첫 번째의 두 배입니다.
# 2-D: one column per sample. The second sample's error is twice the first's.
E_out = np.column_stack([e_out, 2 * e_out])
E_hidden = split_error_proportional(W_lecture, E_out)
assert E_hidden.shape == (3, 2), E_hidden.shape
assert np.allclose(E_hidden, [[0.435, 0.87], [0.2525, 0.505], [0.1825, 0.365]], rtol=0, atol=1e-12), E_hidden

# 입력을 바꾸지 않습니다 / the inputs are left as they were
assert np.array_equal(e_out, [0.42, 0.45])
assert np.array_equal(W_lecture, [[0.3, 0.2, 0.1], [0.2, 0.1, 0.1]])
print("split_error_proportional: OK")

# %% [markdown]
# ## 3. 행렬 곱으로 쓰고, 단순화하기
#
# 2절의 식은 행렬 $\times$ 벡터입니다. 비율을 모은 $(n_{hidden} \times n_{out})$ 행렬을 $S$라 하면
# $S_{ij} = W_{ji} / \sum_k W_{jk}$ 이고
#
# $$E^{[1]} =
# \begin{pmatrix}
#   \frac{W_{11}}{\sum_k W_{1k}} & \frac{W_{21}}{\sum_k W_{2k}} \\
#   \frac{W_{12}}{\sum_k W_{1k}} & \frac{W_{22}}{\sum_k W_{2k}} \\
#   \frac{W_{13}}{\sum_k W_{1k}} & \frac{W_{23}}{\sum_k W_{2k}}
# \end{pmatrix}
# \cdot \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
# = \begin{pmatrix} 1/2 & 1/2 \\ 1/3 & 1/4 \\ 1/6 & 1/4 \end{pmatrix}
#   \cdot \begin{pmatrix} 0.42 \\ 0.45 \end{pmatrix}.$$
#
# 곧 $S$는 $W$의 각 행을 그 행의 합으로 나눈 뒤 전치한 것입니다. (슬라이드는 같은 행렬을 $w_{ij}$ 표기로
# 씁니다. 0절에서 말했듯 슬라이드의 $w_{ij}$가 우리의 $W_{ji}$입니다.)
#
# **단순화.** 강의는 여기서 분모를 모두 지웁니다.
#
# $$E^{[1]} = \begin{pmatrix} W_{11} & W_{21} \\ W_{12} & W_{22} \\ W_{13} & W_{23} \end{pmatrix}
#   \cdot \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
#   = W^{T} \cdot E^{[2]}
#   = \begin{pmatrix} 0.3 \cdot 0.42 + 0.2 \cdot 0.45 \\ 0.2 \cdot 0.42 + 0.1 \cdot 0.45 \\
#                     0.1 \cdot 0.42 + 0.1 \cdot 0.45 \end{pmatrix}
#   = \begin{pmatrix} 0.216 \\ 0.129 \\ 0.087 \end{pmatrix}.$$
#
# **왜 지워도 되는가.**
#
# 1. 출력 $j$의 분모 $\sum_k W_{jk}$는 모든 은닉 노드에 똑같습니다. 그러니 분모를 지워도 출력 $j$의
#    오차가 은닉 노드들 사이에 **가중치에 비례해 나뉜다는 점**은 그대로이고, 출력 $j$의 몫 전체의 크기만
#    $\sum_k W_{jk}$배가 됩니다.
# 2. 은닉층 오차는 가중치를 **어느 방향으로** 바꿀지 정하는 데 쓰입니다. 얼마나 크게 바꿀지는 학습률이
#    정합니다. 모든 출력의 행 합이 같은 값 $c$라면 $W^T E^{[2]}$는 비례 분배의 정확히 $c$배이고,
#    이 $c$는 학습률에 흡수됩니다.
# 3. 6절에서 보듯 미분으로 구한 실제 기울기에도 정확히 $W^T$가 나오고 분모는 없습니다. 단순화한 식이
#    오히려 미적분이 주는 식에 가깝습니다.
# 4. 나눗셈이 없어 계산이 싸고, 행 합이 0에 가까울 때(음수 가중치) 값이 폭발하지 않습니다.
#
# **무엇이 바뀌는가.**
#
# - 크기: 은닉 오차의 합이 더 이상 출력 오차의 합과 같지 않습니다 ($0.432$ 대 $0.87$).
# - 출력 사이의 비중: 출력 $j$의 몫에 그 행의 합이 곱해집니다. 행 합이 다르면 (여기서는 $0.6$과 $0.4$)
#   방향도 조금 바뀝니다. 예제에서 두 결과의 비는 $0.497,\ 0.511,\ 0.477$로 일정하지 않습니다
#   (다만 두 벡터 사이 각의 코사인은 $0.9998$로 방향은 거의 같습니다).
# - 방향이 거의 같은 것은 강의의 $W$처럼 **행 합이 서로 비슷할 때**뿐입니다. 행 합이 크게 다르면 순서까지
#   뒤집힐 수 있습니다: 양수 가중치 $W = \begin{pmatrix} 0.3 & 0.1 \\ 1.0 & 2.0 \end{pmatrix}$ (행 합 $0.4$와 $3.0$),
#   $e = [1, 1]$이면 비례 분배는 $[1.08,\ 0.92]$ (은닉 노드 1이 더 큼), $W^T e$는 $[1.3,\ 2.1]$ (은닉 노드 2가 더 큼)입니다.
# - 바뀌지 않는 것: 출력 하나의 오차를 은닉 노드들 사이에 나누는 비율은 여전히 가중치에 비례합니다.
#
# `split_error`를 완성하세요. 1차원과 2차원 `e_out`을 모두 처리해야 합니다.
#
# ## 3. As a matrix product, and simplified
#
# The formula of section 2 is a matrix times a vector. Call $S$ the $(n_{hidden} \times n_{out})$
# matrix of the shares, $S_{ij} = W_{ji} / \sum_k W_{jk}$; then
#
# $$E^{[1]} =
# \begin{pmatrix}
#   \frac{W_{11}}{\sum_k W_{1k}} & \frac{W_{21}}{\sum_k W_{2k}} \\
#   \frac{W_{12}}{\sum_k W_{1k}} & \frac{W_{22}}{\sum_k W_{2k}} \\
#   \frac{W_{13}}{\sum_k W_{1k}} & \frac{W_{23}}{\sum_k W_{2k}}
# \end{pmatrix}
# \cdot \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
# = \begin{pmatrix} 1/2 & 1/2 \\ 1/3 & 1/4 \\ 1/6 & 1/4 \end{pmatrix}
#   \cdot \begin{pmatrix} 0.42 \\ 0.45 \end{pmatrix}.$$
#
# So $S$ is $W$ with each row divided by its sum, transposed. (The slide writes the same matrix in its
# $w_{ij}$ notation; as said in section 0, the slides' $w_{ij}$ is our $W_{ji}$.)
#
# **The simplification.** Here the lecture drops all the denominators:
#
# $$E^{[1]} = \begin{pmatrix} W_{11} & W_{21} \\ W_{12} & W_{22} \\ W_{13} & W_{23} \end{pmatrix}
#   \cdot \begin{pmatrix} e_1^{[2]} \\ e_2^{[2]} \end{pmatrix}
#   = W^{T} \cdot E^{[2]}
#   = \begin{pmatrix} 0.3 \cdot 0.42 + 0.2 \cdot 0.45 \\ 0.2 \cdot 0.42 + 0.1 \cdot 0.45 \\
#                     0.1 \cdot 0.42 + 0.1 \cdot 0.45 \end{pmatrix}
#   = \begin{pmatrix} 0.216 \\ 0.129 \\ 0.087 \end{pmatrix}.$$
#
# **Why dropping them is acceptable.**
#
# 1. Output $j$'s denominator $\sum_k W_{jk}$ is the same for every hidden node. Dropping it leaves
#    output $j$'s error **shared among the hidden nodes in proportion to the weights**, as before; only
#    the size of output $j$'s whole contribution is multiplied by $\sum_k W_{jk}$.
# 2. The hidden errors are used to decide **in which direction** to change the weights; how far to
#    change them is set by the learning rate. If every output's row sum were the same value $c$,
#    $W^T E^{[2]}$ would be exactly $c$ times the proportional split, and $c$ is absorbed by the learning
#    rate.
# 3. As section 6 shows, the true gradient found by differentiation also has exactly $W^T$, with no
#    denominators. The simplified formula is, if anything, closer to what calculus gives.
# 4. Without divisions it is cheaper, and it does not blow up when a row sum is close to 0 (negative
#    weights).
#
# **What it changes.**
#
# - The scale: the hidden errors no longer add up to the output errors ($0.432$ against $0.87$).
# - The relative weight of the outputs: output $j$'s contribution is multiplied by its row sum. When
#   the row sums differ ($0.6$ and $0.4$ here) the direction changes a little too. In the example the
#   ratios of the two results are $0.497,\ 0.511,\ 0.477$, not constant (though the cosine of the angle
#   between the two vectors is $0.9998$: almost the same direction).
# - The direction stays almost the same only when the row sums are **close to each other**, as in the
#   lecture's $W$. When they differ a lot even the order can flip: with the positive weights
#   $W = \begin{pmatrix} 0.3 & 0.1 \\ 1.0 & 2.0 \end{pmatrix}$ (row sums $0.4$ and $3.0$) and $e = [1, 1]$, the
#   proportional split is $[1.08,\ 0.92]$ (hidden node 1 larger) and $W^T e$ is $[1.3,\ 2.1]$ (hidden node 2 larger).
# - What does not change: the error of one output is still shared among the hidden nodes in proportion
#   to the weights.
#
# Complete `split_error`. It must handle 1-D and 2-D `e_out`.

# %% solution="split_error"

# %% tests="split_error"
# 강의 예제: W^T . (0.42, 0.45) = (0.216, 0.129, 0.087)
# The lecture's example: W^T . (0.42, 0.45) = (0.216, 0.129, 0.087)
e_out = np.array([0.42, 0.45])
e_hidden = split_error(W_lecture, e_out)
assert e_hidden.shape == (3,), e_hidden.shape
assert np.allclose(e_hidden, [0.216, 0.129, 0.087], rtol=0, atol=1e-12), e_hidden

# 2차원: 열마다 샘플 하나 / 2-D: one column per sample
E_out = np.column_stack([e_out, 2 * e_out])
E_hidden = split_error(W_lecture, E_out)
assert E_hidden.shape == (3, 2), E_hidden.shape
assert np.allclose(E_hidden, [[0.216, 0.432], [0.129, 0.258], [0.087, 0.174]], rtol=0, atol=1e-12), E_hidden

# 강의의 W는 원소 합이 정확히 1.0이라 W로 나누어도 값이 같습니다. 합이 1이 아닌 W에서도 확인합니다.
# The lecture's W sums to exactly 1.0, so dividing by that sum changes nothing: check a W that does not.
W_other = np.array([[0.3, 0.1], [1.0, 2.0]])
assert np.allclose(split_error(W_other, np.array([1.0, 1.0])), [1.3, 2.1], rtol=0, atol=1e-12)
print("split_error: OK")

# %% [markdown]
# 두 방법을 나란히 놓아 봅시다. 마지막 예는 행 합이 0에 가까울 때 비례 분배가 어떻게 되는지 보여 줍니다.
#
# Let us put the two side by side. The last example shows what the proportional split does when a row
# sum is close to 0.

# %% demo=true
e_out = output_error(target_lecture, output_lecture)
proportional = split_error_proportional(W_lecture, e_out)
simplified = split_error(W_lecture, e_out)
print("proportional  비례 분배 :", proportional, " sum", proportional.sum())
print("simplified    단순화    :", simplified, " sum", simplified.sum())
print("ratio         비        :", simplified / proportional)
print("row sums      행 합     :", W_lecture.sum(axis=1))
cosine = proportional @ simplified / (np.linalg.norm(proportional) * np.linalg.norm(simplified))
print(f"cosine        코사인    : {cosine:.6f}")

# 행 합이 모두 c = 0.5로 같으면, 단순화한 결과는 정확히 c배입니다.
# With all row sums equal to c = 0.5, the simplified result is exactly c times the proportional one.
W_equal = np.array([[0.3, 0.1, 0.1],
                    [0.1, 0.2, 0.2]])
print("equal row sums:", split_error(W_equal, e_out) / split_error_proportional(W_equal, e_out))

# 음수 가중치로 행 합이 0.001이면 비례 분배의 몫이 폭발합니다.
# With a negative weight making a row sum 0.001, the proportional shares blow up.
W_cancel = np.array([[0.5, -0.45, -0.049],
                     [0.2, 0.1, 0.1]])
print("near-zero row sum, proportional:", split_error_proportional(W_cancel, e_out))
print("near-zero row sum, simplified  :", split_error(W_cancel, e_out))

# %% [markdown]
# ## 4. 여러 층으로 일반화하기
#
# 은닉층이 여럿이어도 같은 규칙을 한 층씩 거꾸로 적용하면 됩니다.
#
# $$E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$$
#
# 층에 0(입력층)부터 $L$(출력층)까지 번호를 붙이고, $W_l$ (모양 $(n_l, n_{l-1})$)이 층 $l-1$에서 층 $l$로
# 가는 가중치라고 합시다. `backpropagate_errors(weights, e_out)`는 `weights = [W_1, ..., W_L]`과 출력층
# 오차 $e_L$을 받아 리스트 `[e_1, ..., e_L]`을 **층 순서대로** 돌려줍니다.
#
# - $e_L$은 `e_out`의 **복사본**이어야 합니다. 돌려준 리스트를 누군가 고쳐도 호출한 쪽의 배열은 바뀌지
#   않아야 합니다.
# - $e_{L-1} = W_L^T e_L$, $e_{L-2} = W_{L-1}^T e_{L-1}$, … , $e_1 = W_2^T e_2$. 입력층은 조정할 가중치가
#   없으므로 $e_0$은 필요 없고, 따라서 $W_1$은 계산에 쓰이지 않습니다 ($W_1$을 고칠 때는 $e_1$이 쓰입니다).
# - `e_out`이 2차원 $(n_L, N)$이면 모든 $e_l$이 $(n_l, N)$입니다.
# - 반복문으로 써도, 재귀로 써도 좋습니다.
#
# ## 4. Generalising to several layers
#
# With several hidden layers, apply the same rule one layer at a time, backwards:
#
# $$E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$$
#
# Number the layers from 0 (the input) to $L$ (the output), and let $W_l$ (shape $(n_l, n_{l-1})$) be
# the weights from layer $l-1$ to layer $l$. `backpropagate_errors(weights, e_out)` takes
# `weights = [W_1, ..., W_L]` and the output error $e_L$ and returns the list `[e_1, ..., e_L]`,
# **in layer order**.
#
# - $e_L$ must be a **copy** of `e_out`: if someone changes the returned list, the caller's array must
#   not change.
# - $e_{L-1} = W_L^T e_L$, $e_{L-2} = W_{L-1}^T e_{L-1}$, …, $e_1 = W_2^T e_2$. The input layer has no
#   weights to adjust, so $e_0$ is not needed, and therefore $W_1$ is not used in the computation
#   ($e_1$ is what adjusting $W_1$ uses).
# - If `e_out` is 2-D, $(n_L, N)$, every $e_l$ is $(n_l, N)$.
# - A loop or recursion, either is fine.

# %% solution="backpropagate_errors"

# %% tests="backpropagate_errors"
e_out = np.array([0.42, 0.45])
W_first = np.full((3, 4), 0.5)   # 입력 4개 -> 은닉 3개; 값은 결과에 영향이 없습니다 / its values do not matter

# 깊이 2: 강의 예제 / depth 2: the lecture's example
errors = backpropagate_errors([W_first, W_lecture], e_out)
assert isinstance(errors, list) and len(errors) == 2, errors
assert np.allclose(errors[0], [0.216, 0.129, 0.087], rtol=0, atol=1e-12), errors[0]   # e_1
assert np.allclose(errors[1], [0.42, 0.45], rtol=0, atol=1e-12), errors[1]             # e_2 = e_out

# e_L은 복사본입니다 / e_L is a copy
errors[-1][0] = 99.0
assert np.array_equal(e_out, [0.42, 0.45]), "e_out was changed / e_out이 바뀌었습니다"

# 깊이 3: 강의 예제 앞에 3x3 층을 하나 더 둡니다.
# Depth 3: one more 3x3 layer before the lecture's example.
#   e_2 = W_lecture^T e_3 = (0.216, 0.129, 0.087)
#   e_1 = W_mid^T e_2 = (0.216 + 0.129, 0.129, 0.087)
W_mid = np.array([[1.0, 0.0, 0.0],
                  [1.0, 1.0, 0.0],
                  [0.0, 0.0, 1.0]])
errors = backpropagate_errors([W_first, W_mid, W_lecture], e_out)
assert len(errors) == 3
assert np.allclose(errors[0], [0.345, 0.129, 0.087], rtol=0, atol=1e-12), errors[0]
assert np.allclose(errors[1], [0.216, 0.129, 0.087], rtol=0, atol=1e-12), errors[1]
assert np.allclose(errors[2], [0.42, 0.45], rtol=0, atol=1e-12), errors[2]

# 2차원: 열마다 샘플 하나 / 2-D: one column per sample
E_out = np.column_stack([e_out, 2 * e_out])
errors = backpropagate_errors([W_first, W_mid, W_lecture], E_out)
assert [E.shape for E in errors] == [(3, 2), (3, 2), (2, 2)], [E.shape for E in errors]
assert np.allclose(errors[0][:, 1], [0.69, 0.258, 0.174], rtol=0, atol=1e-12), errors[0]
print("backpropagate_errors: OK")

# %% [markdown]
# ## 5. 강의 표기의 실수: 순전파와 역전파에 같은 $W^T$
#
# 강의 002는 순전파를 $Z^{[l]} = W^{[l]T} \cdot A^{[l-1]}$로, 역전파를 $E^{[1]} = W^{[2]T} \cdot E^{[2]}$로
# 씁니다. 같은 $W$에 대해 두 식이 함께 맞을 수는 없습니다. 순전파는 은닉 신호($n_{hidden}$개)를 출력
# ($n_{out}$개)으로, 역전파는 출력 오차($n_{out}$개)를 은닉 노드($n_{hidden}$개)로 보내므로, 한쪽에서
# $W$를 쓰면 다른 쪽에서는 반드시 $W^T$를 써야 합니다. 정사각이 아닌 $W$에서는 두 식 중 하나는 모양부터
# 맞지 않습니다.
#
# - 이 과제처럼 $W$를 $(n_{out}, n_{hidden})$로 저장하면:
#   순전파 $Z = W \cdot A$, 역전파 $E^{[1]} = W^T \cdot E^{[2]}$.
# - $W$를 $(n_{hidden}, n_{out})$로 저장하면 (슬라이드 순전파의 뜻):
#   순전파 $Z = W^T \cdot A$, 역전파 $E^{[1]} = W \cdot E^{[2]}$.
#
# 슬라이드의 마지막 행렬 $\begin{pmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \\ w_{31} & w_{32} \end{pmatrix}$은
# 은닉 × 출력 모양이고, 우리 표기로는 $W^T$입니다. 그래서 슬라이드의 $E^{[1]} = W^{[2]T} \cdot E^{[2]}$는 우리
# 저장 방식과 맞고, 순전파 식의 $W^T$가 $W$여야 합니다. 기억할 규칙: **역전파는 순전파에 쓴 행렬의 전치를
# 씁니다.** 아래 셀에서 모양으로 확인해 보세요.
#
# ## 5. A notation slip in the lecture: the same $W^T$ forwards and backwards
#
# Lecture 002 writes the forward pass as $Z^{[l]} = W^{[l]T} \cdot A^{[l-1]}$ and the backward pass as
# $E^{[1]} = W^{[2]T} \cdot E^{[2]}$. For one and the same $W$ the two cannot both hold. The forward
# pass takes the $n_{hidden}$ hidden signals to the $n_{out}$ outputs, and the backward pass takes the
# $n_{out}$ output errors to the $n_{hidden}$ hidden nodes, so if one uses $W$ the other must use $W^T$.
# With a non-square $W$, one of the two formulas does not even fit the shapes.
#
# - Storing $W$ as $(n_{out}, n_{hidden})$, as this assignment does: forward $Z = W \cdot A$, backward
#   $E^{[1]} = W^T \cdot E^{[2]}$.
# - Storing $W$ as $(n_{hidden}, n_{out})$ (what the slides' forward pass means): forward
#   $Z = W^T \cdot A$, backward $E^{[1]} = W \cdot E^{[2]}$.
#
# The slides' last matrix $\begin{pmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \\ w_{31} & w_{32} \end{pmatrix}$
# has shape hidden × output: in our notation it is $W^T$. So the slides' $E^{[1]} = W^{[2]T} \cdot E^{[2]}$
# agrees with how we store $W$, and it is the forward formula whose $W^T$ should be $W$. The rule to
# remember: **the backward pass uses the transpose of the matrix the forward pass used.** The cell below
# checks it with shapes.

# %% demo=true
a_hidden = np.array([0.4, 0.8, 0.4])             # (n_hidden,) = (3,)
print("forward  W @ a_hidden   :", (W_lecture @ a_hidden).shape, "-> n_out")
print("backward W.T @ e_out    :", (W_lecture.T @ e_out).shape, "-> n_hidden")
try:
    W_lecture.T @ a_hidden                        # the slide's forward formula with our W
except ValueError as err:
    print("forward  W.T @ a_hidden : ValueError:", err)

# %% [markdown]
# ## 6. 나눈 오차와 실제 기울기
#
# 지금까지의 "오차 나누기"는 직관에서 출발했습니다. 실제로 학습에 쓰는 것은 손실의 기울기입니다.
# 시그모이드 층 하나와 제곱 오차로 둘을 비교해 봅시다 (편향은 생략합니다. 편향이 있어도
# $\partial L / \partial a_{hidden}$은 같습니다).
#
# $$z = W a_{hidden}, \qquad a_{out} = \mathrm{sigmoid}(z), \qquad
#   L = \tfrac12 \sum_j (t_j - a_{out,j})^2$$
#
# 연쇄법칙으로 한 단계씩 거슬러 올라갑니다 (강의 001의 시그모이드 역전파: $\partial y / \partial x = y(1-y)$).
#
# $$\frac{\partial L}{\partial a_{out,j}} = -(t_j - a_{out,j}) = -e_j, \qquad
#   \frac{\partial a_{out,j}}{\partial z_j} = a_{out,j}(1 - a_{out,j}), \qquad
#   \frac{\partial z_j}{\partial a_{hidden,i}} = W_{ji}$$
#
# $$\frac{\partial L}{\partial a_{hidden,i}} = \sum_j W_{ji} \cdot (-e_j) \cdot a_{out,j}(1 - a_{out,j})
# \quad\Longrightarrow\quad
# -\frac{\partial L}{\partial a_{hidden}} = W^T \big[ (t - a_{out}) \circ a_{out} (1 - a_{out}) \big]$$
#
# ($\circ$는 원소별 곱입니다.) 즉 **실제 기울기에 마이너스를 붙이면, 출력 오차에 시그모이드의 미분을
# 곱한 뒤 `split_error`로 나눈 것**과 같습니다.
#
# **같은 점.** 은닉 노드 $i$는 출력 $j$에게서 $W_{ji}$에 비례하는 몫을 받습니다. 경로가 $W^T$로 같고,
# 분모는 없습니다. 3절의 단순화가 미적분과 맞는 이유입니다.
#
# **다른 점.**
#
# 1. **활성화 함수의 미분.** 기울기에는 출력마다 $a_{out,j}(1 - a_{out,j}) \le \tfrac14$가 곱해집니다.
#    출력이 0이나 1 근처에서 포화되면 오차가 커도 이 값이 거의 0이라 기울기가 작습니다. 오차는 "얼마나
#    틀렸나"이고, 기울기는 "$a_{hidden}$을 바꾸면 손실이 얼마나 변하나"입니다.
# 2. **부호.** $e = t - a_{out}$은 $\partial L / \partial a_{out}$의 마이너스입니다. 오차로 쓰면 가중치를
#    오차 방향으로 **더하고**, 기울기로 쓰면 기울기 방향으로 **뺍니다** (경사 하강법). 둘이 같은 갱신을 줍니다.
# 3. **비례 분배와의 차이.** 2절의 비례 분배에는 출력마다 $1/\sum_k W_{jk}$가 더 있습니다. 기울기에는 없습니다.
# 4. **여러 층.** 실제 역전파는 거쳐 가는 층마다 그 층의 활성화 미분을 곱합니다
#    ($\delta^{[l]} = (W^{[l+1]T} \delta^{[l+1]}) \circ \sigma'(z^{[l]})$). `backpropagate_errors`는 곱하지 않습니다.
#
# 2차원 입력(열마다 샘플 하나)에서는 $L$을 모든 샘플에 대해 평균 내지 않고 **더합니다**.
# 그러면 열 $n$의 기울기는 샘플 $n$의 손실만의 기울기이고, 각 열을 따로 계산하면 됩니다.
#
# `hidden_gradient(W, a_hidden, a_out, target)`을 완성하세요. `a_out`은 순전파에서 저장해 둔 출력
# $\mathrm{sigmoid}(W a_{hidden})$입니다. ps2의 `Sigmoid.backward`처럼 미분은 이 출력으로 $a_{out}(1-a_{out})$을
# 계산하면 되고, `a_hidden`의 값은 필요 없습니다 (`a_out`을 다시 계산해도 결과는 같습니다). 돌려주는 값은
# **기울기** $\partial L / \partial a_{hidden}$ 자체입니다. 마이너스를 붙인 "오차"가 아닙니다.
#
# 예제: 강의의 $W$와 $a_{hidden} = (0.4, 0.8, 0.4)$이면 $z = (0.32, 0.2)$,
# $a_{out} \approx (0.5793, 0.5498)$로, 반올림하면 강의의 $0.58$, $0.55$입니다.
#
# ## 6. The shared errors and the true gradient
#
# The "sharing of the error" so far started from intuition. What training really uses is the gradient
# of the loss. Let us compare the two on one sigmoid layer with the squared error (the bias is left out;
# with a bias, $\partial L / \partial a_{hidden}$ is the same):
#
# $$z = W a_{hidden}, \qquad a_{out} = \mathrm{sigmoid}(z), \qquad
#   L = \tfrac12 \sum_j (t_j - a_{out,j})^2$$
#
# The chain rule goes back one step at a time (lecture 001's sigmoid backward pass:
# $\partial y / \partial x = y(1-y)$):
#
# $$\frac{\partial L}{\partial a_{out,j}} = -(t_j - a_{out,j}) = -e_j, \qquad
#   \frac{\partial a_{out,j}}{\partial z_j} = a_{out,j}(1 - a_{out,j}), \qquad
#   \frac{\partial z_j}{\partial a_{hidden,i}} = W_{ji}$$
#
# so
#
# $$\frac{\partial L}{\partial a_{hidden,i}} = \sum_j W_{ji} \cdot (-e_j) \cdot a_{out,j}(1 - a_{out,j})
# \quad\Longrightarrow\quad
# -\frac{\partial L}{\partial a_{hidden}} = W^T \big[ (t - a_{out}) \circ a_{out} (1 - a_{out}) \big]$$
#
# ($\circ$ is the element-wise product.) In words: **minus the true gradient is the output error,
# multiplied by the sigmoid's derivative, then split by `split_error`.**
#
# **Where they agree.** Hidden node $i$ receives from output $j$ a part proportional to $W_{ji}$: the
# same routing, $W^T$, and no denominators. This is why the simplification of section 3 agrees with
# calculus.
#
# **Where they differ.**
#
# 1. **The activation's derivative.** The gradient multiplies each output by
#    $a_{out,j}(1 - a_{out,j}) \le \tfrac14$. When an output saturates near 0 or 1 this is almost 0, so
#    the gradient is small even if the error is large. The error says "how wrong"; the gradient says
#    "how much the loss changes if $a_{hidden}$ changes".
# 2. **The sign.** $e = t - a_{out}$ is minus $\partial L / \partial a_{out}$. Used as errors, we **add**
#    in the direction of the error; used as gradients, we **subtract** in the direction of the gradient
#    (gradient descent). Both give the same update.
# 3. **Against the proportional split.** The proportional split of section 2 has an extra
#    $1/\sum_k W_{jk}$ per output; the gradient has none.
# 4. **Several layers.** True backpropagation multiplies by the activation's derivative of every layer
#    it passes ($\delta^{[l]} = (W^{[l+1]T} \delta^{[l+1]}) \circ \sigma'(z^{[l]})$);
#    `backpropagate_errors` does not.
#
# For 2-D input (one column per sample) we define $L$ as **summed** over all samples (not averaged).
# Then column $n$ of the gradient is the gradient of sample $n$'s loss alone, and each column can be
# computed separately.
#
# Complete `hidden_gradient(W, a_hidden, a_out, target)`. `a_out` is the output
# $\mathrm{sigmoid}(W a_{hidden})$ saved by the forward pass. As in ps2's `Sigmoid.backward`, compute the
# derivative from this output as $a_{out}(1-a_{out})$; the values of `a_hidden` are not needed
# (recomputing `a_out` from them gives the same result). Return the **gradient**
# $\partial L / \partial a_{hidden}$ itself, not the "error" with a minus sign.
#
# Worked example: with the lecture's $W$ and $a_{hidden} = (0.4, 0.8, 0.4)$ we get $z = (0.32, 0.2)$
# and $a_{out} \approx (0.5793, 0.5498)$, which rounds to the lecture's $0.58$ and $0.55$.

# %% solution="hidden_gradient"

# %% tests="hidden_gradient"
# 강의 예제의 W, a_hidden = (0.4, 0.8, 0.4), 정답 (1, 1)
# The lecture's W, a_hidden = (0.4, 0.8, 0.4), targets (1, 1)
a_hidden = np.array([0.4, 0.8, 0.4])
a_out = sigmoid(W_lecture @ a_hidden)             # about (0.5793, 0.5498)
grad = hidden_gradient(W_lecture, a_hidden, a_out, target_lecture)
assert grad.shape == (3,), grad.shape
# 허용 오차 1e-7: 기대값은 소수 8자리까지 적었습니다 / tolerance 1e-7: the expected values have 8 decimals
assert np.allclose(grad, [-0.05304128, -0.03164674, -0.02139454], rtol=0, atol=1e-7), grad

# 수치 미분(중심 차분)과 비교 / compare with a numerical (central-difference) gradient
def loss_of_hidden(a_h):
    return 0.5 * np.sum((target_lecture - sigmoid(W_lecture @ a_h)) ** 2)

h = 1e-5
numeric = np.array([(loss_of_hidden(a_hidden + h * d) - loss_of_hidden(a_hidden - h * d)) / (2 * h)
                    for d in np.eye(3)])
# 중심 차분의 오차는 h^2 정도입니다 / the central difference is accurate to about h^2
assert np.allclose(grad, numeric, rtol=0, atol=1e-8), (grad, numeric)

# 2차원: 두 번째 샘플은 정답이 (0, 0)입니다 / 2-D: the second sample has targets (0, 0)
A_hidden = np.column_stack([a_hidden, a_hidden])
A_out = sigmoid(W_lecture @ A_hidden)
T = np.column_stack([target_lecture, [0.0, 0.0]])
G = hidden_gradient(W_lecture, A_hidden, A_out, T)
assert G.shape == (3, 2), G.shape
assert np.allclose(G, [[-0.05304128, 0.06957433],
                       [-0.03164674, 0.04184645],
                       [-0.02139454, 0.02772788]], rtol=0, atol=1e-7), G
print("hidden_gradient: OK")

# %% [markdown]
# 나눈 오차와 실제 기울기를 나란히 놓아 봅시다. 시그모이드 미분을 곱하고 부호를 바꾸면 둘은 정확히 같습니다.
#
# Let us set the shared error and the true gradient side by side. Multiplied by the sigmoid's derivative
# and with the sign flipped, they are exactly the same.

# %% demo=true
a_hidden = np.array([0.4, 0.8, 0.4])
a_out = sigmoid(W_lecture @ a_hidden)
e_out = output_error(target_lecture, a_out)
slope = a_out * (1 - a_out)                       # sigmoid'(z), read off the output

print("a_out                       :", a_out)
print("e_out = t - a_out           :", e_out)
print("sigmoid' = a_out(1 - a_out) :", slope)
print("proportional split of e     :", split_error_proportional(W_lecture, e_out))
print("split_error(W, e)   = W^T e :", split_error(W_lecture, e_out))
print("-dL/da_hidden               :", -hidden_gradient(W_lecture, a_hidden, a_out, target_lecture))
print("split_error(W, e * sigmoid'):", split_error(W_lecture, e_out * slope))

# 포화: 출력 0.999, 정답 0 -> 오차는 크지만 기울기는 거의 0
# Saturation: output 0.999, target 0 -> a large error but an almost-zero gradient
W_one = np.array([[1.0]])
a_h = np.array([np.log(0.999 / 0.001)])           # so that sigmoid(W_one @ a_h) = 0.999
a_o = sigmoid(W_one @ a_h)
print("saturated: error", output_error([0.0], a_o), " gradient", hidden_gradient(W_one, a_h, a_o, [0.0]))

# %% [markdown]
# 여러 층에서는 차이가 쌓입니다. 아래 셀은 정사각이 아닌 시그모이드 층 세 개를 지나며
# `backpropagate_errors`가 보내는 오차와 실제 역전파의 $-\partial L/\partial a$의 크기를 비교합니다.
# 실제 기울기는 층을 지날 때마다 $\sigma' \le \tfrac14$가 곱해져 훨씬 빨리 작아집니다 (기울기 소실의 시작).
#
# Over several layers the difference builds up. The cell below passes through three non-square sigmoid
# layers and compares the size of the errors sent back by `backpropagate_errors` with
# $-\partial L/\partial a$ of true backpropagation. The true gradient is multiplied by
# $\sigma' \le \tfrac14$ at every layer it passes, so it shrinks much faster (the beginning of the
# vanishing gradient).

# %% demo=true
rng = np.random.default_rng(0)
sizes = [4, 5, 3, 2]                                # n_0 (input), n_1, n_2, n_3 (output)
weights = [rng.uniform(0.1, 1.0, size=(n_next, n_prev)) for n_prev, n_next in zip(sizes[:-1], sizes[1:])]
a = [rng.uniform(0.0, 1.0, size=sizes[0])]          # a[k]: the output of layer k
for W_k in weights:
    a.append(sigmoid(W_k @ a[-1]))
t = np.array([1.0, 0.0])

shared = backpropagate_errors(weights, output_error(t, a[3]))   # [e_1, e_2, e_3]

# 실제 역전파 / true backpropagation: -dL/da_k = W_{k+1}^T [(-dL/da_{k+1}) * a_{k+1} (1 - a_{k+1})]
minus_grad = {3: t - a[3]}
for k in (2, 1):
    W_next = weights[k]                             # W_{k+1}: the list starts at W_1
    minus_grad[k] = W_next.T @ (minus_grad[k + 1] * a[k + 1] * (1 - a[k + 1]))

for k in (1, 2, 3):
    print(f"layer {k}: |shared error| = {np.linalg.norm(shared[k - 1]):.4f}   "
          f"|dL/da| = {np.linalg.norm(minus_grad[k]):.4f}")

# %% [markdown]
# ### 생각해 보기 (채점하지 않음)
#
# 1. 은닉 노드의 오차 $W^T e$가 큰데 그 노드의 기울기는 거의 0일 수 있습니다. 어떤 경우인가요?
# 2. 출력 오차가 모두 양수이고 음수 가중치가 없다면, 비례 분배와 단순화한 분배에서 은닉 오차의 부호는
#    어떻게 되나요? $W$에 음수가 섞이면 어떻게 달라지나요?
# 3. 2차원 입력에서 $L$을 샘플에 대해 평균 내기로 정했다면 `hidden_gradient`의 결과는 어떻게 바뀌나요?
#
# ### Think about it (not graded)
#
# 1. A hidden node's error $W^T e$ can be large while its gradient is almost 0. When?
# 2. If every output error is positive and no weight is negative, what are the signs of the hidden
#    errors, proportional and simplified? What changes when $W$ has negative entries?
# 3. Had we defined $L$ as the mean over the samples for 2-D input, how would `hidden_gradient`'s result
#    change?
#
# ## 7. 정리
#
# - 출력층 오차: $e = y - \hat y$ (정답 − 출력).
# - 비례 분배: $e_i^{[1]} = \sum_j e_j^{[2]} W_{ji} / \sum_k W_{jk}$ — 오차가 빠짐없이 전달됩니다.
# - 단순화: $E^{[1]} = W^T \cdot E^{[2]}$ — 분모를 지우면 크기와 출력 사이 비중이 바뀝니다. 행 합이 모두 같으면
#   결과는 비례 분배의 상수배이고 그 크기는 학습률이 흡수합니다. 행 합이 비슷하면 방향이 거의 같지만, 크게 다르면
#   순서까지 뒤집힐 수 있습니다 ($W = [[0.3, 0.1], [1.0, 2.0]]$, $e = [1, 1]$: $[1.08, 0.92]$ 대 $[1.3, 2.1]$).
# - 일반화: $E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$.
# - 실제 기울기: $-\partial L / \partial a_{hidden} = W^T [e \circ a_{out}(1 - a_{out})]$ — 같은 $W^T$,
#   여기에 활성화 미분과 부호가 더해집니다. 다음 강의(역전파 2)는 이 기울기로 가중치를 고칩니다.
# - 강의의 $Z = W^T A$는 이 과제의 저장 방식에서는 $Z = W A$입니다. 역전파는 순전파 행렬의 전치를 씁니다.
#
# ## 7. Summary
#
# - Output error: $e = y - \hat y$ (target − output).
# - Proportional split: $e_i^{[1]} = \sum_j e_j^{[2]} W_{ji} / \sum_k W_{jk}$ — no error is lost.
# - Simplified: $E^{[1]} = W^T \cdot E^{[2]}$ — dropping the denominators changes the scale and the
#   relative weight of the outputs. When all row sums are equal the result is a constant times the
#   proportional split, and the learning rate absorbs that constant; when they are close the direction
#   hardly changes; when they differ a lot even the order can flip ($W = [[0.3, 0.1], [1.0, 2.0]]$,
#   $e = [1, 1]$: $[1.08, 0.92]$ against $[1.3, 2.1]$).
# - Generalised: $E^{[l]} = W^{[l+1]T} \cdot E^{[l+1]}$.
# - True gradient: $-\partial L / \partial a_{hidden} = W^T [e \circ a_{out}(1 - a_{out})]$ — the same
#   $W^T$, plus the activation's derivative and the sign. The next lecture (Backpropagation 2) adjusts
#   the weights with this gradient.
# - The lecture's $Z = W^T A$ is $Z = W A$ with the way this assignment stores $W$. The backward pass
#   uses the transpose of the forward pass's matrix.
