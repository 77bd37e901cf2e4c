"""What the bubblewrap box and the isolated grader worker add per submission, measured in one run.

    .venv/bin/python bench/sandbox_overhead.py [N]

Grades the ps1 reference N times (default 10) on each path and prints seconds per submission
and the ratios: the box against the fallback path (same grader process), and the executor's
isolated grader worker (persistent, one per slot) against grading in the caller's thread.
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


def per_submission(fn, n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 10
    data = (ROOT / "solutions" / f"{AID}.py").read_bytes()
    submission = load_bytes("reference.py", data)
    assignment = checks.get(AID)
    full = assignment.max_score

    def grade_once() -> None:
        assert Grader(assignment).grade(submission).score == full

    results = {}
    for mode in ("fallback", "box"):
        if mode == "box" and box.box_works():
            print(f"no box here: {box.box_works()}")
            continue
        os.environ["BACKPROP_LAB_SANDBOX"] = mode
        grade_once()  # warm up (imports, page cache)
        results[mode] = per_submission(grade_once, n)
        print(f"{mode:>9}: {results[mode]:.3f} s per ps1 submission (median of {n})")
    if len(results) == 2:
        print(f"box / fallback: {results['box'] / results['fallback']:.2f}x "
              f"(+{(results['box'] - results['fallback']) * 1000:.0f} ms per submission)")

    os.environ.pop("BACKPROP_LAB_SANDBOX", None)
    job = GradeJob(AID, "reference.py", data)
    for isolated in (False, True):
        with LocalExecutor(1, isolated=isolated) as executor:
            executor.submit(job).result()  # the worker starts and imports once
            seconds = per_submission(lambda ex=executor: ex.submit(job).result(), n)
        results["isolated" if isolated else "thread"] = seconds
        where = 'isolated grader worker' if isolated else 'in a thread'
        print(f"executor, {where:>22}: {seconds:.3f} s per submission")
    print(f"isolated / thread: {results['isolated'] / results['thread']:.2f}x "
          f"(+{(results['isolated'] - results['thread']) * 1000:.0f} ms per submission)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
