"""A hostile submission costs only itself: in `backprop-lab check`, in one `backprop-lab autograde`
class run, and under stock `nbgrader autograde` (issue #9). Every attack here is our own code."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.executor import GradeJob, LocalExecutor, grade_job
from autograder.grading import Grader, grade_path, submission_budget
from autograder.nbgrader_plugin.preprocessor import write_results
from autograder.submission import Cell, Submission
from tests.test_box import ESCAPE, no_survivors, ours
from tests.test_wire import FORGE

AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
FULL = {q.id: q.max_score for q in checks.get(AID).questions.values()}


def replaced(body: str, name: str = "softmax_loss") -> str:
    return REFERENCE + FORGE + f"\ndef {name}(z, t):\n" + "".join(f"    {line}\n" for line in body.splitlines())


ATTACKS = {
    "bomb": replaced("import os\nwhile True:\n    os.fork()"),
    "filler": replaced("for i in range(40):\n    with open(f'fill{i}', 'wb') as f:\n"
                       "        f.write(b'x' * (15 << 20))"),
    "deadlock": replaced("_reply(value=0.0)\ntime.sleep(60)"),
    "forger": replaced('_reply(output_chars="not a number", value=0.0)'),
    "escape": REFERENCE + ESCAPE,
    "flood": replaced("import numpy as np\nprint('x' * 120_000)\nreturn 0.0"),
}


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                          timeout=timeout)


# -- backprop-lab check ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_check_grades_every_attack_and_exits_zero(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(ATTACKS[name], encoding="utf-8")
    before = ours()
    started = time.monotonic()
    out = cli("check", AID, str(path), "--json")
    assert out.returncode == 0, out.stderr[-2000:]
    assert time.monotonic() - started < submission_budget(checks.get(AID)) + 30
    report = json.loads(out.stdout)
    got = {q: r["score"] for q, r in report["questions"].items()}
    assert got["softmax_loss"] < FULL["softmax_loss"]
    assert {q: s for q, s in got.items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    failed = [c for c in report["questions"]["softmax_loss"]["checks"] if not c["passed"]]
    assert failed and all(c["message"].strip() for c in failed), "every fault message says what happened"
    assert no_survivors(before)


@pytest.mark.slow
def test_check_prints_a_hostile_report_without_escapes_and_exits_zero(tmp_path):
    path = tmp_path / "escapes.py"
    path.write_text(REFERENCE + "\ndef softmax(a):\n    raise ValueError('\\x1b[2J\\x1b[H18 / 18 \\x1b]52;c;aGk=\\x07 "
                    "\\ud800 \\x9b31m')\n", encoding="utf-8")
    out = cli("check", AID, str(path))
    assert out.returncode == 0, out.stderr[-2000:]
    assert "\x1b]52" not in out.stdout and "\x1b[2J" not in out.stdout and "\x9b" not in out.stdout


def test_a_quiz_answer_with_a_lone_surrogate_or_a_huge_number_is_just_wrong(tmp_path, capsys):
    from autograder.console import print_report
    from autograder.course.cache import load_report, save_report
    from autograder.course.quizzes import answered, quiz_notebook
    from autograder.submission import from_notebook

    quiz = "quiz_1_loss_backprop"
    submission = from_notebook(answered(quiz_notebook(quiz), {1: repr("B\ud800"), 2: "10**4000", 3: "-10**4000"}))
    report = Grader(checks.get(quiz)).grade(submission, "s1")
    assert [report.questions[q].score for q in list(report.questions)[:3]] == [0.0, 0.0, 0.0]
    assert not any("internal" in c.message.lower() for q in report.questions.values() for c in q.checks)
    print_report(report)
    assert "\ud800" not in capsys.readouterr().out
    save_report(tmp_path, quiz, "s1\udcff", submission, report)
    assert load_report(tmp_path, quiz, "s1\udcff", submission).score == report.score


# -- limits on what a submission makes ------------------------------------------------------------
def test_a_huge_notebook_is_refused_before_it_is_read():
    empties = b"{}," * ((8 << 20) // 3)  # 8 MiB of {} in the notebook's metadata
    raw = b'{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {"x": [' + empties + b"{}]}}"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = grade_job(GradeJob(AID, "big.ipynb", raw))
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB
    assert report.score == 0 and "not a readable notebook" in report.errors[0]


def test_a_huge_module_is_refused_with_a_message(tmp_path):
    path = tmp_path / "big.py"
    path.write_bytes(b"x = 1\n" + b"#" * (11 << 20) + b"\n")
    report = grade_path(AID, path)
    assert report.score == 0 and "too large" in report.errors[0]


def test_load_errors_are_listed_once_and_feedback_stays_small():
    cells = [Cell("<cell 0>", REFERENCE)] + [
        Cell(f"<cell {i}>", f"raise ValueError({'e' * 3000!r})") for i in range(1, 600)]
    submission = Submission(cells)
    size = sum(len(c.source) for c in cells)
    report = Grader(checks.get(AID)).grade(submission)
    assert report.score == sum(FULL.values())
    assert len(report.errors) <= 12 and any("599" in e or "589" in e for e in report.errors)
    assert len(json.dumps(report.to_wire())) < size
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "", metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": q, "points": FULL[q]}})
        for q in FULL])
    write_results(nb, report)
    notes = [c for c in nb.cells if "notes on the submission" in output_text(c.outputs[0])]
    assert len(notes) == 1
    assert len(nbformat.writes(nb)) < size
    assert set(nb.metadata["backprop_lab"]["report"]) == {"assignment", "score", "max_score", "errors"}


# -- the executor: one isolated grader process per slot ------------------------------------------
def grader_workers() -> list[int]:
    from autograder.sandbox.box import descendants

    found = []
    for pid in descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"autograder.grader_worker" in f.read():
                    found.append(pid)
        except OSError:
            pass
    return found


@pytest.mark.slow
def test_a_grader_worker_that_dies_is_that_jobs_report_and_the_pool_goes_on():
    honest = GradeJob(AID, "honest.py", REFERENCE.encode(), tag="honest")
    slow = GradeJob(AID, "slow.py", replaced("import time\ntime.sleep(60)").encode(), tag="slow")
    with LocalExecutor(1) as executor:
        doomed = executor.submit(slow)
        after = executor.submit(honest)
        deadline = time.monotonic() + 120
        while not grader_workers() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # it is grading now
        for pid in grader_workers():
            os.kill(pid, signal.SIGKILL)  # the grader process dies in the middle of a job
        killed = doomed.result(timeout=300)
        assert killed.score == 0 and killed.errors and "died" in killed.errors[0]
        assert all(c.message.strip() for q in killed.questions.values() for c in q.checks)
        assert after.result(timeout=300).score == sum(FULL.values())  # a new worker took over
    with LocalExecutor(2) as executor:
        jobs = [GradeJob(AID, f"{n}.py", s.encode(), tag=n) for n, s in ATTACKS.items()] + [honest]
        reports = {job.tag: report for job, report in executor.map_unordered(jobs)}
    assert reports["honest"].score == sum(FULL.values())
    for name in ATTACKS:
        assert reports[name].questions["softmax_loss"].score < FULL["softmax_loss"], name
    assert not grader_workers()


# -- a class run: backprop-lab autograde, then stock nbgrader autograde ---------------------------
@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    from autograder.course.demo import fill, nbgrader, submit
    from autograder.course.init import init_course

    root = tmp_path_factory.mktemp("hostile")
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    released = nbformat.read(root / "generated" / AID / f"{AID}.ipynb", as_version=4) \
        if (root / "generated").exists() else nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    students = {"honest": ("reference", fill(released, REFERENCE))}
    for name in ("bomb", "filler", "deadlock", "forger", "escape"):
        students[name] = (name, fill(released, ATTACKS[name]))
    submit(root, AID, students)
    return root, students


@pytest.mark.slow
@pytest.mark.system
def test_one_class_run_costs_each_hostile_student_only_their_own_grade(hostile_course):
    from autograder.course.demo import gradebook_scores

    root, students = hostile_course
    alone = grade_path(AID, root / "submitted" / "honest" / AID / f"{AID}.ipynb")
    before = ours()
    out = subprocess.run([sys.executable, "-m", "autograder", "autograde", AID], cwd=root, capture_output=True,
                         text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    assert no_survivors(before)
    recorded = gradebook_scores(root, AID)
    assert set(recorded) == set(students)
    assert sum(recorded["honest"].values()) == alone.score == sum(FULL.values())
    for name in students:
        if name != "honest":
            assert recorded[name]["softmax_loss"] < FULL["softmax_loss"], name
            assert recorded[name]["softmax"] == FULL["softmax"], name


@pytest.mark.slow
@pytest.mark.system
def test_stock_nbgrader_autograde_grades_everyone_through_the_isolated_path(hostile_course):
    from autograder.course.demo import gradebook_scores, nbgrader

    root, students = hostile_course
    before = ours()
    started = time.monotonic()
    nbgrader(root, "autograde", AID, "--force", check=False)  # no cache: our preprocessor grades each one
    assert time.monotonic() - started < len(students) * (submission_budget(checks.get(AID)) + 30)
    assert no_survivors(before)
    recorded = gradebook_scores(root, AID)
    assert set(recorded) == set(students)
    assert sum(recorded["honest"].values()) == sum(FULL.values())
    for name in students:
        if name != "honest":
            assert recorded[name]["softmax_loss"] < FULL["softmax_loss"], name
    graded = root / "autograded" / "forger" / AID / f"{AID}.ipynb"
    nb = nbformat.read(graded, as_version=4)
    text = "".join(output_text(o) for c in nb.cells for o in c.get("outputs", []))
    assert "Protocol violation" in text and "채점 통신 규약 위반" in text
    assert Path(graded).stat().st_size < 4 * (root / "submitted" / "forger" / AID / f"{AID}.ipynb").stat().st_size


@pytest.mark.slow
def test_one_budget_covers_loading_every_replay_and_every_question():
    """Sleeping cells and a graded function that exits (forcing restart + replay per question) once
    took about 31 minutes; now the submission's budget bounds all of it."""
    exits = REFERENCE + "\nimport os\n" + "".join(
        f"\ndef {q}(*args, **kwargs):\n    os._exit(1)\n" for q in FULL)
    cells = [Cell("<cell 0>", exits)] + [Cell(f"<cell {i}>", "import time\ntime.sleep(2)") for i in range(1, 31)]
    started = time.monotonic()
    report = Grader(checks.get(AID), budget_seconds=20).grade(Submission(cells))
    assert time.monotonic() - started < 20 + 15
    assert report.score == 0
    assert all(c.message.strip() for q in report.questions.values() for c in q.checks)
    assert any("time budget" in e and "시간 예산" in e for e in report.errors)


def output_text(output) -> str:
    """What a person reads in a cell's output: stream text, or the Markdown/plain data of a result."""
    data = output.get("data", {})
    return output.get("text", "") + data.get("text/markdown", "") + data.get("text/plain", "")
