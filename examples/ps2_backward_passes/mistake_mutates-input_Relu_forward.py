# expect: Relu=mutates-input
# why: forward forgets the copy (out = x) and zeroes the negative entries of the caller's x in place.


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx
