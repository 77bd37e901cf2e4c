# expect: full
# why: Every function written with explicit Python loops over samples and classes instead of vectorised NumPy.
import math

import numpy as np


def _rows_and_classes(scores, t):
    """Local helper of this submission: (list of rows, list of correct class indices)."""
    scores = np.asarray(scores, dtype=float)
    t = np.asarray(t)
    rows = [scores] if scores.ndim == 1 else [scores[n] for n in range(scores.shape[0])]
    if t.shape == scores.shape:
        labels = [t] if t.ndim == 1 else [t[n] for n in range(t.shape[0])]
        classes = []
        for one_hot in labels:
            for k in range(len(one_hot)):
                if one_hot[k] == 1:
                    classes.append(k)
    else:
        classes = [int(c) for c in np.atleast_1d(t)]
    return rows, classes


def softmax(a):
    a = np.asarray(a, dtype=float)
    out = np.zeros_like(a)
    rows = [()] if a.ndim == 1 else [(n,) for n in range(a.shape[0])]
    for r in rows:
        row = a[r]
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        for k in range(len(exps)):
            out[r + (k,)] = exps[k] / total
    return out


def cross_entropy_error(y, t):
    rows, classes = _rows_and_classes(y, t)
    total = 0.0
    for row, c in zip(rows, classes):
        total += -math.log(row[c])
    return total / len(rows)


def binary_cross_entropy(y_hat, y):
    y_hat = np.atleast_1d(np.asarray(y_hat, dtype=float))
    y = np.atleast_1d(np.asarray(y, dtype=float))
    total = 0.0
    for p, label in zip(y_hat, y):
        if label == 1:
            total += -math.log(p)
        else:
            total += -math.log(1 - p)
    return total / len(y_hat)


def mean_squared_error(y, t):
    rows, classes = _rows_and_classes(y, t)
    total = 0.0
    for row, c in zip(rows, classes):
        for k in range(len(row)):
            target = 1.0 if k == c else 0.0
            total += 0.5 * (row[k] - target) ** 2
    return total / len(rows)


def softmax_loss(z, t):
    rows, classes = _rows_and_classes(z, t)
    total = 0.0
    for row, c in zip(rows, classes):
        m = max(row)
        log_sum_exp = m + math.log(sum(math.exp(v - m) for v in row))
        total += log_sum_exp - row[c]
    return total / len(rows)


def softmax_loss_grad(z, t):
    z = np.asarray(z, dtype=float)
    rows, classes = _rows_and_classes(z, t)
    N = len(rows)
    grad = np.zeros((N, z.shape[-1]))
    for n, (row, c) in enumerate(zip(rows, classes)):
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        for k in range(len(row)):
            grad[n, k] = (exps[k] / total - (1.0 if k == c else 0.0)) / N
    return grad.reshape(z.shape)
