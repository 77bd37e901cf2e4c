"""The notebooks as students meet them: each runs top to bottom in a real kernel with the
reference filled in (no errors anywhere), and the quiz notebook shows a student's own
questions without their answers."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.checks.quizzes import quiz_ids
from autograder.course.build import build_notebook, notebook_assignments
from autograder.course.quizzes import quiz_notebook

pytestmark = pytest.mark.slow


def run(nb: nbformat.NotebookNode, tmp_path) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def errors(nb) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


@pytest.mark.parametrize("aid", notebook_assignments())
def test_reference_notebook_runs_top_to_bottom(aid, tmp_path):
    nb = run(build_notebook(aid), tmp_path)
    assert errors(nb) == []


@pytest.mark.parametrize("quiz", quiz_ids()[:1])
def test_quiz_notebook_shows_each_student_their_own_numbers(quiz, tmp_path):
    nb = quiz_notebook(quiz)
    nb.cells[2].source = 'NBGRADER_ID = "alice"'  # the id cell, as a student off JupyterHub fills it
    nb = run(nb, tmp_path)
    assert errors(nb) == []
    shown = [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code" and c.source.startswith("show(")
             for o in c.outputs if o.get("output_type") == "display_data"]
    assert len(shown) == 25 and all("**" in text and "`alice`" in text for text in shown)
