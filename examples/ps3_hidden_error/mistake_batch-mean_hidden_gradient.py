# expect: hidden_gradient=batch-mean
# why: averages the loss over the samples (divides by N) although the assignment defines it summed, so each column's gradient is its own.

def hidden_gradient(W, a_hidden, a_out, target):
    delta = (a_out - target) * a_out * (1 - a_out)
    n_samples = a_out.shape[1] if a_out.ndim == 2 else 1
    return W.T @ delta / n_samples
