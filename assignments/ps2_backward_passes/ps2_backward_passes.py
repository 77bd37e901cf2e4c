# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # PS2: 오차역전파법(역전파) — 계산 그래프에서 계층의 순전파와 역전파까지
#
# 강의 000 「신경망 언어 모형 (4)」, 001 「계산 그래프를 이용한 역전파」, 003 「딥러닝 기초」의
# 07–08장을 따라갑니다. 이 과제의 목표는 다음과 같습니다.
#
# - 합성함수를 계산 그래프로 쪼개어 순전파를 하고, 연쇄법칙으로 역전파를 합니다.
# - 노드 하나가 하는 일(상류 기울기 × 국소 기울기 = 하류 기울기)을 곱셈·덧셈 계층으로 구현합니다.
# - ReLU, 시그모이드, tanh, Affine, Softmax-with-Loss 계층의 역전파를 유도하고 구현합니다.
# - 수치 미분(중심 차분)으로 직접 만든 계층의 기울기를 확인(gradient check)합니다.
#
# 계층의 모양은 「밑바닥부터 시작하는 딥러닝」 5장의 클래스와 같습니다: `forward`는 출력을 계산하면서
# 역전파에 필요한 값을 저장하고, `backward(dout)`은 상류 기울기 `dout` $= \partial L/\partial(\text{출력})$을
# 받아 하류 기울기 $\partial L/\partial(\text{입력})$을 돌려줍니다.
#
# 채점되는 것은 `MulLayer`, `AddLayer`, `computation_graph`, `Relu`, `Sigmoid`, `Tanh`, `Affine`,
# `SoftmaxWithLoss`, `numerical_gradient` 아홉 개입니다. 각 칸의 `raise NotImplementedError()`를 지우고
# 코드를 채우세요. 바로 아래의 확인 셀은 강의 예제만 검사합니다. 채점할 때는 여러분이 보지 못한 입력
# (정사각이 아닌 행렬, 샘플이 3개 이상인 배치, 정확히 0인 ReLU 입력, 절댓값이 큰 입력, 1차원 샘플 하나)으로
# 다시 검사합니다. 규칙 두 가지:
#
# 1. **받은 배열(`x`, `dout`, `t`, `W`, `b`)에 절대로 값을 써 넣지 마세요.** 새 배열을 만들거나 `.copy()`를 쓰세요.
#    호출한 쪽은 그 배열을 다른 곳에서도 쓰고 있을 수 있습니다.
# 2. 배치 $(N, K)$를 받는 메서드는 샘플 하나 $(K,)$도 받아야 합니다 ($N = 1$로 취급).
#
# 반복문으로 쓰든, `np.dot`·`@`·`np.einsum` 중 무엇을 쓰든, 맞으면 만점입니다.
#
# # PS2: Backpropagation — from computation graphs to the backward passes of layers
#
# This assignment follows lectures 000 ("Neural language models (4)"), 001 ("Backpropagation with
# computation graphs") and chapters 07–08 of lecture 003 ("Deep learning basics"). Its goals are:
#
# - to split a composite function into a computation graph, run it forward, and run it backward with
#   the chain rule;
# - to implement what one node does (upstream gradient × local gradient = downstream gradient) as
#   multiplication and addition layers;
# - to derive and implement the backward passes of the ReLU, sigmoid, tanh, Affine and
#   Softmax-with-Loss layers;
# - to check the gradients of your own layers numerically, with central differences (gradient checking).
#
# The layers have the class shape of chapter 5 of "Deep Learning from Scratch": `forward` computes the
# output and keeps what the backward pass will need, and `backward(dout)` takes the upstream gradient
# `dout` $= \partial L/\partial(\text{output})$ and returns the downstream gradient
# $\partial L/\partial(\text{input})$.
#
# Nine things are graded: `MulLayer`, `AddLayer`, `computation_graph`, `Relu`, `Sigmoid`, `Tanh`,
# `Affine`, `SoftmaxWithLoss` and `numerical_gradient`. In each cell, delete `raise NotImplementedError()`
# and write the code. The check cell right below tests the lecture's examples only. Grading checks again
# on inputs you have not seen (non-square matrices, batches of three or more samples, ReLU inputs that
# are exactly 0, inputs of large magnitude, a single 1-D sample). Two rules:
#
# 1. **Never write into an array you were given (`x`, `dout`, `t`, `W`, `b`).** Build a new array or
#    use `.copy()`. The caller may still be using that array elsewhere.
# 2. A method that takes a batch $(N, K)$ also takes a single sample $(K,)$ (treated as $N = 1$).
#
# Loops or vectorised code, `np.dot`, `@` or `np.einsum`: whichever you use, it gets full marks if it is
# correct.

# %%
import numpy as np

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# 기울기를 비교할 때 쓰는 상대 오차 함수는 주어집니다. 두 배열이 같으면 0, 역전파가 맞으면 보통
# $10^{-7}$보다 작고, 틀리면 $10^{-2}$ 이상입니다.
#
# The relative error used to compare gradients is given. It is 0 when the two arrays are equal, usually
# below $10^{-7}$ when a backward pass is right, and $10^{-2}$ or more when it is wrong.

# %% given="rel_error"

# %% [markdown]
# ## 1. 계산 그래프와 연쇄법칙
#
# ### 1.1 순전파
#
# **계산 그래프**는 계산을 여러 연산으로 쪼개어 각 연산을 노드로 나타낸 그래프입니다 (강의 000).
# 함수 $L(a, b, c) = c(a + 2b)$를 쪼개면
#
# $$d = 2b, \qquad e = a + d, \qquad L = c \cdot e.$$
#
# $a = 3,\ b = 1,\ c = -2$를 넣고 왼쪽에서 오른쪽으로 계산하는 것이 **순전파**입니다.
#
# $$d = 2 \cdot 1 = 2, \qquad e = 3 + 2 = 5, \qquad L = (-2) \cdot 5 = -10.$$
#
# ### 1.2 역전파: 노드 하나가 하는 일
#
# **연쇄법칙**: 합성함수의 미분은 각 함수의 미분의 곱입니다. $f(x) = u(v(x))$이면
# $\dfrac{df}{dx} = \dfrac{du}{dv}\dfrac{dv}{dx}$.
#
# 계산 그래프에서 이것은 노드 하나하나의 규칙이 됩니다 (강의 000의 그림 7.15). 각 노드는
#
# - 오른쪽에서 **상류 기울기** $\partial L / \partial(\text{출력})$을 받고,
# - 자기 입력에 대한 출력의 **국소 기울기** $\partial(\text{출력}) / \partial(\text{입력})$을 곱해서,
# - 그 곱 $\partial L / \partial(\text{입력})$을 **하류 기울기**로 왼쪽 노드에 보냅니다.
#
# 입력이 둘인 노드는 국소 기울기도 둘이고, 하류 기울기도 둘을 보냅니다. 노드는 그래프의 나머지를
# 몰라도 됩니다. 자기 입력과 출력만 알면 됩니다(국소적 계산).
#
# 오른쪽 끝에서 $\partial L / \partial L = 1$로 시작해 왼쪽으로 갑니다.
#
# | 노드 | 국소 기울기 | 하류 기울기 |
# |---|---|---|
# | $L = c \cdot e$ | $\partial L/\partial c = e = 5$, $\partial L/\partial e = c = -2$ | $\dfrac{\partial L}{\partial c} = 1 \cdot 5 = 5$, $\dfrac{\partial L}{\partial e} = 1 \cdot (-2) = -2$ |
# | $e = a + d$ | $\partial e/\partial a = 1$, $\partial e/\partial d = 1$ | $\dfrac{\partial L}{\partial a} = -2 \cdot 1 = -2$, $\dfrac{\partial L}{\partial d} = -2 \cdot 1 = -2$ |
# | $d = 2b$ | $\partial d/\partial b = 2$ | $\dfrac{\partial L}{\partial b} = -2 \cdot 2 = -4$ |
#
# 결과: $L = -10$, $\ \partial L/\partial a = -2$, $\ \partial L/\partial b = -4$, $\ \partial L/\partial c = 5$.
# 확인: $\partial L / \partial a = c = -2$, $\partial L/\partial b = 2c = -4$, $\partial L / \partial c = a + 2b = 5$.
#
# ## 1. Computation graphs and the chain rule
#
# ### 1.1 The forward pass
#
# A **computation graph** splits a computation into operations and draws each operation as a node
# (lecture 000). Splitting $L(a, b, c) = c(a + 2b)$ gives
#
# $$d = 2b, \qquad e = a + d, \qquad L = c \cdot e.$$
#
# Putting in $a = 3,\ b = 1,\ c = -2$ and computing from left to right is the **forward pass**:
#
# $$d = 2 \cdot 1 = 2, \qquad e = 3 + 2 = 5, \qquad L = (-2) \cdot 5 = -10.$$
#
# ### 1.2 The backward pass: what one node does
#
# **The chain rule**: the derivative of a composite function is the product of the derivatives of its
# parts. If $f(x) = u(v(x))$, then $\dfrac{df}{dx} = \dfrac{du}{dv}\dfrac{dv}{dx}$.
#
# On a computation graph this becomes a rule for each node (figure 7.15 of lecture 000). Each node
#
# - takes the **upstream gradient** $\partial L / \partial(\text{output})$ from its right,
# - multiplies it by the **local gradient** $\partial(\text{output}) / \partial(\text{input})$ of its
#   output with respect to its input,
# - and sends the product $\partial L / \partial(\text{input})$ to the node on its left as the
#   **downstream gradient**.
#
# A node with two inputs has two local gradients and sends two downstream gradients. A node needs to
# know nothing about the rest of the graph, only its own inputs and output (local computation).
#
# We start at the right end with $\partial L / \partial L = 1$ and go left:
#
# | node | local gradients | downstream gradients |
# |---|---|---|
# | $L = c \cdot e$ | $\partial L/\partial c = e = 5$, $\partial L/\partial e = c = -2$ | $\dfrac{\partial L}{\partial c} = 1 \cdot 5 = 5$, $\dfrac{\partial L}{\partial e} = 1 \cdot (-2) = -2$ |
# | $e = a + d$ | $\partial e/\partial a = 1$, $\partial e/\partial d = 1$ | $\dfrac{\partial L}{\partial a} = -2 \cdot 1 = -2$, $\dfrac{\partial L}{\partial d} = -2 \cdot 1 = -2$ |
# | $d = 2b$ | $\partial d/\partial b = 2$ | $\dfrac{\partial L}{\partial b} = -2 \cdot 2 = -4$ |
#
# Result: $L = -10$, $\ \partial L/\partial a = -2$, $\ \partial L/\partial b = -4$, $\ \partial L/\partial c = 5$.
# Check: $\partial L / \partial a = c = -2$, $\partial L/\partial b = 2c = -4$, $\partial L / \partial c = a + 2b = 5$.

