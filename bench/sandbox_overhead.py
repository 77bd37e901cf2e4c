"""What the bubblewrap box and the isolated grader worker add per submission, measured in one run.

    .venv/bin/python bench/sandbox_overhead.py [N]

Grades the ps1 reference N times (default 10) on each path and prints seconds per submission
and the ratios: the box (a fresh box per student process, and, where the grader is root, the
fork server's forked processes) against the fallback path (same grader process), and the
executor's isolated grader worker (persistent, one per slot) against grading in the caller's
thread.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import checks  # noqa: E402
from autograder.executor import GradeJob, LocalExecutor  # noqa: E402
from autograder.grading import Grader  # noqa: E402
from autograder.sandbox import box  # noqa: E402
from autograder.submission import load_bytes  # noqa: E402

AID = "ps1_softmax_loss"


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 10
    data = (ROOT / "solutions" / f"{AID}.py").read_bytes()
    submission = load_bytes("reference.py", data)
    assignment = checks.get(AID)
    full = assignment.max_score

    def grade_once() -> None:
        assert Grader(assignment).grade(submission).score == full

    # A and B alternate, submission by submission, so the machine's load drifts into both alike.
    # name: (BACKPROP_LAB_SANDBOX, BACKPROP_LAB_FORK_SERVER)
    modes = {"fallback": ("fallback", "0")}
    if box.box_works():
        print(f"no box here: {box.box_works()}")
    else:
        modes["box"] = ("box", "0")
        if os.geteuid() == 0:
            modes["fork"] = ("box", "1")
    times: dict[str, list[float]] = {m: [] for m in modes}
    for i in range(n + 1):
        for mode, (sandbox, fork_server) in modes.items():
            os.environ["BACKPROP_LAB_SANDBOX"], os.environ["BACKPROP_LAB_FORK_SERVER"] = sandbox, fork_server
            started = time.perf_counter()
            grade_once()
            if i:  # the first round warms up (imports, page cache)
                times[mode].append(time.perf_counter() - started)
    results = {m: statistics.median(t) for m, t in times.items()}
    names = {"fallback": "fallback (no box)", "box": "a fresh box per process", "fork": "fork server's box"}
    for mode, seconds in results.items():
        print(f"{names[mode]:>24}: {seconds:.3f} s per ps1 submission (median of {n})")
    for mode in ("box", "fork"):
        if mode in results:
            print(f"{names[mode]} / fallback: {results[mode] / results['fallback']:.2f}x "
                  f"({(results[mode] - results['fallback']) * 1000:+.0f} ms per submission)")

    os.environ.pop("BACKPROP_LAB_SANDBOX", None)
    os.environ.pop("BACKPROP_LAB_FORK_SERVER", None)
    job = GradeJob(AID, "reference.py", data)
    with LocalExecutor(1, isolated=False) as thread, LocalExecutor(1, isolated=True) as isolated:
        executors = {"thread": thread, "isolated": isolated}
        laps: dict[str, list[float]] = {k: [] for k in executors}
        for i in range(n + 1):
            for name, executor in executors.items():
                started = time.perf_counter()
                assert executor.submit(job).result().score == full
                if i:  # the first job starts the worker and imports once
                    laps[name].append(time.perf_counter() - started)
    for name, lap in laps.items():
        results[name] = statistics.median(lap)
        where = "isolated grader worker" if name == "isolated" else "in a thread"
        print(f"executor, {where:>22}: {results[name]:.3f} s per submission")
    print(f"isolated / thread: {results['isolated'] / results['thread']:.2f}x "
          f"({(results['isolated'] - results['thread']) * 1000:+.0f} ms per submission)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
