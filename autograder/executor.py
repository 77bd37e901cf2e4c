"""Where submissions get graded: the one place `backprop-lab autograde` and `backprop-lab serve`
(and, beyond one machine, a Dask cluster) send their work.

A `GradeJob` is plain data (the submission's bytes, never a path on the caller's disk), so it
can cross a process or a machine boundary; `grade_job` turns one into a `Report` and never
raises: whatever goes wrong is that job's report. Executors run jobs several at once and hand
back `concurrent.futures.Future`s of reports.

`LocalExecutor` grades each job in a grader worker process of its own pool slot
(`python -m autograder.grader_worker`), with its own memory limit and a wall-clock limit per
job (the submission's budget plus a margin). A worker that dies, hangs or runs out of memory
costs only the job it was grading: that job gets a report saying what happened, the worker is
restarted, and the pool goes on. Workers are persistent (the checks and NumPy are imported
once per slot, not per job) and restarted when they grow past `restart_rss_bytes`.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, as_completed
from dataclasses import dataclass

from autograder.report import Report

GRADER_MEMORY_BYTES = 3 * 1024**3  # address space of one grader worker (NumPy reserves more than it uses)
RESTART_RSS_BYTES = 768 * 1024**2  # a worker that grew past this is replaced after its job
JOB_MARGIN_SECONDS = 60.0  # beyond the submission's own budget, before the worker is killed
MAX_FRAME = 256 * 1024 * 1024


@dataclass(frozen=True)
class GradeJob:
    assignment: str
    filename: str  # "x.ipynb" or "x.py": how `data` is read
    data: bytes
    student: str | None = None
    questions: tuple[str, ...] | None = None  # None: every question
    tag: str = ""  # the caller's label for the job (e.g. the student's folder name)
    course: str = ""  # the course folder whose grading secret to use ("" : the usual search, framework.secret)
    show_quiz_keys: bool = False  # quiz feedback shows the keys and explanations

    def to_wire(self) -> dict:
        return {"assignment": self.assignment, "filename": self.filename, "student": self.student,
                "data": base64.b64encode(self.data).decode("ascii"), "tag": self.tag,
                "questions": list(self.questions) if self.questions is not None else None,
                "course": self.course, "show_quiz_keys": self.show_quiz_keys}

    @classmethod
    def from_wire(cls, raw: dict) -> GradeJob:
        questions = raw.get("questions")
        return cls(raw["assignment"], raw["filename"], base64.b64decode(raw["data"]), raw.get("student"),
                   tuple(questions) if questions is not None else None, raw.get("tag", ""),
                   str(raw.get("course") or ""), bool(raw.get("show_quiz_keys", False)))


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
    except MemoryError:
        return fault_report(job, "memory")
    except Exception as exc:  # a bug of ours must not cost the class run
        return fault_report(job, "internal", f"{type(exc).__name__}: {exc}")
    try:
        from autograder.checks.framework import using_course

        with using_course(job.course or None):
            return Grader(assignment, show_quiz_keys=job.show_quiz_keys).grade(
                submission, job.student, list(job.questions) if job.questions is not None else None)
    except MemoryError:
        return fault_report(job, "memory")
    except Exception as exc:
        return fault_report(job, "internal", f"{type(exc).__name__}: {exc}")


# What happened to a job whose grading itself failed, in Korean and English (never empty).
GRADER_FAULTS = {
    "memory": ("채점기가 이 제출물을 채점하다가 메모리 한도를 넘었습니다.",
               "The grader ran out of memory while grading this submission."),
    "died": ("채점기 프로세스가 이 제출물을 채점하다가 종료되었습니다.",
             "The grader process died while grading this submission."),
    "timeout": ("이 제출물의 채점이 시간 예산을 넘어 중단되었습니다.",
                "Grading this submission took longer than its time budget and was stopped."),
    "internal": ("채점기 내부 오류입니다. 담당 교수자에게 알려 주세요.",
                 "Internal grader error, please tell the instructor."),
}


def fault_report(job: GradeJob, kind: str, detail: str = "") -> Report:
    """A report for a job that could not be graded: every question 0, with the reason."""
    from autograder import checks
    from autograder.grading import both, failed_question
    from autograder.text import clean

    ko, en = GRADER_FAULTS[kind]
    if detail:
        en = f"{en} ({clean(detail, 300)})"
    assignment = checks.get(job.assignment)
    report = Report(assignment.id, errors=[f"{en} / {ko}"])
    for q in assignment.questions.values():
        if job.questions is None or q.id in job.questions:
            report.questions[q.id] = failed_question(q, both(ko, en))
    return report


def default_workers() -> int:
    return max(1, (os.cpu_count() or 2))


# -- the grader worker process and its wire -----------------------------------------------------
def _frame(message: dict) -> bytes:
    payload = json.dumps(message, ensure_ascii=True).encode("ascii")
    return struct.pack(">I", len(payload)) + payload


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks = []
    while n:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None = None) -> dict:
    (length,) = struct.unpack(">I", _read_exact(fd, 4, deadline))
    if length > MAX_FRAME:
        raise ValueError("frame too large")
    return json.loads(_read_exact(fd, length, deadline))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class GraderProcess:
    """One persistent grader worker (autograder/grader_worker.py) and the pipes to it."""

    def __init__(self, memory_bytes: int = GRADER_MEMORY_BYTES) -> None:
        to_r, self._w = os.pipe()
        self._r, from_w = os.pipe()
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        try:
            self.proc = subprocess.Popen(  # the worker sets its memory limit (RLIMIT_AS) first thing
                [sys.executable, "-m", "autograder.grader_worker", str(to_r), str(from_w), str(memory_bytes)],
                stdin=subprocess.DEVNULL, pass_fds=(to_r, from_w), env=env, start_new_session=True,
            )
        finally:
            os.close(to_r)
            os.close(from_w)

    def grade(self, job: GradeJob, seconds: float) -> Report:
        """The job's report; raises EOFError (the worker died) or TimeoutError."""
        _write_all(self._w, _frame(job.to_wire()))
        reply = _read_frame(self._r, time.monotonic() + seconds)
        if "report" not in reply:
            raise RuntimeError(str(reply.get("error", "no report")))
        return Report.from_wire(reply["report"])

    def rss_bytes(self) -> int:
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def died_how(self) -> str:
        code = self.proc.poll()
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return f"signal {name}"
        return f"exit status {code}"

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker and any sandbox it started
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for fd in (self._r, self._w):
            try:
                os.close(fd)
            except OSError:
                pass


