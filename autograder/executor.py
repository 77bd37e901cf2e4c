"""Where submissions get graded: the one place `backprop-lab autograde` and `backprop-lab serve`
(and, beyond one machine, a Dask cluster) send their work.

A `GradeJob` is plain data (the submission's bytes, never a path on the caller's disk), so it
can cross a process or a machine boundary; `grade_job` turns one into a `Report` and never
raises: whatever goes wrong is that job's report. Executors run jobs several at once and hand
back `concurrent.futures.Future`s of reports.
"""

from __future__ import annotations

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


def grade_job(job: GradeJob) -> Report:
    """Grade one job in this process, as `backprop-lab check` would. Never raises."""
    from autograder import checks
    from autograder.grading import Grader, released_cells, unreadable_report
    from autograder.submission import SubmissionError, load_bytes

    assignment = checks.get(job.assignment)
    try:
        submission = load_bytes(job.filename, job.data, released=released_cells(job.assignment))
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


def grade_job_wire(job: GradeJob) -> dict:
    """`grade_job` for another machine: the report as plain data (`Report.to_wire`), never a pickle
    of our classes, so what comes back is checked like any other input."""
    return grade_job(job).to_wire()


class DaskExecutor:
    """Grades on a Dask distributed cluster: each job is one task that runs `grade_job` on a worker
    (the sandbox runs there, so workers need this package and bubblewrap installed, and the
    course's secret in their environment). Same `submit`/`map_unordered` as `LocalExecutor`;
    `workers` is the number of jobs the cluster runs at once (its worker threads)."""

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        from distributed import Client

        self.address = address
        self.client = Client(address, timeout=timeout, set_as_default=False)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self._running: dict[int, object] = {}  # Dask forgets a task whose future is garbage-collected

    def submit(self, job: GradeJob) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        remote = self.client.submit(grade_job_wire, job, pure=False, retries=0)
        self._running[id(future)] = remote

        def done(remote_future) -> None:
            self._running.pop(id(future), None)
            try:
                future.set_result(Report.from_wire(remote_future.result()))
            except BaseException as exc:  # a worker that died, a cancelled task: that job's failure
                future.set_exception(exc)

        remote.add_done_callback(done)
        return future

    def map_unordered(self, jobs: Iterable[GradeJob]) -> Iterator[tuple[GradeJob, Report]]:
        futures = {self.submit(job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def close(self) -> None:
        for remote in list(self._running.values()):
            remote.cancel()
        self._running.clear()
        self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(workers: int = 0, dask: str | None = None) -> LocalExecutor | DaskExecutor:
    """The executor for `--workers N` / `--dask ADDRESS` (a scheduler such as tcp://host:8786)."""
    if dask:
        return DaskExecutor(dask)
    return LocalExecutor(workers)
