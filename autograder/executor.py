"""Where submissions get graded: the one place `backprop-lab autograde` and `backprop-lab serve`
(and, beyond one machine, a Dask cluster) send their work.

A `GradeJob` is plain data (the submission's bytes, never a path on the caller's disk), so it
can cross a process or a machine boundary; `grade_job` turns one into a `Report` and never
raises: whatever goes wrong is that job's report. Executors run jobs several at once and hand
back `concurrent.futures.Future`s of reports.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from autograder.report import Report


@dataclass(frozen=True)
class GradeJob:
    assignment: str
    filename: str  # "x.ipynb" or "x.py": how `data` is read
    data: bytes
    student: str | None = None
    questions: tuple[str, ...] | None = None  # None: every question
    tag: str = ""  # the caller's label for the job (e.g. the student's folder name)


@functools.cache
def _released(assignment: str) -> dict[str, str]:
    from autograder.grading import released_cells

    return released_cells(assignment)


def grade_job(job: GradeJob) -> Report:
    """Grade one job in this process, as `backprop-lab check` would. Never raises."""
    from autograder import checks
    from autograder.grading import Grader, unreadable_report
    from autograder.submission import SubmissionError, load_bytes

    assignment = checks.get(job.assignment)
    try:
        submission = load_bytes(job.filename, job.data, released=_released(job.assignment))
    except SubmissionError as exc:
        return unreadable_report(assignment, str(exc))
    return Grader(assignment).grade(submission, job.student,
                                    list(job.questions) if job.questions is not None else None)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 2))


class LocalExecutor:
    """Grades on this machine, `workers` jobs at once (each job's student code in its own sandbox)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or default_workers()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="grade")

    def submit(self, job: GradeJob) -> Future:
        return self._pool.submit(grade_job, job)

    def map_unordered(self, jobs: Iterable[GradeJob]) -> Iterator[tuple[GradeJob, Report]]:
        futures = {self.submit(job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(workers: int = 0, dask: str | None = None):
    """The executor for `--workers N` / `--dask ADDRESS`."""
    if dask:
        raise NotImplementedError("grading on a Dask cluster is not available yet")
    return LocalExecutor(workers)
