# expect: SGD=in-place
# why: params[key] = params[key] - lr * grads[key] binds a new array to the dict entry and leaves the caller's array (shared with the layers) untouched.


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]
