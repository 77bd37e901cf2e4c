"""Student code cannot fake a score, read what it must not, or break anyone else's grade.

Each attack below was measured against stock nbgrader 0.9.6 (issue #2); here it must
earn nothing, and a broken question must cost only that question.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder import checks
from autograder.checks.framework import PROJECT_ROOT, solutions_dir
from autograder.grading import Grader
from autograder.sandbox.client import Limits, Sandbox, SandboxFault, StudentError
from autograder.submission import Cell, Submission

pytestmark = pytest.mark.task1
AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
STUBS = """
import numpy as np
def softmax(a): raise NotImplementedError()
def cross_entropy_error(y, t): raise NotImplementedError()
def binary_cross_entropy(y_hat, y): raise NotImplementedError()
def mean_squared_error(y, t): raise NotImplementedError()
def softmax_loss(z, t): raise NotImplementedError()
def softmax_loss_grad(z, t): raise NotImplementedError()
"""


def grade(*sources: str, limits: Limits | None = None):
    cells = [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(AID), limits).grade(Submission(cells))


def scores(report) -> dict[str, float]:
    return {q: r.score for q, r in report.questions.items()}


FULL = {q.id: q.max_score for q in checks.get(AID).questions.values()}


def test_patching_numpy_comparisons_earns_nothing():
    cheat = "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n" \
            "np.testing.assert_allclose = lambda *a, **k: None\n"
    report = grade(STUBS, cheat)
    assert report.score == 0


def test_emptying_test_cells_through_ipython_earns_nothing():
    report = grade(STUBS, "get_ipython().input_transformers_cleanup.append(lambda lines: [])")
    assert report.score == 0
    assert any("get_ipython" in e for e in report.errors)


def test_warnings_on_stderr_do_not_cost_points():
    noisy = REFERENCE + "\nimport sys, warnings\n_sm = softmax\n" \
        "def softmax(a):\n    warnings.warn('overflow encountered', RuntimeWarning)\n" \
        "    print('debug', file=sys.stderr)\n    return _sm(a)\n"
    assert scores(grade(noisy)) == FULL


def test_returning_numpy_scalars_is_graded_by_value():
    # np.float64 results are plain numbers to us: right ones pass, wrong ones fail.
    wrong = REFERENCE + "\ndef mean_squared_error(y, t):\n    return np.float64(0.5)\n"
    report = grade(wrong)
    got = scores(report)
    value_checks = [c for c in report.questions["mean_squared_error"].checks if c.name != "inputs_unchanged"]
    assert value_checks and not any(c.passed for c in value_checks)
    assert {q: s for q, s in got.items() if q != "mean_squared_error"} == \
        {q: s for q, s in FULL.items() if q != "mean_squared_error"}


@pytest.mark.parametrize("attack", [
    "os._exit(0)", "os._exit(1)", "sys.exit(0)", "raise SystemExit(0)", "import faulthandler; faulthandler._sigsegv()",
    "while True: pass", "import time; time.sleep(1000)",
    "while True:\n        try:\n            time.sleep(10)\n        except BaseException:\n            pass",
    "print('x' * 10_000_000)", "[print('flood', i) for i in range(10**8)]",
    "np.ones((1 << 36,))",
])
def test_a_broken_question_costs_only_that_question(attack):
    broken = REFERENCE + f"\nimport os, sys, time\ndef softmax_loss(z, t):\n    {attack}\n"
    report = grade(broken, limits=Limits(memory_bytes=1 << 30))
    got = scores(report)
    assert got["softmax_loss"] == 0
    assert {q: s for q, s in got.items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    assert all(c.message.strip() for c in report.questions["softmax_loss"].checks), "the student must be told why"


def test_a_cell_that_hangs_or_exits_at_top_level_is_skipped_not_fatal():
    report = grade(REFERENCE, "import os\nos._exit(3)", "while True: pass")
    assert scores(report) == FULL
    assert len([e for e in report.errors if e.startswith("<cell")]) == 2


@pytest.mark.parametrize("code", [
    f"open({str(solutions_dir() / (AID + '.py'))!r}).read()",
    f"open({str(PROJECT_ROOT / 'autograder' / 'checks' / (AID + '.py'))!r}).read()",
    f"import os; os.listdir({str(PROJECT_ROOT)!r})",
    f"open({str(PROJECT_ROOT / 'quizzes' / 'bank' / 'loss.toml')!r}).read()",  # the quiz key
    f"open({str(PROJECT_ROOT / 'gradebook.db')!r}, 'w').write('x')",
    "import subprocess; subprocess.run(['id'])",
    "import os; os.system('id')",
    "import os; os.kill(os.getppid(), 9)",
    "import socket; socket.create_connection(('127.0.0.1', 22))",
    "import ctypes; ctypes.CDLL(None).kill(0, 9)",
    "import os; os.fork()",
    "import resource; resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))",
])
def test_forbidden_operations_are_refused(code):
    with Sandbox() as sb:
        sb.start()
        with pytest.raises(StudentError) as err:
            sb.exec_cell(code, "<cell>", "__main__")
        assert err.value.type in ("PermissionError", "OSError", "FileNotFoundError")


def test_landlock_refuses_reads_even_without_the_audit_hook():
    """The kernel layer alone: reading through a path the audit hook never sees."""
    with Sandbox() as sb:
        sb.start()
        if not sb.info.get("landlock"):
            pytest.skip("Landlock is not available on this kernel")
        path = str(solutions_dir() / f"{AID}.py")
        # numpy's C reader opens the file itself; only the kernel can refuse it
        with pytest.raises((StudentError, SandboxFault)):
            sb.exec_cell(f"import numpy as np\nnp.fromfile({path!r}, dtype=np.uint8)", "<cell>", "__main__")


def test_student_process_can_write_only_its_own_directory():
    with Sandbox() as sb:
        sb.start()
        sb.exec_cell("open('scratch.txt', 'w').write('ok')\nresult = open('scratch.txt').read()", "<cell>", "__main__")
        from autograder.sandbox.client import Remote

        assert Remote(sb, {"name": "result", "path": []}).value() == "ok"


def test_hostile_replies_are_rejected_not_unpickled():
    from autograder.sandbox import protocol

    for bad in [{"__nd__": ["|O", [1], ""]}, {"__handle__": 1}, {"__pickle__": "gASV"}, {"a": 1, "b": 2}]:
        with pytest.raises((protocol.ProtocolError, TypeError, ValueError)):
            protocol.decode(bad)
    x = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(protocol.decode(protocol.encode(x)), x)


def test_without_landlock_the_audit_hook_still_refuses_and_the_report_says_so():
    limits = Limits(landlock=False)
    with Sandbox(limits) as sb:
        sb.start()
        assert sb.info["landlock"] == 0
        with pytest.raises(StudentError):
            sb.exec_cell(f"open({str(solutions_dir() / (AID + '.py'))!r}).read()", "<cell>", "__main__")
    report = grade(REFERENCE, limits=limits)
    assert scores(report) == FULL
    assert any("Landlock is not available" in e for e in report.errors)


def test_unprintable_error_messages_do_not_break_the_report(capsys):
    import json

    from autograder.console import print_report

    broken = REFERENCE + "\ndef softmax(a):\n    raise ValueError('bad \\ud800 text')\n"
    report = grade(broken)
    assert scores(report)["softmax"] == 0
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")
    print_report(report)
    assert "softmax" in capsys.readouterr().out


def test_a_syntax_error_costs_only_the_functions_of_that_cell():
    cells = [REFERENCE, "def softmax_loss(z, t)\n    return 0.0\n"]  # missing colon, in its own cell
    cells[0] = cells[0].replace("def softmax_loss(", "def _unused_softmax_loss(")
    report = grade(*cells)
    got = scores(report)
    assert got["softmax_loss"] == 0
    assert {q: s for q, s in got.items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    assert any("SyntaxError" in e for e in report.errors)
    assert "not defined" in report.questions["softmax_loss"].checks[0].message
