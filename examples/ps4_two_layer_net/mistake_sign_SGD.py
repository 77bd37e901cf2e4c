# expect: SGD=sign
# why: SGD adds the gradient (params += lr * grad), climbing the loss instead of descending it.


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] += self.lr * grads[key]
