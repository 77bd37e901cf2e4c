"""Points only for answers the student's code computed (issue #10), graded in-process.

Each test attacks the grader the way a hostile student would and asserts what the attack
earns: nothing. The nbgrader side of each bullet (autograde, feedback, a real browser)
is in tests/test_integrity_nbgrader.py.
"""

from __future__ import annotations

import logging
import os
import re
import stat

import numpy as np
import pytest

from autograder import checks
from autograder.checks import framework
from autograder.checks.framework import Assignment, Fail, coarse, compare, solutions_dir
from autograder.grading import Grader
from autograder.nbgrader_plugin.collector import LmsFolderCollector
from autograder.submission import Cell, Submission, from_notebook


def reference(aid: str) -> str:
    return (solutions_dir() / f"{aid}.py").read_text(encoding="utf-8")


def grade(aid: str, *sources: str, questions=None):
    cells = [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(aid)).grade(Submission(cells, module_name="submission"), questions=questions)


def failing(report, qid: str) -> dict[str, str | None]:
    return {c.name: c.hint_id for c in report.questions[qid].checks if not c.passed}


# ------------------------------------------------------------------ 1. points need a correct value
def test_a_check_without_a_correct_value_earns_nothing():
    """The rule lives in the framework: a check that only looks at a property fails."""
    toy = Assignment("toy", "장난감", "toy")
    q = toy.question("f")
    toy._reference = object()

    @q.check(points=1)
    def only_a_property(t):
        before = np.arange(3.0)
        _, (after,) = t.fn.call_tracking(before)
        t.unchanged(before, after, "f(x)")

    @q.check(points=1)
    def a_value_too(t):
        t.close(t.fn(np.arange(3.0)), np.arange(3.0) * 2, "f(x)")

    report = Grader(toy).grade(Submission([Cell("<c>", "def f(x):\n    return x * 2\n")]))
    result = report.questions["f"]
    assert [c.passed for c in result.checks] == [False, True]
    assert "correct value" in result.checks[0].message


STUB_PROPERTY_ONLY = {
    # the property holds (inputs untouched) but the value is wrong: the property earns nothing
    "ps1_softmax_loss": "def softmax(a):\n    return a.copy() * 0 + 1\n",
    "ps3_hidden_error": "def output_error(target, output):\n    return target * 0\n",
}


@pytest.mark.parametrize("aid", sorted(STUB_PROPERTY_ONLY))
def test_a_wrong_value_earns_no_property_points(aid):
    qid = STUB_PROPERTY_ONLY[aid].split("def ")[1].split("(")[0]
    report = grade(aid, reference(aid), STUB_PROPERTY_ONLY[aid], questions=[qid])
    assert report.questions[qid].score == 0, [(c.name, c.passed) for c in report.questions[qid].checks]


# ------------------------------------------------------------------ 2. nothing the student process says earns points
LAYERS_FAKED = '''
import sys

def computation_graph(a, b, c):
    # plain arithmetic, dressed up: call the layers with junk so that any counter moves,
    # and try to bump whatever counter the grader might keep in this process
    for _ in range(3):
        MulLayer().forward(1.0, 1.0)
        AddLayer().forward(1.0, 1.0)
        m = MulLayer(); m.forward(2.0, 3.0); m.backward(1.0); m.backward(1.0); m.backward(1.0)
    for name in list(globals()):
        if "grader" in name and isinstance(globals()[name], dict):
            for k in globals()[name]:
                globals()[name][k] = 99
    return c * (a + 2 * b), c, 2 * c, a + 2 * b
'''


def test_layers_are_judged_by_calls_the_grader_served():
    report = grade("ps2_backward_passes", reference("ps2_backward_passes"), LAYERS_FAKED,
                   questions=["computation_graph"])
    result = report.questions["computation_graph"]
    assert failing(report, "computation_graph") == {"built_from_layers": None}
    assert result.score == result.max_score - 0.5


