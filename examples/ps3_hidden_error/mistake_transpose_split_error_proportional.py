# expect: split_error_proportional=transpose
# why: builds the row-normalised shares correctly but multiplies shares @ e_out without transposing them.

def split_error_proportional(W, e_out):
    shares = W / W.sum(axis=1, keepdims=True)
    return shares @ e_out
