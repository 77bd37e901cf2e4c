# expect: split_error_proportional=not-normalized
# why: jumps straight to the simplified W^T e, never dividing by the sum of each output's incoming weights.

def split_error_proportional(W, e_out):
    return W.T @ e_out
