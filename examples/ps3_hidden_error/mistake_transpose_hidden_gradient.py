# expect: hidden_gradient=transpose
# why: the chain rule through z = W a written as W @ delta instead of W.T @ delta.

def hidden_gradient(W, a_hidden, a_out, target):
    delta = (a_out - target) * a_out * (1 - a_out)
    return W @ delta
