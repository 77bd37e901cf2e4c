# expect: split_error_proportional=wrong-axis
# why: W / W.sum(axis=1) without keepdims divides W[j, i] by the sum of row i (crashes if W is not square).

def split_error_proportional(W, e_out):
    shares = W / W.sum(axis=1)
    return shares.T @ e_out
