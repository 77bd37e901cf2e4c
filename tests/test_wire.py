"""The strict wire: student code can write to the grading channel (its fd is in sys.argv), so
every attack on it must be a fault of one question, never an exception, a hang or a blow-up
in the grader. Each forged message below is from issue #9."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.grading import Grader
from autograder.sandbox import protocol
from autograder.sandbox.client import Limits, Sandbox, SandboxFault
from autograder.submission import Cell, Submission
from tests.test_box import FULL, only_lost, path  # noqa: F401  (path: both sandbox paths)

pytestmark = pytest.mark.task1
AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")

FORGE = '''
import os, sys, json, struct, time
def _request():
    f = sys._getframe(1)
    while f is not None:
        if isinstance(f.f_locals.get("req"), dict):
            return f.f_locals["req"]
        f = f.f_back
def _send(msg=None, raw=None):
    payload = raw if raw is not None else json.dumps(msg).encode()
    os.write(int(sys.argv[2]), struct.pack(">I", len(payload)) + payload)
def _reply(**fields):
    base = {"kind": "reply", "id": _request()["id"], "ok": True, "stdout": "", "stderr": "", "output_chars": 0}
    _send({**base, **fields})
'''


def grade(*sources: str, limits: Limits | None = None):
    cells = [Cell(f"<cell {i}>", s) for i, s in enumerate(sources)]
    return Grader(checks.get(AID), limits).grade(Submission(cells))


def attack(body: str) -> str:
    return REFERENCE + FORGE + "\ndef softmax_loss(z, t):\n" + "".join(f"    {line}\n" for line in body.splitlines())


@pytest.mark.parametrize("body", [
    '_reply(output_chars="not a number", value=0.0)',
    '_reply(ok="yes", value=0.0)',
    '_reply(value={"__handle__": [1, "\\ud800"]}, output_chars=-5)',
    '_reply(ok=False, error={"type": 3})',
    '_reply(id=10**9, value=0.0)',
    '_send(raw=b"{not json")',
    '_send(raw=b"[" * 5000 + b"]" * 5000)',
    '_reply(value={"__nd__": ["<f8", [10**12], ""]})',
    '_reply(value={"__nd__": ["|O", [1], "AA=="]})',
    '_reply(value={"__nd__": ["<f8", [True], "AAAAAAAAAAA="]})',
    '_reply(value={"__np__": ["<i8", 10**4000]})',
    '_send({"kind": "callback", "id": 1})',
    '_reply(value=0.0); _reply(value=0.0)',
    '_reply(value=0.0); time.sleep(30)',
])
def test_a_forged_reply_costs_only_its_question(path, body):  # noqa: F811
    started = time.monotonic()
    report = grade(attack(body))
    assert time.monotonic() - started < 60
    got = {q: r.score for q, r in report.questions.items()}
    assert {q: s for q, s in got.items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    assert got["softmax_loss"] < FULL["softmax_loss"]
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")  # storable as it is


def test_a_forged_surrogate_type_name_prints(path, capsys):  # noqa: F811
    from autograder.console import print_report

    report = grade(attack('_reply(value={"__handle__": [1, "\\ud800\\x1b[2J"]})'))
    print_report(report)
    out = capsys.readouterr().out
    assert "softmax_loss" in out and "\x1b[2J" not in out


def test_a_child_that_stops_reading_cannot_block_a_grader_write(path):  # noqa: F811
    """A forged early "ok", then sleep: the grader's next request (1 MiB) must not block forever."""
    with Sandbox(Limits(cell_seconds=3)) as sb:
        sb.start()
        sb.exec_cell(FORGE + "\ndef f(x):\n    _reply(value=0.0)\n    time.sleep(60)\n", "<cell>", "m")
        from autograder.sandbox.client import Remote

        f = Remote(sb, {"name": "f", "path": []})
        sb.begin_question(3, 3)
        assert f(1) == 0.0  # the forged answer: no better than a wrong one
        started = time.monotonic()
        with pytest.raises(SandboxFault) as fault:
            f(np.zeros(1 << 17))  # 1 MiB: far more than a pipe holds
        assert time.monotonic() - started < 10
        assert fault.value.kind in ("timeout", "protocol") and fault.value.ko and fault.value.en


MEASURE = r"""
import json, resource, sys, time
from autograder import checks
from autograder.grading import Grader
from autograder.submission import Cell, Submission
source = open(sys.argv[1], encoding="utf-8").read()
started = time.monotonic()
report = Grader(checks.get(sys.argv[2])).grade(Submission([Cell("<cell 1>", source)]))
print(json.dumps({"scores": {q: r.score for q, r in report.questions.items()},
                  "seconds": time.monotonic() - started,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measured(tmp_path, source: str, aid: str = AID) -> dict:
    """Grade in a fresh process and report its own peak memory (ru_maxrss) and time."""
    file = tmp_path / "submission.py"
    file.write_text(source, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", MEASURE, str(file), aid], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("body", [
    '_send(raw=b"[" + b"[],"* (5 << 20) + b"[]]")',  # 15 MiB of [[],[],…]
    '_send(raw=b"[" + b"[],"* (21 << 20) + b"[]]")',  # 63 MiB
    'import numpy as np\nreturn np.ones(250_000 * 64, dtype=np.int8)',  # far larger than expected
    'import numpy as np\nreturn [[1.0] * 1000] * 1000',  # a million numbers as lists
])
def test_huge_replies_are_refused_before_they_cost_the_grader(tmp_path, body):
    result = measured(tmp_path, attack(body))
    assert result["scores"]["softmax_loss"] < FULL["softmax_loss"]
    assert {q: s for q, s in result["scores"].items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    assert result["peak_mib"] < 1024, result
    assert result["seconds"] < 60, result


def test_bounded_decoding_refuses_before_converting():
    with pytest.raises(protocol.TooLarge):
        protocol.decode({"__nd__": ["|i1", [16_000_000], "A" * 8]}, budget=protocol.Budget(elements=1_000_000))
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(json.loads("[" * 60 + "]" * 60) * 1, budget=protocol.Budget(nodes=10))
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_payload(b"[" + b"{}," * 200_000 + b"{}]")
    x = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(protocol.decode(protocol.encode(x)), x)


def test_a_reply_larger_than_the_limit_is_refused_by_its_header(path):  # noqa: F811
    report = grade(attack('_send(raw=b"x" * 10)\n'))  # header says 10 bytes of junk: refused as not JSON
    only_lost(report, "softmax_loss")
    header = attack('import struct, os, sys\nos.write(int(sys.argv[2]), struct.pack(">I", 2**31))\ntime.sleep(5)')
    only_lost(grade(header), "softmax_loss")
