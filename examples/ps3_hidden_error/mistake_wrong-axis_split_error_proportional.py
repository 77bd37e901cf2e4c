# expect: split_error_proportional=wrong-axis
# why: normalises by the column sums W.sum(axis=0) instead of the row sums (weights into each output).

def split_error_proportional(W, e_out):
    shares = W / W.sum(axis=0)
    return shares.T @ e_out