# %% [markdown]
# ### 1.3 연습 (강의 003)
#
# 강의 003의 예: $z = g + 3$, $g = xy$. 국소 기울기는 $\partial z/\partial g = 1$,
# $\partial g/\partial x = y$, $\partial g/\partial y = x$이므로
#
# $$\frac{\partial z}{\partial x} = \frac{\partial z}{\partial g}\frac{\partial g}{\partial x} = 1 \times y = y, \qquad
#   \frac{\partial z}{\partial y} = \frac{\partial z}{\partial g}\frac{\partial g}{\partial y} = 1 \times x = x.$$
#
# 같은 방법으로 강의의 나머지 세 문제를 풀면 (먼저 직접 풀어 보세요):
#
# | 함수 | $\partial f/\partial x$ | $\partial f/\partial y$ |
# |---|---|---|
# | $f = g + 3,\ g = x + y$ | $1 \times 1 = 1$ | $1 \times 1 = 1$ |
# | $f = 2g,\ g = x - y$ | $2 \times 1 = 2$ | $2 \times (-1) = -2$ |
# | $f = g - 3,\ g = xy$ | $1 \times y = y$ | $1 \times x = x$ |
#
# **연습문제 3** (강의 003): $f = g + b$, $g = wx^2$. 그래프는 $x \to (\cdot)^2 \to u \to (\times w) \to g
# \to (+b) \to f$입니다. 상류 기울기 $\partial L/\partial f$에서 시작하면
#
# - 덧셈 노드는 그대로 보냅니다: $\dfrac{\partial L}{\partial b} = \dfrac{\partial L}{\partial f}$,
#   $\dfrac{\partial L}{\partial g} = \dfrac{\partial L}{\partial f}$.
# - 곱셈 노드 $g = w u$는 서로 바꿔 곱합니다: $\dfrac{\partial L}{\partial w} = \dfrac{\partial L}{\partial f}\, u
#   = \dfrac{\partial L}{\partial f}\, x^2$, $\ \dfrac{\partial L}{\partial u} = \dfrac{\partial L}{\partial f}\, w$.
# - 제곱 노드 $u = x^2$의 국소 기울기는 $2x$: $\dfrac{\partial L}{\partial x} = \dfrac{\partial L}{\partial f}\, 2wx$.
#
# **연습문제 2** (강의 003): $f = \mathrm{ReLU}(x)$. 노드 하나짜리 그래프이고, 국소 기울기는 $x > 0$이면 1,
# $x \le 0$이면 0입니다. 그래서
#
# $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial f} \cdot \mathbb{1}\{x > 0\}
#   = \begin{cases} \partial L/\partial f, & x > 0 \\ 0, & x \le 0. \end{cases}$$
#
# ### 1.3 Drills (lecture 003)
#
# Lecture 003's example: $z = g + 3$, $g = xy$. The local gradients are $\partial z/\partial g = 1$,
# $\partial g/\partial x = y$ and $\partial g/\partial y = x$, so
#
# $$\frac{\partial z}{\partial x} = \frac{\partial z}{\partial g}\frac{\partial g}{\partial x} = 1 \times y = y, \qquad
#   \frac{\partial z}{\partial y} = \frac{\partial z}{\partial g}\frac{\partial g}{\partial y} = 1 \times x = x.$$
#
# The lecture's other three drills, done the same way (try them yourself first):
#
# | function | $\partial f/\partial x$ | $\partial f/\partial y$ |
# |---|---|---|
# | $f = g + 3,\ g = x + y$ | $1 \times 1 = 1$ | $1 \times 1 = 1$ |
# | $f = 2g,\ g = x - y$ | $2 \times 1 = 2$ | $2 \times (-1) = -2$ |
# | $f = g - 3,\ g = xy$ | $1 \times y = y$ | $1 \times x = x$ |
#
# **Exercise 3** (lecture 003): $f = g + b$, $g = wx^2$. The graph is $x \to (\cdot)^2 \to u \to (\times w)
# \to g \to (+b) \to f$. Starting from the upstream gradient $\partial L/\partial f$:
#
# - the addition node passes it on unchanged: $\dfrac{\partial L}{\partial b} = \dfrac{\partial L}{\partial f}$,
#   $\dfrac{\partial L}{\partial g} = \dfrac{\partial L}{\partial f}$;
# - the multiplication node $g = w u$ multiplies by the *other* input:
#   $\dfrac{\partial L}{\partial w} = \dfrac{\partial L}{\partial f}\, u = \dfrac{\partial L}{\partial f}\, x^2$,
#   $\ \dfrac{\partial L}{\partial u} = \dfrac{\partial L}{\partial f}\, w$;
# - the square node $u = x^2$ has local gradient $2x$:
#   $\dfrac{\partial L}{\partial x} = \dfrac{\partial L}{\partial f}\, 2wx$.
#
# **Exercise 2** (lecture 003): $f = \mathrm{ReLU}(x)$. The graph has one node, whose local gradient is 1
# where $x > 0$ and 0 where $x \le 0$. So
#
# $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial f} \cdot \mathbb{1}\{x > 0\}
#   = \begin{cases} \partial L/\partial f, & x > 0 \\ 0, & x \le 0. \end{cases}$$

# %% demo=true
# 위의 답을 수치 미분으로 확인해 봅니다 (6절에서 자세히 다룹니다).
# The answers above, checked with a numerical derivative (section 6 explains it).
def slope(f, v, h=1e-6):
    return (f(v + h) - f(v - h)) / (2 * h)


x0, y0, w0, b0 = 1.5, -2.0, 0.7, 0.3
print("z = xy + 3:     dz/dx =", round(slope(lambda x: x * y0 + 3, x0), 6), " expected y =", y0)
print("f = 2(x - y):   df/dy =", round(slope(lambda y: 2 * (x0 - y), y0), 6), " expected -2")
print("f = wx^2 + b:   df/dx =", round(slope(lambda x: w0 * x**2 + b0, x0), 6), " expected 2wx =", round(2 * w0 * x0, 6))
print("                df/dw =", round(slope(lambda w: w * x0**2 + b0, w0), 6), " expected x^2 =", x0**2)

# %% [markdown]
# ### 1.4 두 번 쓰인 노드는 기울기의 합을 받습니다
#
# 변수 하나가 그래프의 두 곳에 들어가면, 그 변수는 두 경로에서 하류 기울기를 하나씩 받습니다.
# 그 변수에 대한 기울기는 **두 기울기의 합**입니다. 이유는 다변수 연쇄법칙입니다: $f(u, v)$에서
# $u = u(x)$, $v = v(x)$이면
#
# $$\frac{df}{dx} = \frac{\partial f}{\partial u}\frac{du}{dx} + \frac{\partial f}{\partial v}\frac{dv}{dx}.$$
#
# $x$를 아주 조금 움직이면 $u$와 $v$가 둘 다 움직이고, $f$의 변화는 두 변화의 몫을 더한 것이기 때문입니다.
#
# 예: 연습문제 3의 $x^2$를 곱셈 노드 $u = x \cdot x$로 만들면, 곱셈 노드는 두 입력에
# $\partial L/\partial u \cdot x$를 하나씩 보냅니다. 두 입력이 모두 $x$이므로
# $\partial L/\partial x = \partial L/\partial u \cdot x + \partial L/\partial u \cdot x
# = \partial L/\partial u \cdot 2x$로, 제곱의 미분 $2x$와 같습니다. 하나만 쓰면 절반이 됩니다.
# 4절의 Affine 계층에서 편향 $b$가 배치의 모든 행에 더해지는 것도 같은 경우입니다.
#
# ### 1.4 A node used twice receives the sum of its gradients
#
# When one variable enters the graph in two places, it receives one downstream gradient along each
# path. Its gradient is **the sum of the two**. The reason is the multivariable chain rule: for
# $f(u, v)$ with $u = u(x)$ and $v = v(x)$,
#
# $$\frac{df}{dx} = \frac{\partial f}{\partial u}\frac{du}{dx} + \frac{\partial f}{\partial v}\frac{dv}{dx}.$$
#
# Moving $x$ a little moves both $u$ and $v$, and the change of $f$ is the sum of the two contributions.
#
# Example: build the $x^2$ of exercise 3 as a multiplication node $u = x \cdot x$. The node sends
# $\partial L/\partial u \cdot x$ to each of its inputs. Both inputs are $x$, so
# $\partial L/\partial x = \partial L/\partial u \cdot x + \partial L/\partial u \cdot x = \partial L/\partial u \cdot 2x$,
# the derivative $2x$ of the square. Taking only one of them gives half of it. The bias $b$ of the
# Affine layer in section 4, added to every row of a batch, is the same situation.