CLOSURE_READER = '''
import numpy as np

def numerical_gradient(f, x, h=1e-4):
    # never calls f: reads its coefficients from the closure and returns the exact gradient
    a, b, c = (cell.cell_contents for cell in f.__closure__)
    return a * np.cos(x) + 2 * b * x + 3 * c * x ** 2
'''


def test_numerical_gradient_cannot_read_the_test_function():
    report = grade("ps2_backward_passes", reference("ps2_backward_passes"), CLOSURE_READER,
                   questions=["numerical_gradient"])
    assert report.questions["numerical_gradient"].score == 0


PATCHING_SGD = '''
import sys

main = sys.modules.get("__main__")
try:  # answer "same object" to any identity question, whatever was asked
    main.Worker.op_same = lambda self, req: {"value": True}
except Exception:
    pass


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]  # rebinds: the caller's arrays stay old
'''


def test_in_place_is_decided_by_values_the_grader_reads_back():
    report = grade("ps4_two_layer_net", reference("ps4_two_layer_net"), PATCHING_SGD, questions=["SGD"])
    assert failing(report, "SGD") == {"updates_in_place": "in-place"}, report.questions["SGD"].checks


# ------------------------------------------------------------------ 3. hidden inputs the student cannot learn
WRONG_CE = "def cross_entropy_error(y, t):\n    return 0.123\n"


def messages(report, qid: str) -> list[str]:
    return [c.message for c in report.questions[qid].checks if not c.passed]


def test_same_code_same_grade_and_changed_code_new_inputs():
    aid = "ps1_softmax_loss"
    first = grade(aid, reference(aid), WRONG_CE, questions=["cross_entropy_error"])
    again = grade(aid, reference(aid), WRONG_CE, questions=["cross_entropy_error"])
    changed = grade(aid, reference(aid), WRONG_CE + "# one more comment\n", questions=["cross_entropy_error"])
    assert messages(first, "cross_entropy_error") == messages(again, "cross_entropy_error")
    assert messages(first, "cross_entropy_error") != messages(changed, "cross_entropy_error")


def expected_values(report, qid: str) -> list[float]:
    found = []
    for message in messages(report, qid):
        found += [float(v) for v in re.findall(r"expected:? ≈ ([-0-9.e+]+)", message)]
    return found


def test_feedback_does_not_answer_the_next_submission():
    """Submission 1 does nothing useful; submission 2 answers each call from a table of the
    expected values printed in submission 1's feedback. It must not gain a point."""
    aid, qid = "ps1_softmax_loss", "binary_cross_entropy"
    first = grade(aid, reference(aid), "def binary_cross_entropy(y_hat, y):\n    return 0.0\n", questions=[qid])
    table = expected_values(first, qid)
    assert table, messages(first, qid)
    replay = (f"TABLE = {table!r}\nCALLS = [0]\n\n"
              "def binary_cross_entropy(y_hat, y):\n"
              "    CALLS[0] += 1\n"
              "    return TABLE[(CALLS[0] - 1) % len(TABLE)]\n")
    second = grade(aid, reference(aid), replay, questions=[qid])
    assert second.questions[qid].score <= first.questions[qid].score


