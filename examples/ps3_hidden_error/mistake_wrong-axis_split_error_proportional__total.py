# expect: split_error_proportional=wrong-axis
# why: W.sum() without an axis divides every weight by the total of all weights instead of its output's row sum.

def split_error_proportional(W, e_out):
    shares = W / W.sum()
    return shares.T @ e_out
