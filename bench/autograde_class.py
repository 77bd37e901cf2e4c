"""A class of N ps1 submissions, graded end to end by stock nbgrader and by backprop-lab, in one run.

    .venv/bin/python bench/autograde_class.py [N]                      # default 60
    .venv/bin/python bench/autograde_class.py 500 --stock-sample 60    # stock timed on 60 (and 10), extrapolated

Stock: a course without backprop-lab (nbgrader's default config: a kernel runs each notebook,
whose test cells hold only visible asserts), `nbgrader autograde ps1_softmax_loss`.
Ours: a `backprop-lab init` course, `backprop-lab autograde ps1_softmax_loss` (grading on the
executor, recording with nbgrader's pipeline in-process). Both commands run as a user would
run them (a fresh process), on the same submissions (correct and mistaken code, no hangs),
from an empty gradebook and no cached reports. Ours runs before and after stock and the mean
is used, so a change in the machine's load during the run weighs on both sides. Prints the
end-to-end times, their ratio, and our time per phase. Not a test: numbers vary with the load.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.checks.framework import solutions_dir
from autograder.course.demo import fill, nbgrader
from autograder.course.examples import examples
from autograder.course.init import init_course

AID = "ps1_softmax_loss"
STOCK_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "stock"
c.CourseDirectory.root = {root!r}
"""


def make_class(released, n: int) -> dict[str, nbformat.NotebookNode]:
    """Each student: the reference with one example (a correct variant or a known mistake) on top."""
    reference = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
    exs = [e for e in examples(AID) if "while True" not in e.source()]
    return {f"s{i:03d}": fill(released, reference + "\n" + exs[i % len(exs)].source()) for i in range(n)}


def hand_in(course: Path, students: dict) -> None:
    """What `nbgrader collect` leaves: submitted/<student>/<assignment>/ with a timestamp."""
    for student, nb in students.items():
        folder = course / "submitted" / student / AID
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{AID}.ipynb")
        (folder / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC")


def reset(course: Path) -> None:
    """Back to an ungraded class: no autograded notebooks, no cached reports, no grades."""
    for path in (course / "autograded", course / ".backprop-lab"):
        shutil.rmtree(path, ignore_errors=True)
    db = course / "gradebook.db"
    snapshot = course / "gradebook.generated.db"
    shutil.copyfile(snapshot, db)


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (every core, from /proc/stat). A process tree
    is not enough: the sandboxed student processes are killed, not waited for, so their CPU never
    reaches the command's rusage. On a machine doing other work this counts that work too."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall-clock seconds, machine CPU seconds busy during the command, output."""
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
               COLUMNS="200")
    t0, c0 = time.perf_counter(), machine_cpu()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - t0, machine_cpu() - c0
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds, cpu, result.stdout + result.stderr


def main(n: int, stock_n: int) -> None:
    bin_dir = os.path.dirname(sys.executable)
    work = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    try:
        ours = work / "ours"
        init_course(ours)
        stock = work / "stock"
        (stock / "source").mkdir(parents=True)
        shutil.copytree(ours / "source" / AID, stock / "source" / AID)
        (stock / "nbgrader_config.py").write_text(STOCK_CONFIG.format(root=str(stock)))
        for course in (ours, stock):
            nbgrader(course, "generate_assignment", AID, "--force")
            shutil.copyfile(course / "gradebook.db", course / "gradebook.generated.db")
        released = nbformat.read(ours / "release" / AID / f"{AID}.ipynb", as_version=4)
        students = make_class(released, n)
        hand_in(ours, students)
        few = max(2, stock_n // 6)  # with stock_n < n: stock's fixed start-up, told apart from its cost per notebook
        stock_few = work / "stock-few"
        if stock_n < n:
            shutil.copytree(stock, stock_few)
            (stock_few / "nbgrader_config.py").write_text(STOCK_CONFIG.format(root=str(stock_few)))
            hand_in(stock_few, dict(list(students.items())[:few]))
        hand_in(stock, dict(list(students.items())[:stock_n]))
        print(f"{n} ps1 submissions (correct and mistaken code, no hangs); {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}")

        ours_cmd = [os.path.join(bin_dir, "backprop-lab"), "autograde", AID]
        reset(ours)
        t_ours_1, c_ours_1, out_1 = timed(ours_cmd, ours)
        reset(stock)
        t_stock, c_stock, _ = timed([os.path.join(bin_dir, "nbgrader"), "autograde", AID], stock)
        reset(ours)
        t_ours_2, c_ours_2, out_2 = timed(ours_cmd, ours)
        t_ours, c_ours = (t_ours_1 + t_ours_2) / 2, (c_ours_1 + c_ours_2) / 2
        if stock_n < n:  # stock costs the same per notebook (a kernel each) after a fixed start-up
            reset(stock_few)
            t_few, c_few, _ = timed([os.path.join(bin_dir, "nbgrader"), "autograde", AID], stock_few)
            per_t, per_c = (t_stock - t_few) / (stock_n - few), (c_stock - c_few) / (stock_n - few)
            start_t, start_c = max(0.0, t_few - few * per_t), max(0.0, c_few - few * per_c)
            print(f"stock ran on the first {stock_n} and on the first {few} submissions: start-up {start_t:.1f} s "
                  f"+ {per_t:.2f} s per notebook, extrapolated to {n}")
            t_stock, c_stock = start_t + n * per_t, start_c + n * per_c

        phases = [re.search(r"recorded in ([\d.]+) s \(grading ([\d.]+) s, nbgrader ([\d.]+) s", out)
                  for out in (out_1, out_2)]
        if not all(phases) or f"{n}/{n} recorded" not in out_1 + out_2:
            sys.exit(f"backprop-lab autograde did not record every student:\n{out_2[-3000:]}")
        inside, grading, recording = (sum(float(m.group(i)) for m in phases) / 2 for i in (1, 2, 3))
        print(f"stock nbgrader autograde (kernel per notebook)  {t_stock:7.1f} s wall {c_stock:7.1f} s CPU"
              f"   {t_stock / n * 1000:5.0f} ms/submission")
        print(f"backprop-lab autograde (end to end, mean of 2)  {t_ours:7.1f} s wall {c_ours:7.1f} s CPU"
              f"   {t_ours / n * 1000:5.0f} ms/submission   (runs: {t_ours_1:.1f} s, {t_ours_2:.1f} s)")
        print(f"ratio stock / ours: {t_stock / t_ours:.1f}x wall-clock, {c_stock / c_ours:.1f}x CPU "
              f"(machine CPU busy during each run; load average now {os.getloadavg()[0]:.1f})")
        print(f"ours per phase: start-up and summary {t_ours - inside:.1f} s; grading {grading:.1f} s "
              f"(first job to last report); recording (nbgrader pipeline) {recording:.1f} s, "
              f"{recording / n * 1000:.0f} ms/student, overlapped with grading; "
              f"after the last report {max(0.0, inside - grading):.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=60, help="submissions in the class (default 60)")
    parser.add_argument("--stock-sample", type=int, default=0, metavar="K",
                        help="run stock on the first K (and K/6) submissions only and extrapolate its time to N "
                             "(start-up + N x the cost per notebook; for large N)")
    args = parser.parse_args()
    main(args.n, min(args.stock_sample or args.n, args.n))