@pytest.mark.parametrize("want, rtol, atol", [
    (np.array(0.9162907318741551), 1e-6, 2e-5), (np.array([[0.25, -1.7320508], [3.0, 0.5]]), 1e-7, 1e-10),
    (np.array(12345.678), 1e-9, 0.0), (np.array([1e-3, 2e-3]), 1e-7, 1e-12),
])
def test_expected_values_are_shown_only_too_coarsely_to_pass(want, rtol, atol):
    shown = coarse(want, rtol, atol)
    numbers = [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", shown.split("shape")[0])]
    if numbers and "not shown" not in shown:
        assert not np.allclose(np.array(numbers).reshape(want.shape), want, rtol=rtol, atol=atol)
    with pytest.raises(Fail) as exc:
        compare(want + 1.0, want, "x", rtol=rtol, atol=atol)
    for value in np.ravel(want):
        if float(f"{value:.2g}") != value:  # not a round number: never printed in full
            assert f"{value:.8g}" not in exc.value.en


def test_round_expected_values_are_not_shown():
    assert "not shown" in coarse(np.array([0.0, 1.0, 0.5]), 1e-7, 1e-10)


def test_init_writes_a_private_secret_that_check_uses(tmp_path, monkeypatch):
    from autograder.course.init import write_secret

    monkeypatch.delenv(framework.SECRET_ENV, raising=False)
    assert write_secret(tmp_path) and not write_secret(tmp_path)  # never overwritten
    path = tmp_path / framework.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) == 64
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # anywhere inside the course
    assert framework.secret() == path.read_text().strip()
    aid = "ps1_softmax_loss"
    with_secret = grade(aid, reference(aid), WRONG_CE, questions=["cross_entropy_error"])
    assert with_secret.notes == []
    monkeypatch.chdir(tmp_path.parent)
    public = grade(aid, reference(aid), WRONG_CE, questions=["cross_entropy_error"])
    assert public.notes == [framework.NO_SECRET_NOTE]
    assert messages(public, "cross_entropy_error") != messages(with_secret, "cross_entropy_error")


# ------------------------------------------------------------------ 4. held-out digits the sandbox cannot read
SKLEARN_READER = '''
import numpy as np

def train_network(x_train, t_train, x_val, t_val, seed=0):
    from sklearn.datasets import load_digits  # the grader's held-out digits are the rest of these
    data = load_digits()
    x_all, t_all = data.data / 16.0, data.target
    given = {row.tobytes() for row in np.asarray(x_train, dtype=float)}
    unseen = np.array([row.tobytes() not in given for row in x_all])
    net = _reference_train(x_all[unseen], t_all[unseen], x_val, t_val, seed=seed)
    return net
'''


@pytest.mark.task4
def test_the_sandbox_gives_no_held_out_digits():
    """A train_network that reads sklearn's digits inside the sandbox and fits the ones it was
    not given must get nothing: the box (#9) hides sklearn's data files. Where the box is
    missing (the fallback sandbox on a laptop) the attack still reads them, and the test says so."""
    aid = "ps4_two_layer_net"
    source = reference(aid).replace("def train_network(", "def _reference_train(", 1)
    report = grade(aid, reference(aid), source, SKLEARN_READER, questions=["train_network"])
    result = report.questions["train_network"]
    if result.score > 0:
        pytest.xfail("sklearn's digits are readable inside this sandbox: no bubblewrap box here (see #9)")
    assert result.score == 0


# ------------------------------------------------------------------ 7. one grader
def test_a_duplicated_test_cell_runs_as_code_in_check_as_in_nbgrader():
    """nbgrader's DeduplicateIds keeps the metadata of the last copy only: check does the same."""
    from autograder.course.build import build_notebook

    nb = build_notebook("ps1_softmax_loss")
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    copy = {**test_cell, "metadata": {**test_cell.metadata}}
    nb.cells.insert(nb.cells.index(test_cell), copy)
    cells = from_notebook(nb).cells
    assert sum(c.source == test_cell.source for c in cells) == 1


def test_a_broken_quiz_bank_is_an_error_never_execute(monkeypatch):
    from autograder.checks import quizzes
    from autograder.nbgrader_plugin.preprocessor import BackpropGrade

    def broken():
        raise FileNotFoundError("quizzes/bank: no such directory")

    monkeypatch.setattr(quizzes, "bank_and_quizzes", broken)
    preprocessor = BackpropGrade()
    resources = {"nbgrader": {"assignment": "quiz_1_loss_backprop", "student": "s", "db_url": "sqlite://"}}
    with pytest.raises(quizzes.QuizBankError):
        preprocessor.preprocess({"cells": []}, resources)


def test_an_unknown_quiz_is_an_error():
    from autograder.nbgrader_plugin.preprocessor import BackpropGrade

    resources = {"nbgrader": {"assignment": "quiz_9_not_in_the_bank", "student": "s", "db_url": "sqlite://"}}
    with pytest.raises(ValueError, match="not in backprop-lab's quiz bank"):
        BackpropGrade().preprocess({"cells": []}, resources)


