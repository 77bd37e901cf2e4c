# expect: zero
# why: every graded function is defined and returns None: no value computed, so no point, not even for "inputs unchanged".


def softmax(a):
    return None


def cross_entropy_error(y, t):
    return None


def binary_cross_entropy(y_hat, y):
    return None


def mean_squared_error(y, t):
    return None


def softmax_loss(z, t):
    return None


def softmax_loss_grad(z, t):
    return None
