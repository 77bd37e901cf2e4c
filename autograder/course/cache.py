"""Reports made ahead of `nbgrader autograde` by `backprop-lab autograde` (in parallel).

A report is reused only for exactly the code it graded: the key hashes the assignment, the
student, the student's code cells (locked cells put back as released, which is what nbgrader
hands the preprocessor), the checks' source and what the expected values come from. Anything
else is graded again on the spot. The folder lives in the course directory, which student
code can never read or write.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import json
from pathlib import Path

from autograder import checks
from autograder.checks.framework import PROJECT_ROOT, secret, solutions_dir
from autograder.report import Report
from autograder.submission import Submission


@functools.cache
def grader_digest(aid: str) -> bytes:
    """The checks' source and what the expected values come from (the reference solution of a
    problem set, the bank of a quiz): read once per assignment, not once per submission."""
    h = hashlib.sha256(inspect.getsource(importlib.import_module(checks.get(aid).module)).encode())
    reference = solutions_dir() / f"{aid}.py"
    sources = [reference] if reference.exists() else sorted((PROJECT_ROOT / "quizzes").rglob("*.toml"))
    for path in sources:
        h.update(path.read_bytes())
    return h.digest()


def key(aid: str, student: str, submission: Submission) -> str:
    h = hashlib.sha256()
    h.update(f"{aid}\0{student}\0".encode("utf-8", "surrogatepass"))
    h.update(grader_digest(aid))
    h.update(hashlib.sha256(secret().encode()).digest())  # another secret, other hidden inputs
    for cell in submission.cells:
        h.update(f"{cell.filename}\0{cell.skip_in_grading}\0{cell.source}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def save_report(folder: Path, aid: str, student: str, submission: Submission, report: Report) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"key": key(aid, student, submission), **report.to_wire()}
    (folder / f"{aid}--{student}.json").write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")


def load_report(folder: Path, aid: str, student: str, submission: Submission) -> Report | None:
    path = folder / f"{aid}--{student}.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key(aid, student, submission):
            return None
        return Report.from_wire(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an unreadable cache entry is graded again