@pytest.mark.parametrize("inside, student", [
    ("lee/kim_ps1_softmax_loss.ipynb", "lee"),  # the file name says kim; the folder says lee
    ("download.zip/lee/anything.ipynb", "lee"),
    ("kim_ps1_softmax_loss.ipynb", None),  # no per-student folder: not attributed
    (".._evil/ps1_softmax_loss.ipynb", None),
    ("../../x/ps1_softmax_loss.ipynb", None),
    ("-rf/ps1_softmax_loss.ipynb", None),
])
def test_zip_collect_takes_the_id_from_the_student_folder(inside, student, caplog):
    collector = LmsFolderCollector()
    path = os.path.join("/course/downloaded/ps1_softmax_loss/extracted", inside)
    with caplog.at_level(logging.ERROR):
        info = collector.collect(path)
    if student is None:
        assert info is None and "could not attribute" in caplog.text
    else:
        assert info == {"student_id": student, "file_id": "ps1_softmax_loss.ipynb"}


# ------------------------------------------------------------------ 6. student HTML (the browser test is slow)
def test_the_sanitiser_cleans_student_cells_and_keeps_the_instructors():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

    from autograder.nbgrader_plugin.sanitise import SanitiseStudentHtml

    instructor = new_markdown_cell("Softmax: `a < b` <details><summary>hint</summary>x</details>",
                                   metadata={"nbgrader": {"locked": True, "grade_id": "md-001"}})
    plain = new_markdown_cell("# My notes\n\n`x < y` and > a quote, **bold**, [a link](https://example.org)")
    student = new_markdown_cell('<script>document.title="x"</script><img src=x onerror="alert(1)">'
                                "[go](javascript:alert(1)) ![p](attachment:a.svg)")
    student.attachments = {"a.svg": {"image/svg+xml": "<svg><script>alert(1)</script></svg>"}}
    raw = new_raw_cell("<script>alert(1)</script>ok", metadata={"format": "text/html"})
    code = new_code_cell("1", outputs=[new_output("display_data", data={
        "text/html": "<b>b</b><script>alert(1)</script>", "application/javascript": "alert(1)",
        "image/svg+xml": "<svg onload='alert(1)'/>", "text/plain": "<script>kept as text</script>"})])
    nb = new_notebook(cells=[instructor, plain, student, raw, code])
    SanitiseStudentHtml().preprocess(nb, {})
    assert nb.cells[0].source == instructor.source and nb.cells[1].source == plain.source
    text = nb.cells[2].source
    assert "<script" not in text and "onerror" not in text and "javascript:" not in text
    assert list(nb.cells[2].attachments["a.svg"]) == ["image/png"]
    assert nb.cells[3].source == "ok"
    data = nb.cells[4].outputs[0]["data"]
    assert data == {"text/html": "<b>b</b>", "text/plain": "<script>kept as text</script>"}


def test_the_sanitiser_keeps_only_how_text_wraps_in_a_style():
    """Feedback wraps long messages with <pre style="white-space: pre-wrap">; a student's style
    cannot position, overlay or load anything."""
    from autograder.nbgrader_plugin.sanitise import clean_html

    out = clean_html('<pre style="white-space: pre-wrap; position: fixed; top: 0; '
                     'background: url(https://evil.example/x)">a</pre><div style="position: fixed">b</div>')
    assert 'style="white-space:pre-wrap"' in out
    assert "position" not in out and "url(" not in out and "evil" not in out


def test_the_sanitiser_keeps_typeset_math_and_nothing_that_runs():
    from autograder.nbgrader_plugin.sanitise import clean_html

    out = clean_html('<math display="block" href="javascript:alert(1)" onclick="x"><mi>y</mi><mo>=</mo>'
                     '<mfrac><mn>1</mn><mn>2</mn></mfrac></math><math><mtext><table><mglyph><style>'
                     '<img src=x onerror=alert(1)>')
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in out
    assert "javascript" not in out and "onclick" not in out and "onerror" not in out and "<style" not in out
