# expect: Relu=relu-mask
# why: the mask keeps x >= 0 (mask = x < 0 is zeroed), so the gradient leaks through where x == 0.


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x < 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx
