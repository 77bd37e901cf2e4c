# expect: hidden_gradient=fail
# why: stops at the split error and forgets the sigmoid's derivative a_out (1 - a_out) between the loss and z.

def hidden_gradient(W, a_hidden, a_out, target):
    return W.T @ (a_out - target)
