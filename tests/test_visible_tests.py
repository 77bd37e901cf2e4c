"""The visible test cells students run in their notebooks.

Each test cell must run after only the given cells and the student's solutions (a student
who skips the teaching cells marked demo must not get a NameError), pass with the reference,
and fail the wrong answers the course knows students write (a green notebook is trusted).
The cells run in this process on our own code (the reference and the wrong answers below).
"""

from __future__ import annotations

import contextlib
import io
import os

import matplotlib
import pytest

from autograder.course.build import build_notebook, notebook_assignments

matplotlib.use("Agg")
TASK = {"ps1_softmax_loss": "task1", "ps2_backward_passes": "task2", "ps3_hidden_error": "task3",
        "ps4_two_layer_net": "task4"}


def cells(aid: str):
    """(given and solution code, {question: test cell source}) of the reference notebook."""
    setup, tests = [], {}
    for cell in build_notebook(aid).cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            tests[meta["grade_id"]] = cell.source
        elif not cell.metadata.get("backprop_lab", {}).get("skip_in_grading"):
            setup.append(cell.source)
    return setup, tests


def run_test_cell(aid: str, question: str, tmp_path, replace: str = "") -> None:
    """Run the given cells and solutions, then `replace` (a wrong answer), then one test cell."""
    setup, tests = cells(aid)
    namespace: dict = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for source in setup:
                exec(compile(source, f"<{aid} given>", "exec"), namespace)
            if replace:
                exec(compile(replace, f"<{aid} wrong answer>", "exec"), namespace)
            exec(compile(tests[question], f"<{aid} tests {question}>", "exec"), namespace)
    finally:
        os.chdir(cwd)


ALL_TEST_CELLS = [pytest.param(aid, q, id=f"{aid}/{q}", marks=getattr(pytest.mark, TASK[aid]))
                  for aid in notebook_assignments() for q in cells(aid)[1]]


@pytest.mark.parametrize("aid,question", ALL_TEST_CELLS)
def test_each_test_cell_runs_after_only_the_given_cells_and_the_solutions(aid, question, tmp_path):
    run_test_cell(aid, question, tmp_path)


def reference_source(aid: str, name: str) -> str:
    """The reference definition of `name`, as its solution cell holds it."""
    for cell in build_notebook(aid).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{name}_solution":
            return cell.source
    raise KeyError(name)


def edited(aid: str, name: str, old: str, new: str) -> str:
    source = reference_source(aid, name)
    assert source.count(old) == 1, (name, old)
    return source.replace(old, new)


# (assignment, question, the wrong answer's code, what it is): the wrong answers the course knows
# students write and the visible tests once passed.
WRONG = [
    ("ps1_softmax_loss", "mean_squared_error", '''
def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if t.shape != y.shape:
        t = np.eye(y.shape[-1])[t]
    return float(np.mean((y - t) ** 2))
''', "np.mean((y - t)**2): equals the right value only for K = 2"),
    ("ps1_softmax_loss", "softmax", '''
def softmax(a):
    a = np.asarray(a, dtype=float)
    e = np.exp(a - np.max(a))
    return e / e.sum(axis=-1, keepdims=True)
''', "one global maximum for the whole batch"),
    ("ps3_hidden_error", "split_error", '''
def split_error(W, e_out):
    return (W / W.sum()).T @ e_out
''', "W divided by its total, which is 1.0 for the lecture's W"),
    ("ps4_two_layer_net", "TwoLayerNet", lambda: edited("ps4_two_layer_net", "TwoLayerNet", "(z1 > 0)", "(z1 >= 0)"),
     "the ReLU mask z1 >= 0"),
    ("ps4_two_layer_net", "AdaGrad", lambda: edited("ps4_two_layer_net", "AdaGrad", "/ (np.sqrt(self.h[key]) + 1e-7)",
                                                    "/ np.sqrt(self.h[key] + 1e-7)"), "ε inside the square root"),
    ("ps4_two_layer_net", "RMSprop", lambda: edited("ps4_two_layer_net", "RMSprop", "/ (np.sqrt(self.h[key]) + 1e-7)",
                                                    "/ np.sqrt(self.h[key] + 1e-7)"), "ε inside the square root"),
]


@pytest.mark.parametrize("aid,question,code,why", [
    pytest.param(*w, id=f"{w[0]}/{w[1]}: {w[3][:30]}", marks=getattr(pytest.mark, TASK[w[0]])) for w in WRONG])
def test_the_visible_tests_fail_the_known_wrong_answers(aid, question, code, why, tmp_path):
    source = code() if callable(code) else code
    with pytest.raises(AssertionError):
        run_test_cell(aid, question, tmp_path, replace=source)
