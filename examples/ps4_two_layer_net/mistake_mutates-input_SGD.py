# expect: SGD=mutates-input
# why: The gradient is scaled in place (grads[key] *= lr) before it is subtracted, so the caller's gradients are changed.


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            grads[key] *= self.lr
            params[key] -= grads[key]