# %% [markdown]
# ## 2. 곱셈 계층과 덧셈 계층
#
# 신경망의 계산도 잘게 쪼개면 덧셈과 곱셈입니다. 그래서 두 연산의 역전파만 알면 됩니다 (강의 003).
#
# - **곱셈** $z = xy$: $\partial z/\partial x = y$, $\partial z/\partial y = x$. 역전파 때 상류 기울기에
#   순전파 때의 입력을 **서로 바꿔** 곱합니다: `dx = dout * y`, `dy = dout * x`. 그래서 곱셈 계층은
#   순전파 때 `x`와 `y`를 저장해 두어야 합니다.
# - **덧셈** $z = x + y$: $\partial z/\partial x = \partial z/\partial y = 1$. 상류 기울기를 **그대로** 두 입력에
#   보냅니다: `dx = dout * 1`, `dy = dout * 1`. 저장할 것이 없습니다.
#
# 입력은 파이썬 실수일 수도, 같은 모양의 NumPy 배열일 수도 있습니다 (원소별 계산).
# `backward`는 `(dx, dy)` 튜플을 돌려줍니다.
#
# ## 2. The multiplication and addition layers
#
# Split finely enough, a neural network's computation is additions and multiplications, so the backward
# passes of these two operations are all we need (lecture 003).
#
# - **Multiplication** $z = xy$: $\partial z/\partial x = y$, $\partial z/\partial y = x$. The backward pass
#   multiplies the upstream gradient by the forward inputs **swapped**: `dx = dout * y`, `dy = dout * x`.
#   So the multiplication layer must keep `x` and `y` from its forward pass.
# - **Addition** $z = x + y$: $\partial z/\partial x = \partial z/\partial y = 1$. The upstream gradient goes
#   to both inputs **unchanged**: `dx = dout * 1`, `dy = dout * 1`. Nothing needs to be kept.
#
# Inputs may be Python floats or NumPy arrays of one shape (computed elementwise). `backward` returns
# the tuple `(dx, dy)`.

# %% solution="MulLayer"

# %% tests="MulLayer"
# 계산 그래프의 마지막 노드 L = c * e (c = -2, e = 5)
# The last node of the graph, L = c * e (c = -2, e = 5)
mul = MulLayer()
assert mul.forward(-2.0, 5.0) == -10.0
dc, de = mul.backward(1.0)
assert np.isclose(dc, 5.0) and np.isclose(de, -2.0), (dc, de)  # 서로 바꿔 곱함 / inputs swapped

# 배열도 원소별로 / arrays, elementwise; dout은 바뀌면 안 됩니다 / dout must not change
x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
y = np.array([[2.0, 0.5, -1.0], [3.0, -2.0, 1.0]])
dout = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
dout_before = dout.copy()
mul = MulLayer()
assert np.allclose(mul.forward(x, y), x * y)
dx, dy = mul.backward(dout)
assert np.allclose(dx, dout * y) and np.allclose(dy, dout * x)
assert np.array_equal(dout, dout_before), "backward wrote into dout"

# 두 번 쓰인 노드: u = x * x 이면 du/dx = 2x (1.4절)
# A node used twice: u = x * x gives du/dx = 2x (section 1.4)
mul = MulLayer()
mul.forward(3.0, 3.0)
d1, d2 = mul.backward(1.0)
assert np.isclose(d1 + d2, 6.0), (d1, d2)
print("MulLayer: OK")

# %% solution="AddLayer"

# %% tests="AddLayer"
# 계산 그래프의 노드 e = a + d (a = 3, d = 2), 상류 기울기 dL/de = -2
# The graph's node e = a + d (a = 3, d = 2), upstream gradient dL/de = -2
add = AddLayer()
assert add.forward(3.0, 2.0) == 5.0
da, dd = add.backward(-2.0)
assert np.isclose(da, -2.0) and np.isclose(dd, -2.0), (da, dd)  # 그대로 보냄 / passed on unchanged

dout = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 0.0]])
dout_before = dout.copy()
add = AddLayer()
assert np.allclose(add.forward(np.ones((3, 2)), dout), 1.0 + dout)
dx, dy = add.backward(dout)
assert np.allclose(dx, dout) and np.allclose(dy, dout) and np.shape(dy) == (3, 2)
assert np.array_equal(dout, dout_before), "backward wrote into dout"
print("AddLayer: OK")

# %% [markdown]
# ### 2.1 계층으로 만든 계산 그래프
#
# 이제 1절의 그래프 $L = c(a + 2b)$를 계층으로 만듭니다: $d = 2 \times b$는 `MulLayer`,
# $e = a + d$는 `AddLayer`, $L = c \times e$는 `MulLayer`. **노드마다 계층 객체를 하나씩** 만드세요.
# 계층은 자기 순전파의 입력을 저장하므로, 곱셈 계층 하나를 두 노드에 같이 쓰면 두 번째 `forward`가
# 첫 번째 노드의 입력을 덮어씁니다.
#
# 순전파는 왼쪽에서 오른쪽, 역전파는 $\partial L/\partial L = 1$에서 시작해 **순전파의 반대 순서**로 합니다.
# `computation_graph(a, b, c)`는 `(L, dL_da, dL_db, dL_dc)`를 돌려줍니다. 채점은 여러분의 함수가
# `MulLayer`와 `AddLayer`를 쓰는지도 확인합니다.
#
# ### 2.1 The computation graph, built from layers
#
# Now build the graph $L = c(a + 2b)$ of section 1 from layers: $d = 2 \times b$ is a `MulLayer`,
# $e = a + d$ an `AddLayer`, $L = c \times e$ a `MulLayer`. **Make one layer object per node.** A layer
# keeps the inputs of its own forward pass, so sharing one multiplication layer between two nodes lets
# the second `forward` overwrite the first node's inputs.
#
# The forward pass goes left to right; the backward pass starts from $\partial L/\partial L = 1$ and goes
# in **the reverse order of the forward pass**. `computation_graph(a, b, c)` returns
# `(L, dL_da, dL_db, dL_dc)`. Grading also checks that your function uses `MulLayer` and `AddLayer`.

# %% solution="computation_graph"

# %% tests="computation_graph"
# 강의 000의 값: a = 3, b = 1, c = -2 -> L = -10, dL/da = -2, dL/db = -4, dL/dc = 5
# Lecture 000's values: a = 3, b = 1, c = -2 -> L = -10, dL/da = -2, dL/db = -4, dL/dc = 5
L, dL_da, dL_db, dL_dc = computation_graph(3.0, 1.0, -2.0)
assert np.allclose([L, dL_da, dL_db, dL_dc], [-10.0, -2.0, -4.0, 5.0]), (L, dL_da, dL_db, dL_dc)
print("computation_graph: OK")

# %% [markdown]
# 같은 계층으로 연습문제 3 ($f = wx^2 + b$)도 만들 수 있습니다. $x^2$를 `MulLayer`에 `x`를 두 번 넣어
# 만들면, 1.4절대로 두 기울기를 더해야 $\partial f/\partial x = 2wx$가 됩니다.
#
# Exercise 3 ($f = wx^2 + b$) can be built from the same layers. Making $x^2$ by feeding `x` twice into a
# `MulLayer`, the two gradients must be added, as in section 1.4, to get $\partial f/\partial x = 2wx$.

# %% demo=true
x, w, b = 3.0, 2.0, 1.0
square, times_w, plus_b = MulLayer(), MulLayer(), AddLayer()
u = square.forward(x, x)        # u = x^2 (x is used twice)
g = times_w.forward(w, u)       # g = w u
f = plus_b.forward(g, b)        # f = g + b
dg, db = plus_b.backward(1.0)
dw, du = times_w.backward(dg)
dx_first, dx_second = square.backward(du)
dx = dx_first + dx_second       # the sum of the gradients of the two uses
print(f"f = {f}, df/dw = {dw} (x^2 = {x**2}), df/db = {db}, df/dx = {dx} (2wx = {2 * w * x})")

