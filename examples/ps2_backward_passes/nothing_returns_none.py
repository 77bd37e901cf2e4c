# expect: zero
# why: every graded function and method is defined and returns None (computation_graph without layers too): no value computed, no point.


class MulLayer:
    def forward(self, x, y):
        return None

    def backward(self, dout):
        return None


class AddLayer(MulLayer):
    pass


def computation_graph(a, b, c):
    return None


class Relu(MulLayer):
    def forward(self, x):
        return None


class Sigmoid(Relu):
    pass


class Tanh(Relu):
    pass


class Affine(Relu):
    def __init__(self, W, b):
        self.W, self.b, self.dW, self.db = W, b, None, None


class SoftmaxWithLoss(MulLayer):
    def forward(self, x, t):
        return None

    def backward(self, dout=1):
        return None


def numerical_gradient(f, x, h=1e-4):
    return None
