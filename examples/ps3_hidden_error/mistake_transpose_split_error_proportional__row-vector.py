# expect: split_error_proportional=transpose
# why: e_out.T @ shares with no transpose back, so a 2-D error comes out (N, n_hidden).

def split_error_proportional(W, e_out):
    shares = W / W.sum(axis=1, keepdims=True)
    return e_out.T @ shares
