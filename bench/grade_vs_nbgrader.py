"""Grade the same ps1 submissions with stock nbgrader (kernel execution of the test cells)
and with backprop-lab, in the same run, and print the ratio.

    .venv/bin/python bench/grade_vs_nbgrader.py [N]

Stock path: `nbgrader autograde` with its default Execute preprocessor on notebooks whose
test cells hold ordinary asserts (the hand-rolled nbgrader way). Ours: `nbgrader autograde`
with backprop-lab's preprocessor, and our grader alone (what `backprop-lab check` and the
parallel pre-grading do per notebook).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import checks
from autograder.course.build import build_notebook
from autograder.course.demo import fill, nbgrader, submit
from autograder.course.examples import examples
from autograder.course.init import init_course
from autograder.grading import Grader
from autograder.submission import from_notebook

AID = "ps1_softmax_loss"
STOCK_CONFIG = ("c = get_config()\nc.CourseDirectory.course_id = 'bench'\n"
                "c.FileNameCollectorPlugin.named_regexp = r\".*/(?P<student_id>[A-Za-z0-9.-]+)_(?P<file_id>[^/]+)$\"\n")


def make_class(released, n: int) -> dict:
    from autograder.checks.framework import solutions_dir

    reference = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
    exs = examples(AID)
    return {f"s{i:02d}": ("", fill(released, reference + "\n" + exs[i % len(exs)].source())) for i in range(n)}


def timed(label: str, fn) -> float:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    print(f"{label:58s} {dt:7.2f} s")
    return dt


def main(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        ours = work / "ours"
        init_course(ours)
        stock = work / "stock"
        shutil.copytree(ours, stock)
        (stock / "nbgrader_config.py").write_text(STOCK_CONFIG + f"c.CourseDirectory.root = {str(stock)!r}\n")
        for course in (ours, stock):
            nbgrader(course, "generate_assignment", AID, "--force")
        released = nbformat.read(ours / "release" / AID / f"{AID}.ipynb", as_version=4)
        students = make_class(released, n)
        for course in (ours, stock):
            submit(course, AID, students)
        print(f"{n} ps1 submissions, {len(checks.get(AID).questions)} questions each\n")
        t_stock = timed("stock nbgrader autograde (kernel runs the notebook)",
                        lambda: nbgrader(stock, "autograde", AID, "--force"))
        t_plugin = timed("nbgrader autograde with backprop-lab's preprocessor",
                         lambda: nbgrader(ours, "autograde", AID, "--force"))
        grader_nbs = [from_notebook(nb) for _, nb in students.values()]
        t_ours = timed("backprop-lab grader alone, one notebook after another",
                       lambda: [Grader(checks.get(AID)).grade(s) for s in grader_nbs])
        from autograder.course.autograde import pregrade

        t_serial = timed("backprop-lab autograde's grading step, 1 at a time", lambda: pregrade(ours, AID, jobs=1))
        t_parallel = timed("backprop-lab autograde's grading step, 2 at a time", lambda: pregrade(ours, AID, jobs=2))
        print()
        print(f"parallel speed-up (2 workers vs 1): {t_serial / t_parallel:.2f}x")
        print(f"per submission: stock {t_stock / n * 1000:.0f} ms, plugin {t_plugin / n * 1000:.0f} ms, "
              f"grader {t_ours / n * 1000:.0f} ms")
        print(f"ratio stock / plugin (whole nbgrader autograde): {t_stock / t_plugin:.2f}x")
        print(f"ratio stock / grader alone:                      {t_stock / t_ours:.2f}x")
        # the source notebook is what stock nbgrader's test cells would check
        assert build_notebook(AID).cells
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
