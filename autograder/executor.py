"""Where submissions get graded: the one place `backprop-lab autograde` and `backprop-lab serve`
(and, beyond one machine, a Dask cluster) send their work.

A `GradeJob` is plain data (the submission's bytes, never a path on the caller's disk), so it
can cross a process or a machine boundary; `grade_job` turns one into a `Report` and never
raises: whatever goes wrong is that job's report. Executors run jobs several at once and hand
back `concurrent.futures.Future`s of reports.
"""

from __future__ import annotations

import os
import threading
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


_worker_pool: LocalExecutor | None = None
_worker_pool_lock = threading.Lock()


def grade_job_wire(job: GradeJob) -> dict:
    """What a Dask worker runs: the job graded by that machine's own `LocalExecutor` (one slot per
    worker thread, made once per worker process), so a submission that crashes or exhausts its
    grader costs that job, never the Dask worker. The report comes back as plain data
    (`Report.to_wire`), never a pickle of our classes."""
    global _worker_pool
    with _worker_pool_lock:
        if _worker_pool is None:
            try:
                from distributed import get_worker

                worker = get_worker()
                threads = getattr(getattr(worker, "state", worker), "nthreads", 1)
            except (ImportError, ValueError):  # not on a Dask worker (a test, a direct call)
                threads = 1
            _worker_pool = LocalExecutor(threads)
    return _worker_pool.submit(job).result().to_wire()


def lost_job_report(job: GradeJob, exc: BaseException) -> Report:
    """The report of a job the cluster lost (a worker died, the scheduler went away): every
    question asked 0, with what happened, so a class run goes on."""
    from autograder import checks
    from autograder.grading import both, failed_question

    ko = "채점 클러스터가 이 제출물을 채점하지 못했습니다. 다시 채점하세요."
    en = f"The grading cluster lost this submission ({type(exc).__name__}): grade it again."
    assignment = checks.get(job.assignment)
    report = Report(assignment.id, errors=[f"{en} / {ko}"])
    for q in assignment.questions.values():
        if job.questions is None or q.id in job.questions:
            report.questions[q.id] = failed_question(q, both(ko, en))
    return report


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
            except BaseException as exc:  # a worker that died, a cancelled task: that job's report
                try:
                    future.set_result(lost_job_report(job, exc))
                except Exception as unknown:  # not even a report can be made (an unknown assignment)
                    future.set_exception(unknown)

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
