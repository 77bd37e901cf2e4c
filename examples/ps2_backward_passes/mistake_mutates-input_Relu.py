# expect: Relu=mutates-input
# why: the book's Relu.backward writes zeros into dout (dout[self.mask] = 0) and returns it.


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx
