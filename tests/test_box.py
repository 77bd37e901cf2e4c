"""The process box (bubblewrap) and the fallback path, each attack of issue #9 as a test.

Every test runs on both paths where it applies: `box` (bwrap; skipped on a laptop without it,
a failure in CI) and `fallback` (BACKPROP_LAB_SANDBOX=fallback: Landlock, the audit hook and
rlimits only). The tests written against the box alone turn the inner layers off
(`Limits(landlock=False, audit_hook=False)`), so what they show is the box's own doing.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from autograder import checks
from autograder.checks.framework import PROJECT_ROOT, solutions_dir
from autograder.grading import Grader
from autograder.sandbox import box, forkserver
from autograder.sandbox.client import Limits, Remote, Sandbox, SandboxFault, StudentError
from autograder.submission import Cell, Submission
from tests.support.components import require_bwrap

pytestmark = pytest.mark.task1
AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
FULL = {q.id: q.max_score for q in checks.get(AID).questions.values()}
BARE = dict(landlock=False, audit_hook=False)  # the box alone


@pytest.fixture(params=["box", "fresh-box", "fallback"])
def path(request, monkeypatch):
    """Run the test on the bubblewrap path (student processes forked by a fork server where the
    grader is root, forkserver.py), on a fresh box per student process (what a grader that is not
    root gets) and on the fallback path."""
    if request.param != "fallback":
        require_bwrap()
        if box.box_works():
            pytest.skip(f"no box here: {box.box_works()}")
    monkeypatch.setenv("BACKPROP_LAB_SANDBOX", "fallback" if request.param == "fallback" else "box")
    monkeypatch.setenv("BACKPROP_LAB_FORK_SERVER", "0" if request.param == "fresh-box" else "1")
    return "box" if request.param == "fresh-box" else request.param


@pytest.fixture(params=["fork-server", "fresh-box"])
def boxed(request, monkeypatch):
    require_bwrap()
    if box.box_works():
        pytest.fail(f"bwrap is installed but cannot make a box: {box.box_works()}")
    monkeypatch.setenv("BACKPROP_LAB_SANDBOX", "box")
    monkeypatch.setenv("BACKPROP_LAB_FORK_SERVER", "0" if request.param == "fresh-box" else "1")


def ours() -> set[int]:
    """Student processes of this worktree still alive (their command line names our site-packages),
    not counting the idle fork servers' own processes (forkserver.py: they stay between students)."""
    marker = box.site_packages()[0].encode()
    found = set()
    servers = forkserver.idle_pids()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if marker in cmd and b"autograder.sandbox.worker" in cmd and int(entry) not in servers:
            found.add(int(entry))
    return found


def sibling_workers() -> set[int]:
    """Processes below the other test workers of this run (pytest-xdist starts them beside us):
    their sandboxes are alive and legitimate while this test looks for survivors of its own. An
    escapee of ours is below this process or an orphan (parent 1), never below a sibling."""
    parent = os.getppid()
    if parent <= 1:
        return set()
    return set(box.descendants(parent)) - set(box.descendants(os.getpid())) - {os.getpid()}