# %% [markdown]
# ## 3. 활성화 함수 계층
#
# ### 3.1 ReLU
#
# $$y = \begin{cases} x & (x > 0) \\ 0 & (x \le 0) \end{cases} \qquad
#   \frac{\partial y}{\partial x} = \begin{cases} 1 & (x > 0) \\ 0 & (x \le 0) \end{cases}$$
#
# 순전파 때 $x > 0$이었던 원소는 상류 기울기를 그대로 보내고, $x \le 0$이었던 원소는 0을 보냅니다.
# $x = 0$에서 ReLU는 미분할 수 없지만, 이 과목에서는 강의대로 기울기를 **0**으로 정합니다.
# 그러니 순전파 때 어느 원소가 $x \le 0$이었는지(마스크)를 저장해 두어야 합니다.
#
# 「밑바닥부터 시작하는 딥러닝」의 `Relu.backward`는 `dout[self.mask] = 0`으로 **`dout`에 직접 0을 써 넣습니다.**
# 그러면 호출한 쪽의 배열이 바뀝니다. 같은 `dout`을 다른 계층에도 보내는 그래프(1.4절)에서는
# 다른 계층의 기울기까지 틀어집니다. 새 배열을 만드세요 (`dout.copy()`, `np.where`, 마스크 곱하기 등).
# 순전파도 마찬가지로 `x`를 바꾸면 안 됩니다.
#
# ## 3. Activation layers
#
# ### 3.1 ReLU
#
# $$y = \begin{cases} x & (x > 0) \\ 0 & (x \le 0) \end{cases} \qquad
#   \frac{\partial y}{\partial x} = \begin{cases} 1 & (x > 0) \\ 0 & (x \le 0) \end{cases}$$
#
# Where $x > 0$ in the forward pass, the upstream gradient passes unchanged; where $x \le 0$, 0 is sent.
# ReLU has no derivative at $x = 0$; this course, as the lectures do, sets the gradient there to **0**.
# So the layer must remember from its forward pass where $x \le 0$ (a mask).
#
# The `Relu.backward` of "Deep Learning from Scratch" does `dout[self.mask] = 0`: **it writes zeros into
# `dout` itself**, changing the caller's array. In a graph that sends the same `dout` to another layer too
# (section 1.4), the other layer's gradient goes wrong as well. Build a new array (`dout.copy()`,
# `np.where`, multiplying by the mask, ...). Likewise the forward pass must not change `x`.

# %% solution="Relu"

# %% tests="Relu"
# 연습문제 2: x > 0인 곳만 기울기가 흐르고, x = 0에서는 0
# Exercise 2: gradient flows only where x > 0, and it is 0 at x = 0
x = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.0]])
dout = np.array([[5.0, 6.0, 7.0], [8.0, 9.0, 10.0]])
x_before, dout_before = x.copy(), dout.copy()
relu = Relu()
out = relu.forward(x)
assert np.array_equal(out, [[0.0, 0.0, 2.0], [3.0, 0.0, 0.0]]), out
dx = relu.backward(dout)
assert np.array_equal(dx, [[0.0, 0.0, 7.0], [8.0, 0.0, 0.0]]), dx
assert np.array_equal(x, x_before), "forward wrote into x"
assert np.array_equal(dout, dout_before), "backward wrote into dout"

# 1차원도 / 1-D as well
relu = Relu()
assert np.array_equal(relu.forward(np.array([0.0, 1.0, -2.0])), [0.0, 1.0, 0.0])
assert np.array_equal(relu.backward(np.array([1.0, 1.0, 1.0])), [0.0, 1.0, 0.0])
print("Relu: OK")

# %% [markdown]
# ### 3.2 시그모이드: 그래프로 쪼개기
#
# $$y = \sigma(x) = \frac{1}{1 + \exp(-x)}$$
#
# 강의 000과 001처럼 이 함수를 네 노드로 쪼갭니다.
#
# | 노드 | 순전파 | 국소 기울기 |
# |---|---|---|
# | $\times(-1)$ | $a = -x$ | $\dfrac{da}{dx} = -1$ |
# | $\exp$ | $b = \exp(a)$ | $\dfrac{db}{da} = \exp(a) = b$ |
# | $+1$ | $c = 1 + b$ | $\dfrac{dc}{db} = 1$ |
# | $1/x$ | $y = 1/c$ | $\dfrac{dy}{dc} = -\dfrac{1}{c^2} = -y^2$ |
#
# 오른쪽에서부터 상류 기울기 $\partial L/\partial y$에 국소 기울기를 차례로 곱하면
#
# $$\frac{\partial L}{\partial x}
#   = \frac{\partial L}{\partial y} \cdot (-y^2) \cdot 1 \cdot \exp(-x) \cdot (-1)
#   = \frac{\partial L}{\partial y}\, y^2 \exp(-x).$$
#
# 두 개의 $-1$이 서로 지워집니다. 하나를 빠뜨리면 부호가 반대가 됩니다. 정리하면
#
# $$y^2 \exp(-x) = \frac{1}{1 + \exp(-x)} \cdot \frac{\exp(-x)}{1 + \exp(-x)} = y (1 - y),
#   \qquad \frac{\partial L}{\partial x} = \frac{\partial L}{\partial y}\, y(1 - y).$$
#
# 국소 기울기가 **출력 $y$만으로** 표현됩니다. 그래서 `Sigmoid`는 순전파의 출력 `out`을 저장해 두고
# 역전파에서 `dout * out * (1 - out)`을 씁니다. 주의: 이 식의 `out` 자리에 입력 `x`를 넣으면
# ($x(1-x)$) 전혀 다른 값이 됩니다. 입력을 저장했다면 $\sigma(x)(1 - \sigma(x))$를 다시 계산해야 합니다.
#
# ### 3.2 Sigmoid, taken apart into its graph
#
# $$y = \sigma(x) = \frac{1}{1 + \exp(-x)}$$
#
# As in lectures 000 and 001, split it into four nodes:
#
# | node | forward | local gradient |
# |---|---|---|
# | $\times(-1)$ | $a = -x$ | $\dfrac{da}{dx} = -1$ |
# | $\exp$ | $b = \exp(a)$ | $\dfrac{db}{da} = \exp(a) = b$ |
# | $+1$ | $c = 1 + b$ | $\dfrac{dc}{db} = 1$ |
# | $1/x$ | $y = 1/c$ | $\dfrac{dy}{dc} = -\dfrac{1}{c^2} = -y^2$ |
#
# Multiplying the upstream gradient $\partial L/\partial y$ by the local gradients from right to left,
#
# $$\frac{\partial L}{\partial x}
#   = \frac{\partial L}{\partial y} \cdot (-y^2) \cdot 1 \cdot \exp(-x) \cdot (-1)
#   = \frac{\partial L}{\partial y}\, y^2 \exp(-x).$$
#
# The two factors $-1$ cancel; dropping one of them flips the sign. Simplifying,
#
# $$y^2 \exp(-x) = \frac{1}{1 + \exp(-x)} \cdot \frac{\exp(-x)}{1 + \exp(-x)} = y (1 - y),
#   \qquad \frac{\partial L}{\partial x} = \frac{\partial L}{\partial y}\, y(1 - y).$$
#
# The local gradient is expressed **with the output $y$ alone**. So `Sigmoid` keeps the output `out` of its
# forward pass and uses `dout * out * (1 - out)` in its backward pass. Beware: putting the input `x` in
# the place of `out` ($x(1-x)$) gives something else entirely. If you keep the input instead, recompute
# $\sigma(x)(1 - \sigma(x))$.

# %% demo=true
# 네 노드를 하나씩 거꾸로 지나가 봅니다 (x = 0.5, 상류 기울기 1).
# Walk back through the four nodes one at a time (x = 0.5, upstream gradient 1).
x = 0.5
a = -x
b = np.exp(a)
c = 1 + b
y = 1 / c
dy = 1.0
dc = dy * (-(y**2))   # 1/c node
db = dc * 1           # +1 node
da = db * b           # exp node
dx = da * (-1)        # x(-1) node
print(f"y = {y:.6f}")
print(f"node by node: dx = {dx:.6f}")
print(f"y(1 - y)    :      {y * (1 - y):.6f}")
print(f"numerical   :      {slope(lambda v: 1 / (1 + np.exp(-v)), x):.6f}")

# %% solution="Sigmoid"

# %% tests="Sigmoid"
# sigma(0) = 0.5, sigma'(0) = 0.25; |x| = 2에서 y(1-y)와 수치 미분이 같아야 합니다
# sigma(0) = 0.5, sigma'(0) = 0.25; at |x| = 2, y(1-y) and the numerical derivative must agree
x = np.array([[-2.0, 0.0, 2.0], [4.0, -3.0, 1.0]])
dout = np.array([[1.0, 1.0, 1.0], [2.0, -1.0, 0.5]])
x_before, dout_before = x.copy(), dout.copy()
sig = Sigmoid()
out = sig.forward(x)
assert np.allclose(out, 1 / (1 + np.exp(-x)), rtol=1e-10), out
assert np.isclose(out[0, 1], 0.5)
dx = sig.backward(dout)
assert np.isclose(dx[0, 1], 0.25), dx[0, 1]
expected = dout * (1 / (1 + np.exp(-(x + 1e-6))) - 1 / (1 + np.exp(-(x - 1e-6)))) / 2e-6
assert np.allclose(dx, expected, rtol=1e-6, atol=1e-9), (dx, expected)
assert np.array_equal(x, x_before) and np.array_equal(dout, dout_before), "an input array was modified"
sig = Sigmoid()
sig.forward(np.array([0.0, 2.0]))
assert np.allclose(sig.backward(np.array([1.0, 1.0])), [0.25, 0.104994], atol=1e-6)  # 1-D
print("Sigmoid: OK")

