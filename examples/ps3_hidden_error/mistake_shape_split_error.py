# expect: split_error=shape
# why: writes the error as a row vector, e_out @ W, which equals W^T e for 1-D errors but not for a (n_out, N) batch.

def split_error(W, e_out):
    return e_out @ W
