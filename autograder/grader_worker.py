"""A grader worker process: grades the jobs `executor.LocalExecutor` sends it, one at a time.

`python -m autograder.grader_worker READ_FD WRITE_FD MEMORY_BYTES`; each message is a 4-byte length and
ASCII JSON: a `GradeJob.to_wire()` in, `{"report": Report.to_wire()}` out. It runs with its
own memory limit (set by the executor); whatever happens while grading one job is that job's
report (`grade_job` never raises); if the process itself dies, the executor reports that job.
"""

from __future__ import annotations

import resource
import sys


def main(argv: list[str]) -> int:
    memory = int(argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, resource.getrlimit(resource.RLIMIT_AS)[1]))
    from autograder.executor import GradeJob, _frame, _read_frame, _write_all, fault_report, grade_job

    rfd, wfd = int(argv[1]), int(argv[2])
    while True:
        try:
            raw = _read_frame(rfd)
        except EOFError:
            return 0
        job = GradeJob.from_wire(raw)
        try:
            report = grade_job(job)
            reply = _frame({"report": report.to_wire()})
        except MemoryError:
            reply = _frame({"report": fault_report(job, "memory").to_wire()})
        _write_all(wfd, reply)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
