"""A real course on one machine: an instructor, real Unix student accounts, an nbgrader exchange.

The package is installed from its wheel (not editable) into a virtualenv every account can
run. The instructor runs `backprop-lab init` (SQLite, and again on a real PostgreSQL),
generates and releases a problem set and a quiz; each student, as their own Unix user
(`runuser`), fetches with the students' configuration that init wrote, works (one runs the
quiz notebook in a kernel, the way JupyterHub would, to see their own numbers), and submits;
the instructor collects, runs `backprop-lab autograde`, generates and releases feedback; each
student fetches their feedback. Asserted: the gradebook equals `backprop-lab check` for every
submission, each student's feedback says what they need, and a quiz answered under another id
is graded as the README says and reported to the student and the instructor.
"""

from __future__ import annotations

import json
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder.checks.quizzes import IDENTITY_NAME, bank_and_quizzes
from autograder.course.demo import fill
from autograder.course.quizzes import answered
from autograder.quiz import render_markdown, render_public, variant
from tests.support.components import is_root, unavailable
from tests.support.install import ROOT, build, clean_env, fresh_venv

pytestmark = [pytest.mark.slow, pytest.mark.system]
PS = "ps1_softmax_loss"
QUIZ = "quiz_1_loss_backprop"
COURSE_ID = "dl2026"


def world_readable(path: Path) -> bool:
    path = path.resolve()
    return all(stat.S_IMODE(p.stat().st_mode) & 0o005 == 0o005 for p in [path, *path.parents] if p != Path("/"))


@pytest.fixture(scope="module")
def shared_dir():
    """A folder every account can read: the install, the course (read-only to students), the exchange."""
    if not is_root():
        unavailable("student accounts need root (CI runs as root)")
    base = Path(tempfile.mkdtemp(prefix="backprop-lab-course-", dir="/tmp"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def venv(shared_dir) -> Path:
    """The wheel in a venv on the system's Python 3.11 (this environment's interpreter may live
    where other accounts cannot read, e.g. under /root); dependencies from this environment."""
    import sysconfig

    base_python = shutil.which("python3.11", path="/usr/bin:/usr/local/bin")
    if base_python is None:
        unavailable("no system python3.11 for the students' accounts")
    if not world_readable(Path(sysconfig.get_paths()["purelib"])):
        unavailable(f"{sysconfig.get_paths()['purelib']} is not readable by other accounts")
    _, wheel = build(shared_dir / "dist")
    return fresh_venv(wheel, shared_dir / "venv", base_python=base_python)


def as_user(user: str, *args: str, venv: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = clean_env(venv, HOME=str(home(user)), USER=user, LOGNAME=user, **env)
    command = ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in environment.items()), *args]
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    print(f"{time.monotonic() - started:6.1f} s  {user}: {' '.join(Path(a).name for a in args[:3])}")
    assert result.returncode == 0, f"{user}: {' '.join(args)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def instructor(*args: str, venv: Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run([*args], cwd=cwd, env=clean_env(venv), capture_output=True, text=True, timeout=900)
    print(f"{time.monotonic() - started:6.1f} s  instructor: {' '.join(Path(a).name for a in args[:3])}")
    if check:
        assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def give(user: str, path: Path, nb) -> None:
    nbformat.write(nb, path)
    shutil.chown(path, user, user)


def right_answers(student: str) -> dict[int, str]:
    bank, quizzes = bank_and_quizzes()
    return {n: repr(variant(bank[b], student, QUIZ).expected) for n, b in enumerate(quizzes[QUIZ].question_ids, 1)}


def gradebook_totals(db_url: str, aid: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE_ID) as gb:
        return {s.student_id: s.score for s in gb.assignment_submissions(aid)}


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, shared_dir) -> str | None:
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return None


