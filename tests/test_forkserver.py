"""The fork server (autograder/sandbox/forkserver.py): one warm box forks every student process
of a grader in turn. Each test has a hostile first student try to reach the next one (or the
server) and asserts the next one finds the state a fresh box gives: nothing the first one wrote,
changed, started or used up is left, and the server answers for no one but the grader.

The first student runs with the inner layers off (`Limits(landlock=False, audit_hook=False)`)
where that lets it try more: what stops it then is the fork server's own doing.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.grading import Grader
from autograder.sandbox import box, forkserver
from autograder.sandbox.client import Limits, Remote, Sandbox, SandboxFault, StudentError
from autograder.submission import Cell, Submission
from tests.support.components import is_root, require_bwrap

pytestmark = pytest.mark.task1
BARE = dict(landlock=False, audit_hook=False)
AID = "ps1_softmax_loss"


@pytest.fixture
def server(monkeypatch):
    """A grader with a fork server (root, bwrap and Landlock are needed; CI has them)."""
    require_bwrap()
    if box.box_works():
        pytest.fail(f"bwrap is installed but cannot make a box: {box.box_works()}")
    if not is_root():
        pytest.skip("the fork server needs a uid per student process: the grader must be root")
    monkeypatch.setenv("BACKPROP_LAB_SANDBOX", "box")
    monkeypatch.setenv("BACKPROP_LAB_FORK_SERVER", "1")
    forkserver.close_all()
    yield
    forkserver.close_all()


def value(sb: Sandbox, code: str):
    sb.exec_cell(code, "<cell>", "__main__")
    return Remote(sb, {"name": "x", "path": []}).value()


def forked(sb: Sandbox) -> forkserver.ForkedProcess:
    assert isinstance(sb.proc, forkserver.ForkedProcess), "the student process was not forked by a server"
    return sb.proc


def live(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()
    except OSError:
        return False


def test_students_follow_each_other_in_one_server_and_find_a_fresh_box(server):
    with Sandbox(Limits(**BARE)) as first:
        first.start()
        server_pid = forked(first).server.pid
        uid_a = value(first, "import os\nx = os.getuid()")
        # a file, a changed NumPy, a process left running in a session of its own, a full disk
        first.exec_cell("import os, time, numpy\nopen('/tmp/work/note', 'w').write('from a')\n"
                        "numpy.sum = lambda *a, **k: 42\nnumpy.pi = 3\n"
                        "if os.fork() == 0:\n    os.setsid()\n    time.sleep(1000)\n", "<cell>", "__main__")
        left = [p for p in box.descendants(forked(first).server.proc.pid) if p != server_pid and live(p)
                and open(f"/proc/{p}/status").read().count(f"Uid:\t{uid_a}\t")]
        assert len(left) == 2, left  # the student process and the one it left behind
        with pytest.raises(StudentError) as full:  # 64 MiB of tmpfs, files of at most 16 MiB
            first.exec_cell("for i in range(6):\n    with open(f'/tmp/work/fill{i}', 'wb') as f:\n"
                            "        f.write(b'x' * (15 << 20))\n", "<cell>", "__main__")
        assert "No space" in full.value.message
    assert not any(live(p) for p in left), "the first student's processes outlived it"
    with Sandbox(Limits(**BARE)) as second:
        second.start()
        assert forked(second).server.pid == server_pid  # the same warm box
        uid_b = value(second, "import os\nx = os.getuid()")
        assert uid_b != uid_a and uid_b >= box.FIRST_BOX_UID
        assert value(second, "import os\nx = sorted(os.listdir('/tmp/work'))") == []
        assert value(second, "import numpy\nx = [float(numpy.sum([1, 2])), numpy.pi > 3.14]") == [3.0, True]
        assert value(second, f"import os\nx = [p for p in os.listdir('/proc') if p.isdigit() and "
                             f"open(f'/proc/{{p}}/status').read().count('Uid:\\t{uid_a}\\t')]") == []
        # the whole tmpfs is there again
        assert value(second, "x = 0\nfor i in range(4):\n    with open(f'/tmp/work/big{i}', 'wb') as f:\n"
                             "        x += f.write(b'y' * (15 << 20))\n") == 60 << 20


def test_a_student_can_neither_signal_nor_read_the_server(server):
    with Sandbox(Limits(**BARE)) as first:
        first.start()
        server_pid = forked(first).server.pid
        for target in (1, 2):  # the box's init and the server, as the student sees them
            with pytest.raises(StudentError) as err:
                first.exec_cell(f"import os, signal\nos.kill({target}, signal.SIGKILL)", "<cell>", "__main__")
            assert err.value.type == "PermissionError"
        # its fds: the three standard ones (on /dev/null) and its two pipes; never the control socket
        fds = value(first, "import os\nx = sorted(int(f) for f in os.listdir('/proc/self/fd'))")
        assert len(fds) <= 6, fds  # 0, 1, 2, two pipes, and the listing's own fd
        kinds = value(first, "import os\nx = []\nfor f in os.listdir('/proc/self/fd'):\n    try:\n"
                             "        x.append(os.readlink(f'/proc/self/fd/{f}'))\n    except OSError:\n        pass\n")
        assert sum(k.startswith("pipe:") for k in kinds) == 2, kinds
        assert not any(k.startswith("socket:") for k in kinds), kinds
        with pytest.raises(StudentError):
            first.exec_cell("open('/proc/2/environ').read()", "<cell>", "__main__")
    assert live(server_pid)
    with Sandbox(Limits(**BARE)) as second:
        second.start()
        assert forked(second).server.pid == server_pid
        assert value(second, "x = 1 + 1") == 2


def test_faults_are_named_as_in_a_fresh_box(server):
    with Sandbox(Limits(memory_bytes=1 << 30, **BARE)) as sb:
        sb.start()
        forked(sb)
        sb.begin_question(2, 1)
        with pytest.raises(SandboxFault) as fault:
            sb.exec_cell("while True: pass", "<cell>", "__main__")
        assert fault.value.kind in ("cpu", "timeout")
        sb.start()
        with pytest.raises(SandboxFault) as fault:
            sb.exec_cell("import os\nos._exit(3)", "<cell>", "__main__")
        assert fault.value.kind == "exit" and "3" in fault.value.en
        sb.start()
        with pytest.raises(SandboxFault) as fault:
            sb.exec_cell("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", "<cell>", "__main__")
        assert fault.value.kind == "crash" and "SIGSEGV" in fault.value.en


def test_a_server_that_died_is_replaced_and_grading_goes_on(server):
    with Sandbox() as sb:
        sb.start()
        old = forked(sb).server
    os.kill(old.pid, signal.SIGKILL)  # the idle server dies (as if the OOM killer chose it)
    time.sleep(0.2)
    with Sandbox() as sb:
        sb.start()
        assert forked(sb).server is not old
        assert value(sb, "x = 6 * 7") == 42
    reference = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
    report = Grader(checks.get(AID)).grade(Submission([Cell("<cell 1>", reference)]))
    assert all(q.score == q.max_score for q in report.questions.values())


def test_a_server_killed_while_a_student_runs_costs_that_question_only(server):
    with Sandbox(Limits(cell_seconds=5)) as sb:
        sb.start()
        process = forked(sb)
        sb.exec_cell("import time", "<cell>", "__main__")
        os.kill(process.server.pid, signal.SIGKILL)
        try:  # the student process lives on in the box until the box ends, or dies with it
            sb.exec_cell("x = 1", "<cell>", "__main__")
        except SandboxFault:
            pass
    assert not process.server.alive() or process.broken
    with Sandbox() as sb:
        sb.start()
        assert forked(sb).server is not process.server
        assert value(sb, "x = 2 + 2") == 4


def test_where_no_server_starts_every_student_process_gets_a_fresh_box(server, monkeypatch):
    starts = []

    def broken(self, *args, **kwargs):
        starts.append(1)
        raise forkserver.ForkServerError("the box would not start")

    monkeypatch.setattr(forkserver.ForkServer, "__init__", broken)
    monkeypatch.setattr(forkserver, "_failed", [])
    for _ in range(2):
        with Sandbox() as sb:
            sb.start()
            assert not isinstance(sb.proc, forkserver.ForkedProcess) and sb.info["boxed"]
            assert value(sb, "import os\nx = os.getuid()") >= box.FIRST_BOX_UID
    assert starts == [1]  # tried once, then this process stops trying


def test_the_server_keeps_only_the_powers_it_uses_and_a_student_has_none(server):
    with Sandbox(Limits(**BARE)) as sb:
        sb.start()
        server_pid = forked(sb).server.pid
        with open(f"/proc/{server_pid}/status") as f:
            caps = {k: int(v, 16) for k, v in (line.split(":") for line in f if line.startswith("Cap"))}
        # CAP_CHOWN 0, CAP_DAC_OVERRIDE 1, CAP_FOWNER 3, CAP_KILL 5, CAP_SETGID 6, CAP_SETUID 7
        expected = sum(1 << bit for bit in (0, 1, 3, 5, 6, 7))
        # effective and permitted: what it can use, and all it could ever get back (it never calls execve)
        assert caps["CapEff"] == caps["CapPrm"] == expected, {k: hex(v) for k, v in caps.items()}
        student = value(sb, "x = {l.split(':')[0]: int(l.split()[1], 16) for l in open('/proc/self/status') "
                            "if l.startswith('Cap')}")
        assert student["CapEff"] == student["CapPrm"] == student["CapAmb"] == 0, student
        assert student["CapInh"] & ~expected == 0, student


def test_system_v_ipc_a_student_made_is_gone_for_the_next(server):
    make = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            "x = [libc.shmget(0, 1 << 20, 0o1600), libc.msgget(0, 0o1600), libc.semget(0, 1, 0o1600)]\n")
    listed = "x = [len(open(f'/proc/sysvipc/{k}').read().splitlines()) - 1 for k in ('shm', 'msg', 'sem')]"
    with Sandbox(Limits(**BARE)) as first:
        first.start()
        assert all(i >= 0 for i in value(first, make))
        assert value(first, listed) == [1, 1, 1]
    with Sandbox(Limits(**BARE)) as second:
        second.start()
        assert value(second, listed) == [0, 0, 0]
