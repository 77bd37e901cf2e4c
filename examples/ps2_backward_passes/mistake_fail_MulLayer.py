# expect: MulLayer=fail
# why: backward does not swap the inputs (dx = dout * x, dy = dout * y), forgetting that dz/dx = y.


class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.x
        dy = dout * self.y
        return dx, dy
