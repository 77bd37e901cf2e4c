# expect: backpropagate_errors=fail
# why: puts the caller's e_out itself (not a copy) at the end of the returned list.

def backpropagate_errors(weights, e_out):
    errors = [e_out]
    for W in reversed(weights[1:]):
        errors.insert(0, W.T @ errors[0])
    return errors