def no_survivors(before: set[int], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not ours() - before - sibling_workers():
            return True
        time.sleep(0.1)
    return False


def value(sb: Sandbox, code: str):
    sb.exec_cell(code, "<cell>", "__main__")
    return Remote(sb, {"name": "x", "path": []}).value()


def grade(*sources: str, limits: Limits | None = None):
    cells = [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(AID), limits).grade(Submission(cells))


def scores(report) -> dict[str, float]:
    return {q: r.score for q, r in report.questions.items()}


def only_lost(report, qid: str) -> None:
    got = scores(report)
    assert got[qid] == 0
    assert {q: s for q, s in got.items() if q != qid} == {q: s for q, s in FULL.items() if q != qid}
    assert all(c.message.strip() for c in report.questions[qid].checks), "the student must be told why"


ESCAPE = """
import os, time
try:
    import _posixsubprocess as ps
except Exception:
    ps = None
def _forever():
    os.setsid()
    while True:
        time.sleep(1)
def softmax_loss(z, t):
    import subprocess
    fork_exec = getattr(subprocess, "_fork_exec", None) or ps.fork_exec
    r, w = os.pipe()
    head = [[b"/bin/true"], [b"/bin/true"], True, (), None, None, -1, -1, -1, -1, -1, -1, r, w, True, True]
    for tail in ([-1, -1, None, -1, -1, _forever, False], [-1, None, None, None, -1, _forever, False],
                 [None, None, None, -1, _forever], [-1, None, None, None, -1, _forever]):
        try:
            fork_exec(*head, *tail)
            break
        except (TypeError, ValueError):  # another Python version's signature
            continue
    return 0.0
"""


def test_a_process_forked_without_an_audit_event_does_not_outlive_grading(path):
    """`_posixsubprocess.fork_exec` + setsid + a preexec_fn that never returns (issue #9)."""
    before = ours()
    report = grade(REFERENCE + ESCAPE, limits=Limits(**BARE) if path == "box" else None)
    assert report.questions["softmax_loss"].score < FULL["softmax_loss"]
    assert no_survivors(before), f"processes left after grading: {ours() - before}"


def test_the_box_ends_every_process_it_holds(boxed):
    before = ours()
    with Sandbox(Limits(**BARE)) as sb:
        sb.start()
        assert sb.info["boxed"]
        sb.exec_cell("import os, time\nfor _ in range(5):\n    if os.fork() == 0:\n        os.setsid()\n"
                     "        time.sleep(1000)\n", "<cell>", "__main__")
        assert len(ours() - before) >= 6  # the worker and its five children are running
    assert no_survivors(before), f"processes left after the box closed: {ours() - before}"


def test_a_fork_bomb_stops_at_the_process_limit_and_costs_only_its_question(boxed):
    bomb = REFERENCE + "\nimport os\ndef softmax_loss(z, t):\n    while True:\n        os.fork()\n"
    before = ours()
    started = time.monotonic()
    report = grade(bomb, limits=Limits(processes=16, **BARE))
    only_lost(report, "softmax_loss")
    assert time.monotonic() - started < 60
    assert no_survivors(before)


@pytest.mark.parametrize("code", ["import os\nos.fork()", "import subprocess\nsubprocess.run(['/bin/true'])",
                                  ESCAPE + "\nsoftmax_loss(0, 0)"])
def test_with_every_layer_on_forking_is_refused(path, code):
    with Sandbox() as sb:
        sb.start()
        with pytest.raises(StudentError) as err:
            sb.exec_cell(code, "<cell>", "__main__")
        assert err.value.type in ("PermissionError", "OSError")


def test_the_project_the_course_and_the_data_sets_are_not_in_the_box(boxed, tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    sklearn_data = [p for p in box.hidden_paths() if p.endswith("datasets/data")]
    assert sklearn_data, "scikit-learn's data files were not found on the grader's side"
    with Sandbox(Limits(**BARE)) as sb:
        sb.start()
        for path in (PROJECT_ROOT / "solutions", PROJECT_ROOT / "autograder" / "checks", PROJECT_ROOT / "quizzes",
                     PROJECT_ROOT / "tests", course, "/home", "/root/.ssh", "/etc/passwd"):
            assert value(sb, f"import os\nx = os.path.exists({str(path)!r})") is False, path
        assert value(sb, f"import os\nx = os.listdir({sklearn_data[0]!r}) if os.access({sklearn_data[0]!r}, "
                         f"os.R_OK) else []") == []
        with pytest.raises(StudentError):
            sb.exec_cell("from sklearn.datasets import load_digits\nload_digits()", "<cell>", "__main__")
        # what the worker imports is there, read-only
        assert value(sb, "import os\nx = sorted(os.listdir('/opt/backprop-lab/autograder/sandbox'))").count(
            "worker.py") == 1
        with pytest.raises(StudentError):
            sb.exec_cell("open('/opt/backprop-lab/autograder/sandbox/worker.py', 'a').write('#')", "<c>", "m")


def test_the_data_sets_are_refused_on_the_fallback_path_too(monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_SANDBOX", "fallback")
    with Sandbox() as sb:
        sb.start()
        with pytest.raises(StudentError) as err:
            sb.exec_cell("from sklearn.datasets import load_digits\nload_digits()", "<cell>", "__main__")
        assert err.value.type == "PermissionError"


def test_no_network_in_the_box(boxed):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        with Sandbox(Limits(**BARE)) as sb:
            sb.start()
            with pytest.raises(StudentError) as err:
                sb.exec_cell(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)",
                             "<cell>", "__main__")
            assert err.value.type in ("ConnectionRefusedError", "OSError", "TimeoutError")
        assert not accepted
    finally:
        server.close()


def test_limits_hold_from_the_first_student_line(path):
    with Sandbox() as sb:
        sb.start()
        got = value(sb, "import resource\nx = [resource.getrlimit(r)[1] for r in "
                        "(resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_NPROC)]")
        assert all(0 < v < 10**12 for v in got[:2]), got
        if path == "box":  # the box's own uid, so the process limit counts only this box
            assert 0 < got[2] <= Limits().processes
            assert value(sb, "import os\nx = os.getuid()") >= box.FIRST_BOX_UID


def test_a_disk_filler_costs_only_its_question(path):
    filler = REFERENCE + ("\ndef softmax_loss(z, t):\n    for i in range(40):\n"
                          "        with open(f'fill{i}', 'wb') as f:\n            f.write(b'x' * (15 << 20))\n"
                          "    return 0.0\n")
    report = grade(filler)
    only_lost(report, "softmax_loss")
    text = " ".join(c.message for c in report.questions["softmax_loss"].checks)
    assert "디스크" in text and "Disk quota" in text


def test_without_the_box_every_report_says_so(monkeypatch, capsys):
    monkeypatch.setenv("BACKPROP_LAB_SANDBOX", "fallback")
    monkeypatch.setattr(box, "_warned", False)
    report = grade(REFERENCE)
    assert scores(report) == FULL
    assert any("bubblewrap" in e for e in report.errors)
    assert "bubblewrap" in capsys.readouterr().err


def test_with_the_box_the_report_has_no_warning(boxed):
    report = grade(REFERENCE)
    assert scores(report) == FULL
    assert not any("bubblewrap" in e for e in report.errors)


def test_faults_inside_the_box_are_named(boxed):
    with Sandbox(Limits(memory_bytes=1 << 30)) as sb:
        sb.start()
        sb.begin_question(2, 1)
        with pytest.raises(SandboxFault) as fault:
            sb.exec_cell("while True: pass", "<cell>", "__main__")
        assert fault.value.kind in ("cpu", "timeout") and fault.value.ko and fault.value.en
        sb.start()
        with pytest.raises(SandboxFault) as fault:
            sb.exec_cell("import os\nos._exit(3)", "<cell>", "__main__")
        assert fault.value.kind == "exit" and "3" in fault.value.en


def test_a_student_who_imports_pyplot_loses_nothing(path):
    """`import matplotlib.pyplot` lists the system font folders on first import: the sandbox lets
    it (reading fonts reveals nothing), so the function in the same cell is graded, not lost."""
    source = (solutions_dir() / "ps1_softmax_loss.py").read_text(encoding="utf-8")
    code = "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n" + source + (
        "\nfig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])\nfig.savefig('plot.png')\n")
    report = Grader(checks.get("ps1_softmax_loss")).grade(Submission([Cell("<cell 1>", code)]))
    assert not [e for e in report.errors if "PermissionError" in e], report.errors
    assert report.score == report.max_score


def test_student_code_holds_no_capability(boxed):
    with Sandbox(Limits(**BARE)) as sb:
        sb.start()
        caps = value(sb, "x = {l.split(':')[0]: int(l.split()[1], 16) for l in open('/proc/self/status') "
                         "if l.startswith('Cap')}")
    # none to use, none to get back (Landlock refuses execve, so the inheritable set gives nothing)
    assert caps["CapEff"] == caps["CapPrm"] == caps["CapAmb"] == 0, caps
    if os.geteuid() == 0:  # what bwrap let the box's first process keep, and no more
        allowed = {"CAP_CHOWN": 0, "CAP_DAC_OVERRIDE": 1, "CAP_FOWNER": 3, "CAP_KILL": 5, "CAP_SETGID": 6,
                   "CAP_SETUID": 7}
        assert set(box.SERVER_CAPS) <= set(allowed)
        assert caps["CapInh"] & ~sum(1 << allowed[c] for c in box.SERVER_CAPS) == 0, hex(caps["CapInh"])