# %% [markdown]
# ### 3.3 tanh (강의 000의 "심화")
#
# 강의 000은 tanh 계층의 역전파를 심화 문제로 남겼습니다. $y = \tanh(x) = \dfrac{e^x - e^{-x}}{e^x + e^{-x}}$를
# 몫의 미분법으로 미분하면
#
# $$\frac{dy}{dx} = \frac{(e^x + e^{-x})^2 - (e^x - e^{-x})^2}{(e^x + e^{-x})^2} = 1 - \tanh^2(x) = 1 - y^2.$$
#
# (다른 방법: $\tanh(x) = 2\sigma(2x) - 1$이므로 $\dfrac{dy}{dx} = 4\sigma(2x)\bigl(1 - \sigma(2x)\bigr)$이고,
# $\sigma(2x) = (1 + y)/2$를 넣으면 역시 $1 - y^2$입니다.)
#
# 시그모이드처럼 국소 기울기가 출력 $y$만으로 표현되므로, 출력을 저장해 두고 `dout * (1 - out**2)`를
# 씁니다. 입력으로 쓴 $1 - x^2$는 $x$가 0 근처일 때만 ($\tanh x \approx x$) 비슷하고, $|x| = 2$에서는
# $-3$이 되어 (참값은 약 $0.07$) 부호까지 틀립니다.
#
# ### 3.3 tanh (the "advanced" exercise of lecture 000)
#
# Lecture 000 left the backward pass of a tanh layer as an advanced exercise. Differentiating
# $y = \tanh(x) = \dfrac{e^x - e^{-x}}{e^x + e^{-x}}$ with the quotient rule,
#
# $$\frac{dy}{dx} = \frac{(e^x + e^{-x})^2 - (e^x - e^{-x})^2}{(e^x + e^{-x})^2} = 1 - \tanh^2(x) = 1 - y^2.$$
#
# (Another way: $\tanh(x) = 2\sigma(2x) - 1$, so $\dfrac{dy}{dx} = 4\sigma(2x)\bigl(1 - \sigma(2x)\bigr)$, and
# putting in $\sigma(2x) = (1 + y)/2$ gives $1 - y^2$ again.)
#
# As for the sigmoid, the local gradient is expressed with the output $y$ alone: keep the output and use
# `dout * (1 - out**2)`. Written with the input, $1 - x^2$ is close only near $x = 0$ (where
# $\tanh x \approx x$); at $|x| = 2$ it is $-3$ (the true value is about $0.07$), wrong even in sign.

# %% solution="Tanh"

# %% tests="Tanh"
# tanh'(0) = 1, tanh'(2) = 1 - tanh(2)^2 ~ 0.0707
x = np.array([[-2.0, 0.0, 2.0], [0.5, -1.0, 3.0]])
dout = np.ones((2, 3))
x_before, dout_before = x.copy(), dout.copy()
layer = Tanh()
out = layer.forward(x)
assert np.allclose(out, np.tanh(x)), out
dx = layer.backward(dout)
assert np.isclose(dx[0, 1], 1.0) and np.isclose(dx[0, 2], 0.0706508, atol=1e-6), dx
expected = (np.tanh(x + 1e-6) - np.tanh(x - 1e-6)) / 2e-6
assert np.allclose(dx, expected, rtol=1e-6, atol=1e-9), (dx, expected)
assert np.array_equal(x, x_before) and np.array_equal(dout, dout_before), "an input array was modified"
print("Tanh: OK")

# %% [markdown]
# ## 4. Affine 계층
#
# ### 4.1 순전파와 가중치의 모양
#
# Affine 계층은 가중합 $Y = X \cdot W + B$를 계산합니다 (강의 001). 이 과제는 「밑바닥부터 시작하는 딥러닝」과
# 강의 001처럼 **샘플 하나가 행 하나**인 배치를 씁니다.
#
# - `x`: $(N, D)$ — 샘플 $N$개, 입력 $D$개. 샘플 하나면 $(D,)$.
# - `W`: $(D, M)$, `b`: $(M,)$, 출력 `out`: $(N, M)$ (샘플 하나면 $(M,)$).
#
# 강의 000과 003은 열 벡터로 $\vec z = W \vec x + \vec b$라고 쓰고 $W$의 모양이 $(M, D)$입니다
# (행 하나가 출력 하나). 같은 계산이며, 우리의 `W`는 그 행렬의 전치 $W^T$입니다. 예를 들어 강의 003의
# 「Loss 계산해 보기」는 $W = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}$, $z = [0.5, 0.1]$,
# $b = [0.7, 0.2]$에서 $a = Wz + b = [0.81, 0.39]$를 얻습니다. 우리의 Affine 계층으로는 `Affine(W.T, b).forward(z)`입니다.
#
# ### 4.2 역전파: 모양을 맞추면 식이 보입니다
#
# $Y_{nm} = \sum_d X_{nd} W_{dm} + b_m$을 원소별로 미분하면
#
# $$\frac{\partial L}{\partial X_{nd}} = \sum_m \frac{\partial L}{\partial Y_{nm}} W_{dm}, \qquad
#   \frac{\partial L}{\partial W_{dm}} = \sum_n X_{nd} \frac{\partial L}{\partial Y_{nm}}, \qquad
#   \frac{\partial L}{\partial b_m} = \sum_n \frac{\partial L}{\partial Y_{nm}},$$
#
# 즉 행렬로 쓰면 (강의 001)
#
# $$\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} \cdot W^T, \qquad
#   \frac{\partial L}{\partial W} = X^T \cdot \frac{\partial L}{\partial Y}, \qquad
#   \frac{\partial L}{\partial B} = \frac{\partial L}{\partial Y}\text{를 0축으로 더한 것}.$$
#
# **오류 정정**: 강의 001 슬라이드의 두 번째 식은 좌변이 $\partial L/\partial X$로 적혀 있지만
# $\partial L/\partial W$입니다 (바로 아래 모양 표가 $(2, 3)$, 곧 $W$의 모양입니다).
#
# 강의 001의 요령: **기울기의 모양은 그 변수의 모양과 같습니다.** `X.shape == dX.shape`,
# `W.shape == dW.shape`. 샘플 하나 ($D = 2$, $M = 3$)일 때와 배치 ($N$개)일 때를 모양으로 따라가 보면
#
# | 식 | 샘플 하나 | 배치 |
# |---|---|---|
# | $\dfrac{\partial L}{\partial X} = \dfrac{\partial L}{\partial Y} \cdot W^T$ | $(2,) = (3,) \cdot (3, 2)$ | $(N, 2) = (N, 3) \cdot (3, 2)$ |
# | $\dfrac{\partial L}{\partial W} = X^T \cdot \dfrac{\partial L}{\partial Y}$ | $(2, 3) = (2, 1) \cdot (1, 3)$ | $(2, 3) = (2, N) \cdot (N, 3)$ |
# | $\dfrac{\partial L}{\partial B} = \sum_n \dfrac{\partial L}{\partial Y_n}$ | $(3,) = (3,)$ | $(3,) = (N, 3)$의 0축 합 |
#
# $(N, D)$와 $(N, M)$으로 $(D, M)$을 만드는 방법은 $X^T \cdot dY$ 하나뿐입니다. $dY^T \cdot X$는 $(M, D)$ — 전치된 답입니다.
# 샘플 하나일 때 `x.T`는 1차원이라 그대로 `x`이므로, $(2, 1) \cdot (1, 3)$을 만들려면 2차원으로 바꾸거나
# (`x.reshape(1, -1)`) 외적 `np.outer`를 써야 합니다.
#
# **왜 $dB$는 합입니까?** 편향 $b$는 배치의 $N$개 행 모두에 더해집니다. 1.4절처럼 한 변수가 $N$번 쓰였으니
# $N$개 기울기의 합을 받습니다. 평균이 아니고 합입니다: 배치 평균은 손실(5절)이 이미 $1/N$으로 했습니다.
# 같은 이유로 $dW = X^T \cdot dY = \sum_n \vec x_n^T \vec{dy}_n$도 샘플별 외적의 합입니다.
#
# ## 4. The Affine layer
#
# ### 4.1 The forward pass and the shape of the weights
#
# The Affine layer computes the weighted sum $Y = X \cdot W + B$ (lecture 001). Like "Deep Learning from
# Scratch" and lecture 001, this assignment uses batches with **one sample per row**:
#
# - `x`: $(N, D)$ — $N$ samples of $D$ inputs; $(D,)$ for a single sample.
# - `W`: $(D, M)$, `b`: $(M,)$, the output `out`: $(N, M)$ ($(M,)$ for a single sample).
#
# Lectures 000 and 003 write $\vec z = W \vec x + \vec b$ with column vectors and a $W$ of shape $(M, D)$
# (one row per output). It is the same computation; our `W` is the transpose $W^T$ of that matrix. For
# example, lecture 003's "computing a loss" has $W = \begin{bmatrix} 0.2 & 0.1 \\ 0.3 & 0.4 \end{bmatrix}$,
# $z = [0.5, 0.1]$, $b = [0.7, 0.2]$ and gets $a = Wz + b = [0.81, 0.39]$. With our Affine layer that is
# `Affine(W.T, b).forward(z)`.
#
# ### 4.2 The backward pass: match the shapes and the formula appears
#
# Differentiating $Y_{nm} = \sum_d X_{nd} W_{dm} + b_m$ element by element,
#
# $$\frac{\partial L}{\partial X_{nd}} = \sum_m \frac{\partial L}{\partial Y_{nm}} W_{dm}, \qquad
#   \frac{\partial L}{\partial W_{dm}} = \sum_n X_{nd} \frac{\partial L}{\partial Y_{nm}}, \qquad
#   \frac{\partial L}{\partial b_m} = \sum_n \frac{\partial L}{\partial Y_{nm}},$$
#
# which as matrices is (lecture 001)
#
# $$\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} \cdot W^T, \qquad
#   \frac{\partial L}{\partial W} = X^T \cdot \frac{\partial L}{\partial Y}, \qquad
#   \frac{\partial L}{\partial B} = \text{the sum of } \frac{\partial L}{\partial Y} \text{ over axis 0}.$$
#
# **Erratum**: the second formula on the slide of lecture 001 has $\partial L/\partial X$ on its left-hand
# side; it is $\partial L/\partial W$ (the shape table right below it gives $(2, 3)$, the shape of $W$).
#
# Lecture 001's tip: **a gradient has the shape of its variable.** `X.shape == dX.shape`,
# `W.shape == dW.shape`. Following the shapes for a single sample ($D = 2$, $M = 3$) and for a batch of $N$:
#
# | formula | single sample | batch |
# |---|---|---|
# | $\dfrac{\partial L}{\partial X} = \dfrac{\partial L}{\partial Y} \cdot W^T$ | $(2,) = (3,) \cdot (3, 2)$ | $(N, 2) = (N, 3) \cdot (3, 2)$ |
# | $\dfrac{\partial L}{\partial W} = X^T \cdot \dfrac{\partial L}{\partial Y}$ | $(2, 3) = (2, 1) \cdot (1, 3)$ | $(2, 3) = (2, N) \cdot (N, 3)$ |
# | $\dfrac{\partial L}{\partial B} = \sum_n \dfrac{\partial L}{\partial Y_n}$ | $(3,) = (3,)$ | $(3,) =$ sum of $(N, 3)$ over axis 0 |
#
# The only way to make $(D, M)$ out of $(N, D)$ and $(N, M)$ is $X^T \cdot dY$; $dY^T \cdot X$ is $(M, D)$,
# the transposed answer. For a single sample, `x.T` of a 1-D `x` is `x` itself, so to get
# $(2, 1) \cdot (1, 3)$ make it 2-D (`x.reshape(1, -1)`) or use the outer product `np.outer`.
#
# **Why is $dB$ a sum?** The bias $b$ is added to all $N$ rows of the batch. As in section 1.4, a variable
# used $N$ times receives the sum of $N$ gradients. A sum, not a mean: the batch mean was already taken
# by the loss (section 5), whose gradient carries the $1/N$. For the same reason
# $dW = X^T \cdot dY = \sum_n \vec x_n^T \vec{dy}_n$ is a sum of per-sample outer products.

