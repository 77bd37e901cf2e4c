"""Quiz identity that cannot go silently wrong, and a quiz notebook that needs nothing installed.

The released notebook shows a student the numbers of the id it uses (the JupyterHub login,
else the nbgrader id typed into the id cell) with nothing but the standard library; the
submission keeps the id cell, and a typed id that is not the one nbgrader grades under is
reported to the student and the instructor, with what the answers score either way.
"""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from autograder import checks
from autograder.checks.quizzes import IDENTITY_NAME, bank_and_quizzes, recorded_id
from autograder.course.quizzes import answered, quiz_notebook
from autograder.grading import Grader
from autograder.quiz import render_public, variant
from autograder.submission import from_notebook

pytestmark = pytest.mark.quiz
QUIZ = "quiz_1_loss_backprop"

PROBE = """
import json, sys
ns = {}
exec(SETUP, ns)
ns[IDENTITY] = TYPED
out = {"modules": sorted(m for m in ("numpy", "autograder", "IPython") if m in sys.modules),
       "login": ns["login_name"](),
       "views": [ns["view"](q, ID, ns["QUIZ_ID"]) for q in ns["PUBLIC"]]}
ns["show"](1)
print("\\n@@" + json.dumps(out))
"""


def setup_source() -> str:
    return quiz_notebook(QUIZ).cells[1].source


def run_setup_alone(typed: str, view_id: str, env: dict[str, str]) -> tuple[dict, str]:
    """Run the locked setup cell in a bare interpreter: -I -S, no site-packages at all."""
    program = (f"SETUP = {setup_source()!r}\nIDENTITY = {IDENTITY_NAME!r}\nTYPED = {typed!r}\nID = {view_id!r}\n"
               + PROBE)
    result = subprocess.run([sys.executable, "-I", "-S", "-c", program], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **env}, timeout=60)
    assert result.returncode == 0, result.stderr
    shown, _, data = result.stdout.rpartition("\n@@")
    return json.loads(data), shown


def with_id(nb, typed: str):
    nb = nbformat.from_dict(nb)
    cell = next(c for c in nb.cells if c.metadata.get("backprop_lab", {}).get("answer") == IDENTITY_NAME)
    cell.source = cell.source.replace(f'{IDENTITY_NAME} = ""', f"{IDENTITY_NAME} = {typed!r}")
    return nb


def right_answers(student: str) -> dict[int, str]:
    bank, quizzes = bank_and_quizzes()
    return {n: repr(variant(bank[b], student, QUIZ).expected) for n, b in enumerate(quizzes[QUIZ].question_ids, 1)}


def test_the_notebook_shows_every_question_with_the_standard_library_only():
    data, shown = run_setup_alone("20261234", "20261234", {})
    assert data["modules"] == []  # no numpy, no IPython, no backprop-lab in that interpreter
    bank, quizzes = bank_and_quizzes()
    want = [json.loads(json.dumps(render_public(bank[b].public, "20261234", QUIZ).to_dict()))
            for b in quizzes[QUIZ].question_ids]
    assert data["views"] == want  # exactly what the grader draws
    assert "`20261234`" in shown and "**1.**" in shown


def test_on_jupyterhub_the_login_is_the_id_and_a_typed_other_id_is_flagged():
    data, shown = run_setup_alone("", "x", {"JUPYTERHUB_USER": "alice", "LOGNAME": "jovyan"})
    assert data["login"] == "alice" and "`alice`" in shown and "주의" not in shown
    data, shown = run_setup_alone("", "x", {"JUPYTERHUB_USER": "bob", "LOGNAME": "bob"})
    assert data["login"] == "bob"  # nbgrader's own rule: the login name unless it is jovyan
    data, shown = run_setup_alone("20261234", "x", {"JUPYTERHUB_USER": "bob", "LOGNAME": "bob"})
    assert "Warning: your JupyterHub login is `bob`" in shown


def test_off_jupyterhub_without_an_id_nothing_is_shown_but_the_request():
    data, shown = run_setup_alone("", "x", {"LOGNAME": "someone"})
    assert data["login"] == ""
    assert "nbgrader student id" in shown and "**1.**" not in shown


def test_the_id_cell_says_not_to_type_a_student_number_unless_told():
    cell = with_id(quiz_notebook(QUIZ), "").cells[2]
    assert cell.metadata["backprop_lab"]["answer"] == IDENTITY_NAME
    assert "학번과 다를 수 있습니다" in cell.source and "It may differ from your student number" in cell.source
    assert "nbgrader 학생 ID" in cell.source and "nbgrader student id" in cell.source


@pytest.mark.parametrize("source, expected", [
    ('NBGRADER_ID = ""', ""), ('NBGRADER_ID = " alice "', "alice"), ("NBGRADER_ID = 20261234", None),
    ("NBGRADER_ID = input()", None), ("def (", None), (None, None),
])
def test_recorded_id_is_read_without_running_anything(source, expected):
    assert recorded_id(source) == expected


def test_a_typed_id_that_is_not_the_graded_one_is_reported_and_graded_as_documented():
    nb = with_id(answered(quiz_notebook(QUIZ), right_answers("20261234")), "20261234")
    report = Grader(checks.get(QUIZ)).grade(from_notebook(nb), "alice")
    # Graded with the numbers of the id nbgrader grades under (README: a typed id is not authenticated).
    own = Grader(checks.get(QUIZ)).grade(from_notebook(with_id(answered(quiz_notebook(QUIZ), right_answers(
        "20261234")), "")), "alice")
    assert report.score == own.score < 25
    assert any("nbgrader student id mismatch" in e and "'20261234'" in e and "'alice'" in e for e in report.errors)
    feedback = report.text()
    assert feedback.count("with the numbers of '20261234': right") == 25


def test_no_report_when_the_id_matches_or_was_left_for_jupyterhub():
    for typed in ("alice", ""):
        nb = with_id(answered(quiz_notebook(QUIZ), right_answers("alice")), typed)
        report = Grader(checks.get(QUIZ)).grade(from_notebook(nb), "alice")
        assert report.score == 25 and not any("mismatch" in e for e in report.errors)


def test_the_setup_cell_is_folded_locked_and_not_graded():
    cell = quiz_notebook(QUIZ).cells[1]
    assert cell.metadata["nbgrader"]["locked"] and cell.metadata["jupyter"]["source_hidden"]
    assert cell.metadata["backprop_lab"]["skip_in_grading"]
    from autograder.quiz import render  # the renderer is the package's own module, embedded verbatim

    assert open(render.__file__, encoding="utf-8").read().strip() in cell.source