def test_a_term_with_real_student_accounts(venv, shared_dir, db_url, unix_users, tmp_path):
    work = Path(tempfile.mkdtemp(dir=shared_dir))
    work.chmod(0o755)
    course, exchange = work / "course", work / "exchange"
    bin_ = venv / "bin"
    init = [str(bin_ / "backprop-lab"), "init", str(course), "--course-id", COURSE_ID, "--exchange", str(exchange)]
    instructor(*init, *(["--db", db_url] if db_url else []), venv=venv, cwd=work)
    db = db_url or f"sqlite:///{course / 'gradebook.db'}"
    students = {word: unix_users(word) for word in ("alice", "bob", "carol")}
    for user in students.values():
        jupyter_dir = home(user) / ".jupyter"
        jupyter_dir.mkdir(exist_ok=True)
        shutil.copy(course / "students_nbgrader_config.py", jupyter_dir / "nbgrader_config.py")
        for path in (jupyter_dir, jupyter_dir / "nbgrader_config.py"):
            shutil.chown(path, user, user)

    for aid in (PS, QUIZ):
        instructor(str(bin_ / "nbgrader"), "generate_assignment", aid, "--force", venv=venv, cwd=course)
        instructor(str(bin_ / "nbgrader"), "release_assignment", aid, "--force", venv=venv, cwd=course)
        for user in students.values():
            as_user(user, str(bin_ / "nbgrader"), "fetch_assignment", aid, venv=venv, cwd=home(user))

    def fetched(word: str, aid: str) -> Path:
        return home(students[word]) / aid / f"{aid}.ipynb"

    # The problem set: alice hands in the reference, bob a known mistake, carol the notebook as released.
    reference = (ROOT / "solutions" / f"{PS}.py").read_text(encoding="utf-8")
    mistake = (ROOT / "examples" / PS / "mistake_batch-mean_cross_entropy_error.py").read_text(encoding="utf-8")
    released = nbformat.read(fetched("alice", PS), as_version=4)
    give(students["alice"], fetched("alice", PS), fill(released, reference))
    give(students["bob"], fetched("bob", PS), fill(released, reference + "\n" + mistake))

    # The quiz: alice works on JupyterHub (the login is her id) and runs the notebook in her kernel.
    alice, bob = students["alice"], students["bob"]
    quiz = fetched("alice", QUIZ)
    as_user(alice, str(bin_ / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--inplace", str(quiz),
            venv=venv, cwd=quiz.parent, JUPYTERHUB_USER=alice)
    shown = nbformat.read(quiz, as_version=4)
    first_view = render_public(bank_and_quizzes()[0][bank_and_quizzes()[1][QUIZ].question_ids[0]].public, alice, QUIZ)
    outputs = [o for c in shown.cells if c.source == "show(1)" for o in c.outputs]
    text = "".join(o.get("data", {}).get("text/markdown", "") for o in outputs)
    assert render_markdown(first_view, 1) in text and f"`{alice}`" in text  # her own numbers, in her kernel
    give(alice, quiz, answered(shown, right_answers(alice)))
    # bob works on his laptop and types his student number instead of his nbgrader id.
    bob_nb = answered(nbformat.read(fetched("bob", QUIZ), as_version=4), right_answers("20261234"))
    id_cell = next(c for c in bob_nb.cells if c.metadata.get("backprop_lab", {}).get("answer") == IDENTITY_NAME)
    id_cell.source = id_cell.source.replace(f'{IDENTITY_NAME} = ""', f'{IDENTITY_NAME} = "20261234"')
    give(bob, fetched("bob", QUIZ), bob_nb)

    for aid in (PS, QUIZ):
        for user in students.values():
            as_user(user, str(bin_ / "nbgrader"), "submit", aid, venv=venv, cwd=home(user))
        instructor(str(bin_ / "nbgrader"), "collect", aid, venv=venv, cwd=course)
    instructor_output = {}
    for aid in (PS, QUIZ):
        result = instructor(str(bin_ / "backprop-lab"), "autograde", aid, venv=venv, cwd=course)
        logs = "".join(p.read_text(encoding="utf-8") for p in (course / ".backprop-lab").glob(f"*{aid}*.log"))
        instructor_output[aid] = result.stdout + result.stderr + logs
        instructor(str(bin_ / "nbgrader"), "generate_feedback", aid, "--force", venv=venv, cwd=course)
        instructor(str(bin_ / "nbgrader"), "release_feedback", aid, venv=venv, cwd=course)
        for user in students.values():
            as_user(user, str(bin_ / "nbgrader"), "fetch_feedback", aid, venv=venv, cwd=home(user))
    instructor(str(bin_ / "nbgrader"), "export", venv=venv, cwd=course)

    # The gradebook holds what `backprop-lab check` gives each submitted notebook.
    for aid in (PS, QUIZ):
        totals = gradebook_totals(db, aid)
        assert set(totals) == set(students.values())
        for user in students.values():
            submitted = course / "submitted" / user / aid / f"{aid}.ipynb"
            result = instructor(str(bin_ / "backprop-lab"), "check", aid, str(submitted), "--json", "--student", user,
                                venv=venv, cwd=course)
            assert totals[user] == pytest.approx(json.loads(result.stdout)["score"]), (aid, user)
    ps, quiz_totals = gradebook_totals(db, PS), gradebook_totals(db, QUIZ)
    assert ps[alice] == 18 and 0 < ps[bob] < 18 and ps[students["carol"]] == 0
    assert quiz_totals[alice] == 25 and quiz_totals[students["carol"]] == pytest.approx(7.5)
    assert quiz_totals[bob] < 25  # graded with bob's own numbers, as the README says

    def feedback(word: str, aid: str) -> str:
        pages = list((home(students[word]) / aid / "feedback").glob(f"*/{aid}.html"))
        assert len(pages) == 1, (word, aid, pages)
        return pages[0].read_text(encoding="utf-8")

    assert "softmax: 3 / 3" in feedback("alice", PS)
    bob_ps = feedback("bob", PS)
    assert "batch-mean" in bob_ps and "기댓값 / expected:" in bob_ps and "반환값 / returned:" in bob_ps
    assert "Out[" not in bob_ps
    assert "무답/blank" in feedback("carol", QUIZ) and "✗" not in feedback("carol", QUIZ)
    bob_quiz = feedback("bob", QUIZ)
    assert "nbgrader student id mismatch" in bob_quiz and "20261234" in bob_quiz
    assert "with the numbers of &#x27;20261234&#x27;: right" in bob_quiz or \
        "with the numbers of '20261234': right" in bob_quiz
    assert "mismatch" not in feedback("alice", QUIZ)
    # ... and loudly to the instructor.
    assert "nbgrader student id mismatch" in instructor_output[QUIZ] and bob in instructor_output[QUIZ]

    grades = (course / "grades.csv").read_text(encoding="utf-8")
    assert "000000" not in grades and "99999" not in grades
    if db_url is None:
        assert (course / "gradebook.db").exists()
    else:
        assert not (course / "gradebook.db").exists()
