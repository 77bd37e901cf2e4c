"""`backprop-lab autograde` tells the instructor what happened: a summary read back from the
gradebook, one bilingual line with the cause for every failure (never a traceback), `--student`
to regrade one student, and a Ctrl-C that leaves every student either recorded whole or as
before."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.course.demo import class_for, nbgrader
from autograder.course.init import init_course
from autograder.grading import grade_path
from tests.support.components import free_port

AID = "ps1_softmax_loss"
BIN = Path(sys.executable).parent


def autograde(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([str(BIN / "backprop-lab"), "autograde", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def bilingual_one_liner(stderr: str, words: str) -> str:
    assert "Traceback" not in stderr
    line = next((line for line in stderr.splitlines() if words in line), None)
    assert line is not None, stderr
    assert any("\uac00" <= ch <= "\ud7a3" for ch in line), line  # Korean on the same line
    return line


def test_outside_a_course_says_so(tmp_path):
    result = autograde(AID, cwd=tmp_path)
    assert result.returncode == 2
    bilingual_one_liner(result.stderr, "not a course folder")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    return root


def test_no_submissions_says_so(course):
    result = autograde(AID, cwd=course)
    assert result.returncode == 1
    bilingual_one_liner(result.stderr, "no submissions")


def test_unknown_student_says_so(course):
    hand_in(course, {"someone": b"{}"})
    result = autograde(AID, "--student", "nobody", cwd=course)
    assert result.returncode == 1
    line = bilingual_one_liner(result.stderr, "no submission for student nobody")
    assert "nbgrader collect --update" in line


def test_unreachable_database_says_so(tmp_path):
    root = tmp_path / "course"
    init_course(root)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:  # nothing listens on this port
        f.write(f"\nc.CourseDirectory.db_url = 'postgresql+psycopg://nobody@127.0.0.1:{free_port()}/gradebook'\n")
    hand_in(root, {"alice": b"{}"})
    result = autograde(AID, cwd=root)
    assert result.returncode == 1
    bilingual_one_liner(result.stderr, "gradebook database unreachable")


def hand_in(course: Path, students: dict, aid: str = AID) -> None:
    for student, content in students.items():
        folder = course / "submitted" / student / aid
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{aid}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
        (folder / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC")


def gradebook_totals(course: Path, aid: str = AID) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student_id: s.score for s in gb.assignment_submissions(aid)}


def autograded_scores(course: Path, student: str) -> float:
    """The total nbgrader reads from the autograded notebook's test cells."""
    from nbgrader.utils import determine_grade, is_grade

    nb = nbformat.read(course / "autograded" / student / AID / f"{AID}.ipynb", as_version=4)
    return sum(determine_grade(c)[0] or 0 for c in nb.cells if is_grade(c))


