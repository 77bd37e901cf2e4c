# expect: split_error=transpose
# why: W @ e_out as in the forward pass, missing the transpose (fails on non-square W, wrong values on square W).

def split_error(W, e_out):
    return W @ e_out
