# expect: full
# why: MulLayer/AddLayer that keep copies and return ones_like-scaled gradients, and a computation_graph that multiplies b * 2 in the other order.
import numpy as np


class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = np.copy(x)
        self.y = np.copy(y)
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * np.ones_like(dout), dout * np.ones_like(dout)


def computation_graph(a, b, c):
    times_two = MulLayer()
    plus = AddLayer()
    times_c = MulLayer()
    d = times_two.forward(b, 2)
    e = plus.forward(d, a)
    L = times_c.forward(e, c)
    de, dc = times_c.backward(1)
    dd, da = plus.backward(de)
    db, _ = times_two.backward(dd)
    return L, da, db, dc
