"""nbgrader end to end: init → generate → release → submit → autograde → feedback → export.

Stock `nbgrader autograde` (no pre-graded cache) must record exactly the scores that
`backprop-lab check` gives on the same notebooks, for correct, wrong, cheating and broken
submissions, and the feedback must not show any hidden check.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main as cli_main
from autograder.course.demo import class_for, gradebook_scores, nbgrader, submit
from autograder.course.init import init_course
from autograder.grading import grade_path

pytestmark = [pytest.mark.slow, pytest.mark.task1]
AID = "ps1_softmax_loss"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("course")
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    nbgrader(root, "release_assignment", AID, "--force")
    released = nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    students = class_for(AID, released, root)
    chosen = ("correct: loops", "mistake: log10_binary_cross_entropy")
    keep = {k: v for k, v in students.items()
            if not v[0].startswith(("mistake", "correct")) or v[0] in chosen or v[0].startswith("mistake: batch-mean")}
    tampered = nbformat.from_dict(students["ahn"][1])  # the reference, with its setup cell broken
    setup = next(c for c in tampered.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("locked")
                 and "import numpy" in c.source)
    setup.source = "np = None  # a locked cell edited by the student"
    keep["zed"] = ("edits a locked cell", tampered)
    submit(root, AID, keep)
    nbgrader(root, "autograde", AID, "--force", check=False)  # the unreadable notebook makes it exit non-zero
    nbgrader(root, "generate_feedback", AID, "--force")
    nbgrader(root, "export")
    return root, keep


def test_gradebook_agrees_with_check_for_every_kind_of_submission(course):
    root, students = course
    recorded = gradebook_scores(root, AID)
    kinds = set()
    for student, (what, _) in students.items():
        report = grade_path(AID, root / "submitted" / student / AID / f"{AID}.ipynb", student_id=student)
        got = recorded.get(student, {})
        for qid, q in report.questions.items():
            assert (got.get(qid) or 0) == pytest.approx(q.score), f"{student} ({what}) {qid}"
        kinds.add(what.split(":")[0])
    assert {"reference solution", "correct", "mistake", "blank (as released)", "cheat", "hang in the first question",
            "crash", "unreadable notebook", "edits a locked cell"} <= kinds


def test_scores_are_what_each_submission_deserves(course):
    root, students = course
    with open(root / "grades.csv", newline="") as f:
        totals = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f) if row["assignment"] == AID}
    by_kind = {what: totals.get(student, 0.0) for student, (what, _) in students.items()}
    full = by_kind["reference solution"]
    assert full == 18
    assert by_kind["correct: loops"] == full
    assert by_kind["edits a locked cell"] == full  # nbgrader and check both put the locked cell back
    assert 0 < by_kind["mistake: log10_binary_cross_entropy"] < full
    assert by_kind["blank (as released)"] == 0
    assert by_kind["cheat: patch numpy, read source/, write gradebook"] == 0
    assert by_kind["unreadable notebook"] == 0
    assert by_kind["hang in the first question"] == full - 3  # softmax lost, everything else kept
    assert by_kind["crash: os._exit in the first question"] == full - 3


def test_feedback_never_shows_hidden_checks(course):
    root, _ = course
    pages = list((root / "feedback").glob(f"*/{AID}/*.html"))
    assert len(pages) >= 5
    check_source = (Path(__file__).resolve().parents[1] / "autograder" / "checks" / f"{AID}.py").read_text()
    hidden_lines = [line.strip() for line in check_source.splitlines()
                    if "t.rng" in line or "mistakes=" in line or line.startswith("def ")]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for line in hidden_lines:
            assert line not in html, f"{page.name} shows hidden check code: {line}"
        assert "BEGIN HIDDEN TESTS" not in html
    reference_html = next(p for p in pages if "ahn" in str(p)).read_text(encoding="utf-8")
    assert "softmax: 3 / 3" in reference_html


def test_the_cheat_could_not_touch_the_gradebook(course):
    root, _ = course
    assert (root / "gradebook.db").read_bytes().startswith(b"SQLite format 3")


def test_check_cli_json_contract(course, capsys):
    root, students = course
    student = next(s for s, (what, _) in students.items() if what.startswith("mistake: batch-mean"))
    assert cli_main(["check", AID, str(root / "submitted" / student / AID / f"{AID}.ipynb"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"assignment", "score", "max_score", "questions", "errors", "notes"}
    assert data["notes"] == []  # a notebook inside the course: graded with its secret
    q = next(iter(data["questions"].values()))
    assert set(q) == {"score", "max_score", "checks"}
    assert set(q["checks"][0]) == {"name", "passed", "message", "hint_id", "hint"}
    assert any(c["hint_id"] == "batch-mean" for q in data["questions"].values() for c in q["checks"])


def test_check_cli_usage_errors_exit_non_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "autograder", "check", "no_such_assignment", "x.py"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    result = subprocess.run([sys.executable, "-m", "autograder", "check", AID, str(tmp_path / "missing.ipynb")],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "no such file" in result.stderr
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ not json")
    result = subprocess.run([sys.executable, "-m", "autograder", "check", AID, str(bad), "--json"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert json.loads(result.stdout)["score"] == 0