@pytest.mark.slow
def test_summary_failures_and_one_student(tmp_path):
    root = tmp_path / "course"
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    released = nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    everyone = class_for(AID, released, root)
    reference = next(c for what, c in everyone.values() if what == "reference solution")
    mistake_student, (what, mistake) = next((s, v) for s, v in everyone.items() if v[0].startswith("mistake"))
    hand_in(root, {"ann": reference, "ben": mistake, "cat": b"\x89PNG not a notebook {"})

    result = autograde(AID, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    totals = gradebook_totals(root)
    for student in ("ann", "ben"):
        expected = grade_path(AID, root / "submitted" / student / AID / f"{AID}.ipynb", student).score
        assert totals[student] == pytest.approx(expected)
        assert autograded_scores(root, student) == pytest.approx(expected)
        row = next(line for line in result.stdout.splitlines() if f" {student} " in line)
        assert f" {expected:g} " in row and "recorded" in row  # the summary shows the gradebook's total
    assert totals["ann"] == 18 and totals["ben"] < 18
    ben_row = next(line for line in result.stdout.splitlines() if " ben " in line)
    hint = what.split(": ")[1].split("_")[0]
    assert hint in ben_row  # the hint id of the mistake
    line = bilingual_one_liner(result.stderr, "nbgrader could not record cat")
    assert "UnicodeDecodeError" in line
    assert "평균/mean" in result.stdout and "오류/faults 1: cat" in result.stdout
    assert not (root / "autograded" / "cat" / AID / f"{AID}.ipynb").exists()  # as stock: no notebook

    # ben resubmits the reference (nbgrader collect --update); only ben is graded again
    ann_notebook = root / "autograded" / "ann" / AID / f"{AID}.ipynb"
    ann_before = ann_notebook.stat().st_mtime_ns
    hand_in(root, {"ben": reference})
    result = autograde(AID, "--student", "ben", cwd=root)
    assert result.returncode == 0, result.stderr
    assert gradebook_totals(root)["ben"] == 18
    assert autograded_scores(root, "ben") == 18
    assert ann_notebook.stat().st_mtime_ns == ann_before
    assert " ann " not in result.stdout and "1/1 recorded" in result.stdout


@pytest.mark.slow
def test_ctrl_c_stops_between_students(tmp_path):
    root = tmp_path / "course"
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    released = nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    everyone = [c for what, c in class_for(AID, released, root).values() if what.startswith(("reference", "correct",
                                                                                                  "mistake"))]
    students = {f"s{i:02d}": everyone[i % len(everyone)] for i in range(24)}
    hand_in(root, students)

    env = dict(os.environ, COLUMNS="200")
    proc = subprocess.Popen([str(BIN / "backprop-lab"), "autograde", AID, "--jobs", "1"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and len(list((root / "autograded").glob("*/*/*.ipynb"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    recorded = set(gradebook_totals(root))
    written = {p.parent.parent.name for p in (root / "autograded").glob(f"*/{AID}/{AID}.ipynb")}
    assert 2 <= len(written) < len(students)  # stopped part-way
    assert recorded == written  # never a student graded in one place and not the other
    totals = gradebook_totals(root)
    for student in written:
        assert autograded_scores(root, student) == pytest.approx(totals[student])
    cache = json.loads(next((root / ".backprop-lab" / "reports").glob("*.json")).read_text())
    assert cache["report"]["questions"]  # reports cached for the students graded before the stop


def test_dask_scheduler_unreachable_says_so(course):
    hand_in(course, {"someone": b"{}"})
    result = autograde(AID, "--dask", f"tcp://127.0.0.1:{free_port()}", cwd=course)
    assert result.returncode == 1
    bilingual_one_liner(result.stderr, "could not start the graders (Dask tcp://127.0.0.1:")


@pytest.mark.slow
def test_a_quiz_answered_under_another_id_is_named_in_the_summary(tmp_path):
    """The instructor's output says loudly who answered the quiz under an id other than the one
    nbgrader grades under (README: quiz identity); the others are not named."""
    from autograder.course.quizzes import answered
    from tests.test_quiz_identity import QUIZ, right_answers, with_id

    root = tmp_path / "course"
    init_course(root)
    nbgrader(root, "generate_assignment", QUIZ, "--force")
    released = nbformat.read(root / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    hand_in(root, {"alice": with_id(answered(released, right_answers("20261234")), "20261234"),
                   "bob": with_id(answered(released, right_answers("bob")), "bob"),
                   "cho": answered(released, right_answers("cho"))}, aid=QUIZ)
    result = autograde(QUIZ, cwd=root)
    assert result.returncode == 0, result.stderr
    totals = gradebook_totals(root, QUIZ)
    assert totals["bob"] == totals["cho"] == 25 and totals["alice"] < 25
    alice = next(line for line in result.stdout.splitlines() if " alice " in line)
    assert "answered as '20261234'" in alice
    assert not [line for line in result.stdout.splitlines() if "answered as" in line and "alice" not in line]
    loud = next(line for line in result.stdout.splitlines() if "student id mismatch" in line)
    assert "학생 ID 불일치" in loud and "alice ('20261234')" in loud and "bob" not in loud and "cho" not in loud
