"""Reference solution for ps3_hidden_error (lecture 002, 역전파 1).

Notation of "Make Your Own Neural Network", as fixed in COURSE.md:

- W has shape (n_out, n_hidden); W[j, i] is the weight of the link from
  hidden node i to output node j, so the forward pass is z = W @ a_hidden.
- An error is 1-D, shape (n,), or 2-D, shape (n, N), with one column per
  sample.
- No function writes into an array it was given.
"""

import numpy as np


def sigmoid(z):
    """
    The logistic sigmoid 1 / (1 + exp(-z)), element by element.
    시그모이드 함수 (원소별).

    Inputs:
    - z: A numpy array of any shape (or a float).

    Returns:
    - An array of the same shape as z, with values in (0, 1).
    """
    z = np.asarray(z, dtype=float)
    # exp(-|z|) never overflows; the two branches are the same function.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def output_error(target, output):
    """
    The error of the output layer, e = target - output (정답 - 출력).

    Inputs:
    - target: A numpy array of targets y, of shape (n_out,) or (n_out, N).
    - output: A numpy array of the network's outputs y_hat, of the same shape.

    Returns:
    - e_out: A numpy array of shape like output: target - output.
      Positive where the output is too small.
    """
    target = np.asarray(target, dtype=float)
    output = np.asarray(output, dtype=float)
    return target - output


def split_error_proportional(W, e_out):
    """
    Share each output's error among its incoming links, in proportion to
    their weights (가중치에 비례해서 출력 오차를 은닉 노드에 나누기):

        e_hidden[i] = sum_j e_out[j] * W[j, i] / sum_k W[j, k]

    Inputs:
    - W: A numpy array of weights, of shape (n_out, n_hidden);
      W[j, i] links hidden node i to output node j.
    - e_out: A numpy array of output errors, of shape (n_out,) or (n_out, N)
      (one column per sample).

    Returns:
    - e_hidden: A numpy array of shape (n_hidden,) or (n_hidden, N).

    If the weights into some output sum to 0 its shares are undefined; this
    reference raises ValueError then. (The checks use positive weights only,
    so your version need not handle that case.)
    """
    W = np.asarray(W, dtype=float)
    e_out = np.asarray(e_out, dtype=float)
    row_sums = W.sum(axis=1, keepdims=True)  # (n_out, 1): total weight into output j
    if np.any(row_sums == 0):
        raise ValueError("the weights into some output sum to 0: no proportions to share by")
    shares = W / row_sums  # shares[j, i] = W[j, i] / sum_k W[j, k]; each row sums to 1
    return shares.T @ e_out


def split_error(W, e_out):
    """
    The simplified split with the denominators dropped (단순화):
    e_hidden = W^T . e_out, i.e. e_hidden[i] = sum_j W[j, i] * e_out[j].

    Inputs:
    - W: A numpy array of weights, of shape (n_out, n_hidden);
      W[j, i] links hidden node i to output node j.
    - e_out: A numpy array of output errors, of shape (n_out,) or (n_out, N)
      (one column per sample).

    Returns:
    - e_hidden: A numpy array of shape (n_hidden,) or (n_hidden, N).
    """
    W = np.asarray(W, dtype=float)
    e_out = np.asarray(e_out, dtype=float)
    return W.T @ e_out


def backpropagate_errors(weights, e_out):
    """
    Send the output error back through every layer (일반화):
    E^[l] = W^[l+1]^T . E^[l+1].

    Inputs:
    - weights: A list [W_1, ..., W_L] of numpy arrays; W_l has shape
      (n_l, n_{l-1}) and links layer l-1 to layer l (layer 0 is the input).
      W_1 is not needed for the errors (e_1 is the last one computed), but it
      is part of the list so that the list describes the whole network.
    - e_out: A numpy array, the error of the output layer L, of shape
      (n_L,) or (n_L, N) (one column per sample).

    Returns:
    - errors: A list [e_1, ..., e_L] of numpy arrays, e_l of shape (n_l,) or
      (n_l, N). e_L is a copy of e_out (never the caller's array itself), and
      e_l = W_{l+1}^T . e_{l+1} for l = L-1, ..., 1.
    """
    if len(weights) == 0:
        raise ValueError("weights must hold at least one matrix")
    e = np.array(e_out, dtype=float)  # e_L; np.array copies, so the caller's array is never shared
    errors = [e]
    for W in reversed(weights[1:]):  # W_L, W_{L-1}, ..., W_2
        e = np.asarray(W, dtype=float).T @ e  # e_{l} = W_{l+1}^T e_{l+1}
        errors.insert(0, e)  # keep the list in layer order e_1, ..., e_L
    return errors


def hidden_gradient(W, a_hidden, a_out, target):
    """
    The true gradient dL/da_hidden of the squared error of one sigmoid layer
    (은닉층 출력에 대한 손실의 실제 기울기):

        a_out = sigmoid(W . a_hidden)        (no bias; a bias would not change the result)
        L     = 1/2 * sum (target - a_out)^2 (summed over outputs and samples, not averaged)

    Inputs:
    - W: A numpy array of weights, of shape (n_out, n_hidden);
      W[j, i] links hidden node i to output node j.
    - a_hidden: A numpy array of hidden activations, of shape (n_hidden,) or
      (n_hidden, N) (one column per sample).
    - a_out: A numpy array, the cached output sigmoid(W . a_hidden), of shape
      (n_out,) or (n_out, N).
    - target: A numpy array of targets, of the same shape as a_out.

    Returns:
    - dL_da_hidden: A numpy array of the same shape as a_hidden. Column n is
      the gradient of sample n's loss (the samples do not interact).
      Note the sign: this is the gradient, i.e. minus the "error" direction;
      -dL_da_hidden = W^T . [(target - a_out) * a_out * (1 - a_out)].
    """
    W = np.asarray(W, dtype=float)
    a_out = np.asarray(a_out, dtype=float)
    target = np.asarray(target, dtype=float)
    # a_hidden's values are not needed: sigmoid'(z) is read off the cached
    # output as a_out * (1 - a_out), as in Sigmoid.backward of ps2.
    dL_da_out = a_out - target  # d/da_out of 1/2 (target - a_out)^2
    dL_dz = dL_da_out * a_out * (1.0 - a_out)  # chain rule through the sigmoid
    return W.T @ dL_dz  # z = W a_hidden, so dL/da_hidden = W^T dL/dz
