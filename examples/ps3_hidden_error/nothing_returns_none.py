# expect: zero
# why: every graded function is defined and returns None: no value computed, so no point, not even for "inputs unchanged".


def output_error(target, output):
    return None


def split_error_proportional(W, e_out):
    return None


def split_error(W, e_out):
    return None


def backpropagate_errors(weights, e_out):
    return None


def hidden_gradient(W, a_hidden, a_out, target):
    return None
