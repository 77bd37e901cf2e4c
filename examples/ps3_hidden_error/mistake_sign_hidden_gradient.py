# expect: hidden_gradient=sign
# why: returns the backpropagated error W^T[(t - a) a (1 - a)], which is minus the gradient asked for.

def hidden_gradient(W, a_hidden, a_out, target):
    delta = (target - a_out) * a_out * (1 - a_out)
    return W.T @ delta