def job_seconds(job: GradeJob) -> float:
    from autograder import checks
    from autograder.grading import submission_budget

    try:
        return submission_budget(checks.get(job.assignment)) + JOB_MARGIN_SECONDS
    except Exception:
        return 600.0


class LocalExecutor:
    """Grades on this machine, `workers` jobs at once, each in an isolated grader worker process
    (`isolated=False`: in threads of this process, as before; for debugging)."""

    def __init__(self, workers: int = 0, isolated: bool = True, memory_bytes: int = GRADER_MEMORY_BYTES,
                 restart_rss_bytes: int = RESTART_RSS_BYTES) -> None:
        self.workers = workers or default_workers()
        self.isolated = isolated
        self.memory_bytes, self.restart_rss_bytes = memory_bytes, restart_rss_bytes
        self._queue: queue.Queue = queue.Queue()
        self._closed = False
        self._threads = [threading.Thread(target=self._slot, name=f"grade-{i}", daemon=True)
                         for i in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: GradeJob) -> Future:
        if self._closed:
            raise RuntimeError("the executor is closed")
        future: Future = Future()
        self._queue.put((job, future))
        return future

    def map_unordered(self, jobs: Iterable[GradeJob]) -> Iterator[tuple[GradeJob, Report]]:
        futures = {self.submit(job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def _slot(self) -> None:
        worker: GraderProcess | None = None
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                job, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                if not self.isolated:
                    future.set_result(grade_job(job))
                    continue
                if worker is None:
                    worker = GraderProcess(self.memory_bytes)
                report, worker = self._grade_in(worker, job)
                future.set_result(report)
        finally:
            if worker is not None:
                worker.close()

    def _grade_in(self, worker: GraderProcess, job: GradeJob) -> tuple[Report, GraderProcess | None]:
        """Never raises: a dead or hung worker is this job's fault report, and is replaced."""
        try:
            report = worker.grade(job, job_seconds(job))
        except TimeoutError:
            worker.close()
            return fault_report(job, "timeout"), None
        except (EOFError, OSError, ValueError, struct.error):
            worker.close()
            how = worker.died_how()
            if "SIGKILL" in how:
                how += ": killed, e.g. by the kernel when the machine ran out of memory"
            return fault_report(job, "died", how), None
        except Exception as exc:
            worker.close()
            return fault_report(job, "internal", f"{type(exc).__name__}: {exc}"), None
        if worker.rss_bytes() > self.restart_rss_bytes:
            worker.close()
            worker = None
        return report, worker

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        while True:  # cancel what has not started
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[1].cancel()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

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
                    future.set_result(fault_report(job, "died", f"the Dask cluster lost it: {type(exc).__name__}"))
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