# %% solution="Affine"

# %% tests="Affine"
# 강의 003의 예: a = W z + b = [0.81, 0.39]. 우리의 W는 강의 W의 전치입니다.
# Lecture 003's example: a = W z + b = [0.81, 0.39]. Our W is the transpose of the lecture's W.
W_lecture = np.array([[0.2, 0.1], [0.3, 0.4]])
z = np.array([0.5, 0.1])
b = np.array([0.7, 0.2])
layer = Affine(W_lecture.T, b)
a = layer.forward(z)
assert a.shape == (2,) and np.allclose(a, [0.81, 0.39]), a
assert z.shape == (2,) and np.array_equal(z, [0.5, 0.1]), "forward changed the caller's z"
# 샘플 하나의 역전파: dx = dout W^T, dW = outer(x, dout), db = dout
# Single-sample backward: dx = dout W^T, dW = outer(x, dout), db = dout
dout = np.array([1.0, -1.0])
dx = layer.backward(dout)
assert dx.shape == (2,) and np.allclose(dx, [-0.1, -0.3]), dx
assert layer.dW.shape == (2, 2) and np.allclose(layer.dW, [[0.5, -0.5], [0.1, -0.1]]), layer.dW
assert layer.db.shape == (2,) and np.allclose(layer.db, [1.0, -1.0]), layer.db

# 강의 001의 모양: D = 2, M = 3, 배치 N = 4
# Lecture 001's shapes: D = 2, M = 3, a batch of N = 4
X = np.arange(8.0).reshape(4, 2) / 10
W = np.arange(6.0).reshape(2, 3) / 10
b = np.array([0.1, 0.2, 0.3])
dY = np.ones((4, 3))
X_before, dY_before = X.copy(), dY.copy()
layer = Affine(W, b)
Y = layer.forward(X)
assert Y.shape == (4, 3) and np.allclose(Y, X @ W + b)
dX = layer.backward(dY)
assert dX.shape == (4, 2) and np.allclose(dX, [[0.3, 1.2]] * 4), dX        # each row: W summed over M
assert layer.dW.shape == (2, 3) and np.allclose(layer.dW, [[1.2] * 3, [1.6] * 3]), layer.dW  # X summed over N
assert layer.db.shape == (3,) and np.allclose(layer.db, [4.0, 4.0, 4.0]), layer.db  # a sum over N = 4, not a mean
assert np.array_equal(X, X_before) and np.array_equal(dY, dY_before), "an input array was modified"
print("Affine: OK")

# %% [markdown]
# ## 5. Softmax-with-Loss 계층
#
# 분류 신경망의 마지막은 소프트맥스와 교차 엔트로피 손실입니다 (ps1). 점수(로짓) $\vec a$에 대해
#
# $$y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)}, \qquad L = -\sum_k t_k \ln y_k,$$
#
# 배치에서는 샘플별 손실의 평균 $L = \frac1N \sum_n L_n$입니다. 로그는 자연로그입니다.
#
# **역전파가 $y - t$인 이유.** $\partial L/\partial y_j = -t_j / y_j$이고, 소프트맥스의 국소 기울기는
# $\partial y_j/\partial a_k = y_j(\delta_{jk} - y_k)$입니다 ($\delta_{jk}$는 $j = k$이면 1, 아니면 0).
# 연쇄법칙으로 $j$에 대해 모두 더하면 (모든 $y_j$가 $a_k$에 의존하므로 1.4절처럼 합입니다)
#
# $$\frac{\partial L}{\partial a_k} = \sum_j \left(-\frac{t_j}{y_j}\right) y_j (\delta_{jk} - y_k)
#   = -t_k + y_k \sum_j t_j = y_k - t_k,$$
#
# 마지막 등식은 $\sum_j t_j = 1$ (원-핫) 덕분입니다. 강의 000의 $(\hat y_k - y_k)$, 강의 001의
# 「Softmax 결과와 정답 레이블의 차분」이 이것입니다. 복잡한 두 계층이 합쳐져 이렇게 깔끔해집니다.
# 손실이 배치 **평균**이므로 샘플마다 기울기에 $1/N$이 붙습니다:
#
# $$\frac{\partial L}{\partial A} = \frac{Y - T}{N}, \qquad \text{상류 기울기가 } d \text{이면 } d \cdot \frac{Y - T}{N}.$$
#
# 구현할 때:
#
# - 소프트맥스는 각 **행**의 최댓값을 빼고 계산합니다 (결과는 같고, $\exp$에서 오버플로가 일어나지 않습니다). 정규화는
#   행마다(클래스 축, `axis=-1`) 합니다. 0축으로 더하면 배치를 가로질러 정규화하게 됩니다.
# - `t`는 원-핫 (모양이 `x`와 같음)이거나 정수 레이블 (모양 $(N,)$, 샘플 하나면 스칼라)입니다. 둘 다 받으세요.
# - $N$은 배치의 샘플 수입니다. 1차원 `x` $(K,)$는 샘플 하나이므로 $N = 1$입니다 (`x.shape[0]`은 $K$입니다!).
# - $\ln 0$을 피하려고 로그 안에 $\varepsilon \le 10^{-7}$을 더해도 됩니다.
# - `backward(dout=1)`은 `dout`을 곱해야 합니다. 「밑바닥부터 시작하는 딥러닝」의 코드는 `dout`을 무시하는데,
#   손실이 그래프의 끝일 때만 맞습니다.
#
# ## 5. The Softmax-with-Loss layer
#
# A classification network ends with the softmax and the cross-entropy loss (ps1). For scores (logits)
# $\vec a$,
#
# $$y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)}, \qquad L = -\sum_k t_k \ln y_k,$$
#
# and for a batch, the mean of the per-sample losses, $L = \frac1N \sum_n L_n$. The log is the natural log.
#
# **Why the backward pass is $y - t$.** $\partial L/\partial y_j = -t_j / y_j$, and the local gradient of
# the softmax is $\partial y_j/\partial a_k = y_j(\delta_{jk} - y_k)$ ($\delta_{jk}$ is 1 if $j = k$, else 0).
# By the chain rule, summing over $j$ (every $y_j$ depends on $a_k$, so it is a sum as in section 1.4),
#
# $$\frac{\partial L}{\partial a_k} = \sum_j \left(-\frac{t_j}{y_j}\right) y_j (\delta_{jk} - y_k)
#   = -t_k + y_k \sum_j t_j = y_k - t_k,$$
#
# the last step because $\sum_j t_j = 1$ (one-hot). This is the $(\hat y_k - y_k)$ of lecture 000 and
# "the difference between the softmax output and the label" of lecture 001: two complicated layers
# combine into something this simple. The loss is the batch **mean**, so each sample's gradient carries
# a $1/N$:
#
# $$\frac{\partial L}{\partial A} = \frac{Y - T}{N}, \qquad \text{and } d \cdot \frac{Y - T}{N} \text{ for an upstream gradient } d.$$
#
# When implementing it:
#
# - Compute the softmax after subtracting each **row's** maximum (same result, and $\exp$ cannot
#   overflow). Normalise per row (the class axis, `axis=-1`); summing over axis 0 would normalise across
#   the batch.
# - `t` is one-hot (the shape of `x`) or integer labels (shape $(N,)$, a scalar for a single sample).
#   Accept both.
# - $N$ is the number of samples. A 1-D `x` of shape $(K,)$ is one sample, so $N = 1$ (`x.shape[0]` is
#   $K$!).
# - You may add an $\varepsilon \le 10^{-7}$ inside the log to avoid $\ln 0$.
# - `backward(dout=1)` must multiply by `dout`. The code of "Deep Learning from Scratch" ignores `dout`,
#   which is right only when the loss is the end of the graph.
#
# **오류 정정 / Errata** (COURSE.md): 강의 003의 「Loss 계산해 보기」는 $e^{0.39} \approx 0.48$로 계산했지만
# $e^{0.39} \approx 1.477$이므로 소프트맥스는 $[0.8, 0.2]$가 아니라 $\approx [0.6035, 0.3965]$이고, 교차 엔트로피는
# $\approx 0.5050$입니다. 연습문제 1의 풀이는 상용로그를 써서 $0.4318$을 얻었지만, 자연로그로는
# $-\ln 0.3682 \approx 0.9992$입니다. Lecture 003's "computing a loss" used $e^{0.39} \approx 0.48$, but
# $e^{0.39} \approx 1.477$, so the softmax is $\approx [0.6035, 0.3965]$, not $[0.8, 0.2]$, and the
# cross-entropy is $\approx 0.5050$. The solution of exercise 1 used log base 10 and got $0.4318$; with the
# natural log it is $-\ln 0.3682 \approx 0.9992$.

