"""`backprop-lab autograde`: grade a whole class in parallel, then record it with nbgrader.

Every submission is graded in its own sandbox, several at once, each in an isolated grader
worker process with its own memory limit (a hostile submission costs only its own report),
with a progress bar; the reports go to `<course>/.backprop-lab/reports`. Then stock `nbgrader autograde` runs as
usual: our preprocessor finds each report by a key over the exact code it graded, so the
gradebook gets the same scores without grading twice, and grades afresh whatever changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from autograder import checks
from autograder.checks.framework import using_course
from autograder.course.cache import save_report
from autograder.executor import GradeJob, make_executor
from autograder.grading import released_cells
from autograder.report import Report
from autograder.submission import MAX_NOTEBOOK_BYTES, SubmissionError, load_bytes
from autograder.text import clean

CACHE = Path(".backprop-lab") / "reports"


def submissions(course: Path, aid: str) -> dict[str, Path]:
    found = {}
    for path in sorted((course / "submitted").glob(f"*/{aid}/{aid}.ipynb")):
        found[path.parent.parent.name] = path
    return found


def pregrade(course: Path, aid: str, jobs: int = 0) -> dict[str, Report]:
    """Grade every readable submission in parallel, each in an isolated grader worker (executor.py);
    unreadable ones are left to nbgrader. Whatever one submission does costs only its own report."""
    todo = submissions(course, aid)
    jobs = jobs or os.cpu_count() or 2
    reports: dict[str, Report] = {}
    released = released_cells(aid)
    work = []
    for student, path in todo.items():
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                continue  # nbgrader reports it; our preprocessor scores it 0 with the reason
            work.append(GradeJob(aid, path.name, path.read_bytes(), student, tag=student, course=str(course)))
        except OSError:
            continue
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # this course's grading secret (the one nbgrader will use), wherever the command was started
    with using_course(course), Progress(*columns, transient=False) as progress, make_executor(jobs) as executor:
        task = progress.add_task(f"grading {aid} ({jobs} at once)", total=len(todo))
        progress.advance(task, len(todo) - len(work))
        for job, report in executor.map_unordered(work):
            try:  # the cache key is over the code nbgrader will hand the preprocessor
                submission = load_bytes(job.filename, job.data, released)
                save_report(course / CACHE, aid, job.tag, submission, report)
                reports[job.tag] = report
            except (SubmissionError, OSError, ValueError) as exc:
                print(f"{job.tag}: not cached ({clean(str(exc), 200)}); nbgrader grades it", file=sys.stderr)
            progress.advance(task)
    return reports


def autograde(aid: str, course: str | Path = ".", jobs: int = 0) -> int:
    course = Path(course).resolve()
    if aid not in checks.assignment_ids():
        print(f"unknown assignment {aid!r}", file=sys.stderr)
        return 2
    pregrade(course, aid, jobs)
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    cmd = [os.path.join(os.path.dirname(sys.executable), "nbgrader"), "autograde", aid, "--force",
           f"--BackpropGrade.cache_dir={course / CACHE}"]
    log = course / CACHE.parent / f"nbgrader-autograde-{aid}.log"
    result = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True)
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    failed = sorted({line.split("for student '")[1].split("'")[0] for line in result.stderr.splitlines()
                     if "There was an error processing assignment" in line and "for student '" in line})
    if failed:
        print(f"nbgrader could not autograde {len(failed)} submission(s): {', '.join(failed)} "
              f"(unreadable notebooks score 0; details in {log})")
    return 0 if result.returncode == 0 or failed else result.returncode
