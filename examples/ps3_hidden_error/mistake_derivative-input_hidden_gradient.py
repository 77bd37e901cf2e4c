# expect: hidden_gradient=derivative-input
# why: applies the derivative formula y (1 - y) to the net input z = W a_hidden instead of to the cached output a_out.

def hidden_gradient(W, a_hidden, a_out, target):
    z = W @ a_hidden
    return W.T @ ((a_out - target) * z * (1 - z))