# %% solution="SoftmaxWithLoss"

# %% tests="SoftmaxWithLoss"
# 강의 003: 고양이 1.5, 개 3.7 -> softmax ~ [0.0998, 0.9002] (슬라이드는 반올림해서 0.1, 0.9)
# Lecture 003: cat 1.5, dog 3.7 -> softmax ~ [0.0998, 0.9002] (the slide rounds to 0.1, 0.9)
scores = np.array([1.5, 3.7])
layer = SoftmaxWithLoss()
loss = layer.forward(scores, np.array([1.0, 0.0]))     # 정답: 고양이 / label: cat (one-hot)
assert np.isclose(loss, -np.log(0.0998), atol=1e-3), loss
dx = layer.backward()
assert dx.shape == (2,) and np.allclose(dx, [0.0998 - 1, 0.9002], atol=1e-4), dx  # y - t, N = 1
layer = SoftmaxWithLoss()
assert np.isclose(layer.forward(scores, 0), loss)     # 정수 레이블 / integer label

# 정정된 값: a = [0.81, 0.39] -> CE ~ 0.5050; 연습문제 1: a = [0.48, 1.02] -> CE ~ 0.9992
# Corrected values: a = [0.81, 0.39] -> CE ~ 0.5050; exercise 1: a = [0.48, 1.02] -> CE ~ 0.9992
A = np.array([[0.81, 0.39], [0.48, 1.02]])
T = np.array([[1.0, 0.0], [1.0, 0.0]])
A_before, T_before = A.copy(), T.copy()
for labels in (T, np.array([0, 0])):
    layer = SoftmaxWithLoss()
    loss = layer.forward(A, labels)
    assert np.isclose(loss, (0.5050 + 0.9992) / 2, atol=1e-4), loss   # 배치 평균 / batch mean
    dX = layer.backward()
    assert dX.shape == (2, 2)
    assert np.allclose(dX, np.array([[0.6035 - 1, 0.3965], [0.3682 - 1, 0.6318]]) / 2, atol=1e-4), dX  # (Y - T) / N
    assert np.allclose(layer.backward(2.0), 2 * dX)    # dout을 곱함 / multiplied by dout
assert np.array_equal(A, A_before) and np.array_equal(T, T_before), "an input array was modified"
print("SoftmaxWithLoss: OK")

# %% [markdown]
# ## 6. 수치 미분과 기울기 확인
#
# ### 6.1 중심 차분
#
# 미분의 정의는 $\dfrac{d}{dx}f(x) = \displaystyle\lim_{h \to 0} \frac{f(x + h) - f(x)}{h}$입니다 (강의 003).
# 컴퓨터에서는 $h$를 0으로 보낼 수 없으니 작은 $h$를 씁니다. 그런데 이 **전방 차분**은 $x$와 $x + h$ 사이의
# 기울기이지 $x$에서의 기울기가 아니어서, 오차가 $h$에 비례합니다 (테일러 전개의 $\tfrac{h}{2}f''(x)$).
# $x$를 가운데 두는 **중심 차분**
#
# $$\frac{f(x + h) - f(x - h)}{2h} = f'(x) + \frac{h^2}{6}f'''(x) + \cdots$$
#
# 은 $h^2$에 비례하는 오차만 남깁니다. $h$를 너무 작게 하면 (예: $10^{-50}$) 반올림 오차 때문에 오히려
# 틀어지므로 $h = 10^{-4}$ 정도를 씁니다.
#
# `numerical_gradient(f, x, h=1e-4)`는 배열 `x`의 원소 하나하나에 대해 중심 차분을 계산해서 `x`와 같은 모양의
# 배열을 돌려줍니다. `f`는 `x`를 받아 실수 하나를 돌려주는 함수입니다. 1차원이든 2차원이든 처리하세요
# (`np.ndindex(x.shape)`, `np.nditer`, 또는 `x.size`에 대한 반복). 원소를 잠시 `x[i] + h`로 바꿔 `f`를 부르는
# 방식(「밑바닥부터 시작하는 딥러닝」)이라면, 끝나기 전에 **원래 값으로 되돌려** 놓아야 합니다.
# 함수가 끝났을 때 `x`는 처음과 같아야 합니다.
#
# ## 6. Numerical gradients and gradient checking
#
# ### 6.1 Central differences
#
# The derivative is defined as $\dfrac{d}{dx}f(x) = \displaystyle\lim_{h \to 0} \frac{f(x + h) - f(x)}{h}$
# (lecture 003). A computer cannot let $h$ go to 0, so it uses a small $h$. But this **forward
# difference** is the slope between $x$ and $x + h$, not the slope at $x$, and its error is proportional
# to $h$ (the $\tfrac{h}{2}f''(x)$ of the Taylor expansion). The **central difference**, with $x$ in the
# middle,
#
# $$\frac{f(x + h) - f(x - h)}{2h} = f'(x) + \frac{h^2}{6}f'''(x) + \cdots$$
#
# leaves only an error proportional to $h^2$. Too small an $h$ (say $10^{-50}$) goes wrong the other way,
# through rounding, so $h = 10^{-4}$ or so is used.
#
# `numerical_gradient(f, x, h=1e-4)` computes the central difference for each element of the array `x`
# and returns an array of the shape of `x`. `f` is a function that takes `x` and returns one number.
# Handle 1-D and 2-D `x` (`np.ndindex(x.shape)`, `np.nditer`, or a loop over `x.size`). If you change
# an element to `x[i] + h` for a moment before calling `f` (as "Deep Learning from Scratch" does),
# **put the original value back** before you move on: when the function returns, `x` must be as it was.

# %% demo=true
# 전방 차분과 중심 차분의 오차: f(x) = x^3, x = 2, f'(2) = 12
# Error of the forward and the central difference: f(x) = x^3 at x = 2, f'(2) = 12
def cube(v):
    return v**3


print("      h    forward error    central error")
for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-12]:
    forward = (cube(2 + h) - cube(2)) / h
    central = (cube(2 + h) - cube(2 - h)) / (2 * h)
    print(f"{h:7.0e}    {abs(forward - 12):13.2e}    {abs(central - 12):13.2e}")
# 전방 차분의 오차는 h에 비례(6h), 중심 차분은 h^2에 비례(h^2)합니다. h가 너무 작으면 반올림 오차가 커집니다.
# The forward error goes like h (6h), the central error like h^2 (h^2); for a tiny h rounding takes over.

# %% solution="numerical_gradient"

# %% tests="numerical_gradient"
# 「밑바닥부터 시작하는 딥러닝」의 f(x0, x1) = x0^2 + x1^2: (3, 4)에서 기울기 (6, 8)
# f(x0, x1) = x0^2 + x1^2 of "Deep Learning from Scratch": gradient (6, 8) at (3, 4)
def sum_of_squares(v):
    return np.sum(v**2)


