# expect: split_error_proportional=mutates-input
# why: normalises the rows of W in place with /=, so the caller's weights are changed.

def split_error_proportional(W, e_out):
    W /= W.sum(axis=1, keepdims=True)
    return W.T @ e_out