x = np.array([3.0, 4.0])
x_before = x.copy()
grad = numerical_gradient(sum_of_squares, x)
assert grad.shape == (2,) and np.allclose(grad, [6.0, 8.0], atol=1e-6), grad
assert np.allclose(x, x_before, rtol=0, atol=1e-12), "x was not put back"
assert np.allclose(numerical_gradient(sum_of_squares, np.array([0.0, 2.0])), [0.0, 4.0], atol=1e-6)

# 2차원, 그리고 중심 차분인지 확인: f = sum(x^3)의 기울기는 3x^2 (전방 차분이면 약 3xh만큼 틀림)
# 2-D, and a central difference: f = sum(x^3) has gradient 3x^2 (a forward difference is off by about 3xh)
X = np.array([[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]])
X_before = X.copy()
grad = numerical_gradient(lambda v: np.sum(v**3), X)
assert grad.shape == (2, 3) and np.allclose(grad, 3 * X_before**2, rtol=0, atol=1e-6), grad
assert np.allclose(X, X_before, rtol=0, atol=1e-12), "x was not put back"
print("numerical_gradient: OK")

# %% [markdown]
# ### 6.2 기울기 확인: 내 계층이 맞는지 디버깅하기
#
# 역전파로 구한 기울기를 수치 미분과 비교하는 것을 **기울기 확인**(gradient check)이라고 합니다. 계층의
# `backward(dout)`이 계산하는 것은 스칼라 $f(x) = \sum (\text{forward}(x) \odot \text{dout})$의 기울기입니다
# (`dout`이 $\partial f/\partial(\text{출력})$이 되도록 고른 $f$). 그러니 이 $f$를 `numerical_gradient`에
# 넣어 나온 값과 `backward(dout)`을 `rel_error`로 비교하면 됩니다. 맞으면 $10^{-7}$보다 작습니다.
#
# 몇 가지 요령:
#
# - 정사각이 아닌 모양($N \ne D \ne M$)과 $N \ge 3$을 쓰세요. 정사각 행렬에서는 전치 실수가 숨습니다.
# - 시그모이드와 tanh는 $|x| \ge 2$ 같은 값에서도 확인하세요. $x$가 0 근처면 $\tanh x \approx x$라서
#   입력으로 미분한 실수가 숨습니다.
# - ReLU는 꺾이는 점 $x = 0$에서 미분할 수 없으므로 수치 미분과 비교하지 마세요 ($x \pm h$가 0을 가로지르면
#   수치 미분은 $1/2$쯤이 나옵니다). $x = 0$은 규칙(기울기 0)으로 따로 확인합니다.
# - 역전파 뒤에 입력 배열이 그대로인지도 확인하세요.
#
# ### 6.2 Gradient checking: debugging your own layers
#
# Comparing the gradient from backpropagation with a numerical one is called **gradient checking**. What a
# layer's `backward(dout)` computes is the gradient of the scalar
# $f(x) = \sum (\text{forward}(x) \odot \text{dout})$ (the $f$ chosen so that `dout` is
# $\partial f/\partial(\text{output})$). So put this $f$ into `numerical_gradient` and compare the result
# with `backward(dout)` using `rel_error`. When they agree it is below $10^{-7}$.
#
# Some tips:
#
# - Use non-square shapes ($N \ne D \ne M$) and $N \ge 3$: a square matrix hides a missing transpose.
# - Check the sigmoid and tanh at values such as $|x| \ge 2$ too: near 0, $\tanh x \approx x$, which hides
#   a derivative taken at the input.
# - Do not compare ReLU with a numerical gradient at its kink $x = 0$, where it has no derivative (when
#   $x \pm h$ straddles 0 the numerical value is about $1/2$). Check $x = 0$ separately, against the rule
#   (gradient 0).
# - Check also that the input arrays are unchanged after the backward pass.

# %% demo=true
rng = np.random.default_rng(0)
N, D, M = 4, 5, 3


def check_layer(name, layer, x):
    """Gradient check of layer.backward at x, with a random upstream gradient."""
    dout = rng.normal(size=layer.forward(x).shape)
    dx = layer.backward(dout)
    numeric = numerical_gradient(lambda v: np.sum(layer.forward(v) * dout), x.copy())
    print(f"{name:8s} dx rel_error = {rel_error(dx, numeric):.2e}")


check_layer("Sigmoid", Sigmoid(), rng.uniform(-4, 4, size=(N, D)))
check_layer("Tanh", Tanh(), rng.uniform(-3, 3, size=(N, D)))
x_away_from_kink = rng.choice([-1, 1], size=(N, D)) * rng.uniform(0.1, 2, size=(N, D))
check_layer("Relu", Relu(), x_away_from_kink)

# Affine: x, W, b 각각 / each of x, W and b
W, b, x = rng.normal(size=(D, M)), rng.normal(size=M), rng.normal(size=(N, D))
dout = rng.normal(size=(N, M))
affine = Affine(W, b)
affine.forward(x)
dx = affine.backward(dout)
print("Affine   dx rel_error =", f"{rel_error(dx, numerical_gradient(lambda v: np.sum((v @ W + b) * dout), x.copy())):.2e}")
print("Affine   dW rel_error =", f"{rel_error(affine.dW, numerical_gradient(lambda v: np.sum((x @ v + b) * dout), W.copy())):.2e}")
print("Affine   db rel_error =", f"{rel_error(affine.db, numerical_gradient(lambda v: np.sum((x @ W + v) * dout), b.copy())):.2e}")

# Softmax-with-Loss: 손실 자체가 스칼라 / the loss itself is the scalar
scores, labels = rng.normal(size=(N, M)), rng.integers(0, M, size=N)
swl = SoftmaxWithLoss()
swl.forward(scores, labels)
dx = swl.backward()
numeric = numerical_gradient(lambda v: SoftmaxWithLoss().forward(v, labels), scores.copy())
print(f"SoftmaxWithLoss dx rel_error = {rel_error(dx, numeric):.2e}")

# %% [markdown]
# 기울기 확인은 틀린 역전파를 바로 잡아냅니다. 예를 들어 시그모이드의 역전파에서 저장한 출력 대신 입력
# $x$로 $x(1-x)$를 계산하면:
#
# A gradient check catches a wrong backward pass at once. For example, a sigmoid whose backward pass
# computes $x(1-x)$ with the input $x$ instead of the stored output:

# %% demo=true
class SigmoidWithABug(Sigmoid):
    def forward(self, x):
        self.x = x
        return super().forward(x)

    def backward(self, dout):
        return dout * self.x * (1 - self.x)  # the bug: the input instead of the output


check_layer("buggy", SigmoidWithABug(), rng.uniform(-4, 4, size=(N, D)))

# %% [markdown]
# ### 6.3 계층을 이어 붙이기
#
# 강의 000의 마지막 관찰: 이 계층들을 조합하면 더 깊은 신경망이 됩니다. Affine → ReLU → Affine →
# Softmax-with-Loss를 잇고, 순전파는 앞에서부터, 역전파는 뒤에서부터 각 계층의 `backward`를 부릅니다.
# 역전파로 구한 첫 번째 층의 가중치 기울기 $\partial L/\partial W_1$을, $W_1$을 받아 손실을 돌려주는 함수의
# 수치 미분과 비교해 봅니다. (ps4에서 이 신경망을 학습시킵니다.)
#
# ### 6.3 Putting layers together
#
# Lecture 000's closing remark: these layers combine into deeper networks. Chain Affine → ReLU → Affine →
# Softmax-with-Loss, run the forward pass front to back and call each layer's `backward` back to front.
# Compare the gradient $\partial L/\partial W_1$ of the first layer's weights, found by backpropagation,
# with the numerical gradient of a function that takes $W_1$ and returns the loss. (ps4 trains this
# network.)

# %% demo=true
N, D, H, K = 5, 4, 6, 3
W1, b1 = rng.normal(size=(D, H)), rng.normal(size=H)
W2, b2 = rng.normal(size=(H, K)), rng.normal(size=K)
x, t = rng.normal(size=(N, D)), rng.integers(0, K, size=N)


def network_loss(W1_value, keep=None):
    """Forward pass of Affine -> Relu -> Affine -> SoftmaxWithLoss with first-layer weights W1_value."""
    layers = [Affine(W1_value, b1), Relu(), Affine(W2, b2), SoftmaxWithLoss()]
    out = x
    for layer in layers[:-1]:
        out = layer.forward(out)
    loss = layers[-1].forward(out, t)
    if keep is not None:
        keep.extend(layers)
    return loss


layers = []
W1_before = W1.copy()
loss = network_loss(W1, keep=layers)
dout = layers[-1].backward()          # dL/dscores, (N, K)
for layer in reversed(layers[:-1]):   # Affine2, Relu, Affine1
    dout = layer.backward(dout)
numeric_dW1 = numerical_gradient(network_loss, W1)
print(f"loss = {loss:.4f}")
print(f"two-layer net dW1 rel_error = {rel_error(layers[0].dW, numeric_dW1):.2e}")
print("W1 unchanged:", np.allclose(W1, W1_before, rtol=0, atol=1e-12))
