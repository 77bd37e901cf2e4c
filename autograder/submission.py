"""Turns what a student hands in (a notebook or a .py module) into code to run.

Only the student's code is taken: nbgrader's autograder test cells are left out (their
content is not trusted and our checks replace them), IPython magics and shell escapes
are dropped, and everything else runs in order, cell by cell, in the sandbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

# Checked before nbformat or the JSON decoder read anything (a hostile notebook of 8 MiB of
# `{}` once took the grader to 1.5 GiB): the file's size, its JSON containers, the code.
MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024  # outputs (plots) make notebooks large; code is small
MAX_CONTAINERS = 200_000  # JSON arrays and objects in a notebook
MAX_CODE_BYTES = 4 * 1024 * 1024  # all code cells together (a .py module: the file)
MAX_CELLS = 1000  # code cells graded; more is refused


class SubmissionError(Exception):
    """The submission cannot be read at all (not a notebook, not UTF-8, ...)."""


@dataclass
class Cell:
    filename: str  # shown in tracebacks: "<cell 3>"
    source: str
    skip_in_grading: bool = False
    answer: str | None = None  # quizzes: the answer variable this cell was released to hold


@dataclass
class Submission:
    cells: list[Cell]
    module_name: str = "__main__"
    warnings: list[str] = field(default_factory=list)


def is_autograder_test(cell) -> bool:
    meta = _dict(_dict(cell.get("metadata")).get("nbgrader"))
    return bool(meta.get("grade")) and not meta.get("solution")


def grade_id(cell) -> str | None:
    """The nbgrader id of a graded, solution or locked cell (what DeduplicateIds looks at)."""
    meta = _dict(_dict(cell.get("metadata")).get("nbgrader"))
    if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
        return None
    gid = meta.get("grade_id")
    return gid if isinstance(gid, str) else None


def clean_source(source: str) -> str:
    """Drop IPython-only syntax that plain Python cannot compile."""
    if source.lstrip().startswith("%%"):
        return ""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            lines.append(line[: len(line) - len(stripped)] + "pass  # " + stripped)
        else:
            lines.append(line)
    return "\n".join(lines)


def from_notebook(nb, released: dict[str, str] | None = None) -> Submission:
    """The code cells to run. `released` (grade_id -> source) puts locked cells back as they
    were released, as nbgrader does before autograding."""
    cells, code_bytes = [], 0
    last = {grade_id(cell): i for i, cell in enumerate(nb.get("cells", []))
            if isinstance(cell, dict) and grade_id(cell)}
    for index, cell in enumerate(nb.get("cells", [])):
        if isinstance(cell, dict) and grade_id(cell) and last[grade_id(cell)] != index:
            # nbgrader's DeduplicateIds: of cells sharing an id only the last keeps its metadata;
            # the others are plain cells (a copy-pasted test cell runs as the student's code)
            cell = {**cell, "metadata": {k: v for k, v in _dict(cell.get("metadata")).items() if k != "nbgrader"}}
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or is_autograder_test(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            source = ""
        meta = _dict(_dict(cell.get("metadata")).get("nbgrader"))
        if released and meta.get("locked") and meta.get("grade_id") in released:
            source = released[meta["grade_id"]]
        ours = _dict(_dict(cell.get("metadata")).get("backprop_lab"))
        answer = ours.get("answer")
        cells.append(Cell(f"<cell {index + 1}>", clean_source(source), bool(ours.get("skip_in_grading")),
                          answer if isinstance(answer, str) else None))
        code_bytes += len(source.encode("utf-8", "replace"))
        if len(cells) > MAX_CELLS:
            raise SubmissionError(f"too many code cells (more than {MAX_CELLS:,})")
        if code_bytes > MAX_CODE_BYTES:
            raise SubmissionError(f"too much code ({_mib(code_bytes)}; at most {_mib(MAX_CODE_BYTES)})")
    return Submission(cells)


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def load(path: str | Path, released: dict[str, str] | None = None) -> Submission:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(f"{path.name} is too large ({_mib(path.stat().st_size)}; "
                                  f"at most {_mib(MAX_NOTEBOOK_BYTES)})")
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read {path.name}: {exc.strerror}") from None
    return load_bytes(path.name, raw, released)


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def load_bytes(name: str, raw: bytes, released: dict[str, str] | None = None) -> Submission:
    """A submission handed in as bytes; `name` (a file name) says whether it is a notebook or a module.
    Every size is checked before anything is decoded."""
    from autograder.text import clean

    path = Path(name)
    shown = clean(path.name, 80)
    if path.suffix == ".py" and len(raw) > MAX_CODE_BYTES:
        raise SubmissionError(f"{shown} is too large ({_mib(len(raw))}; at most {_mib(MAX_CODE_BYTES)} of code)")
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"{shown} is too large ({_mib(len(raw))}; at most {_mib(MAX_NOTEBOOK_BYTES)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{shown} is not UTF-8 text") from None
    if path.suffix == ".py":
        return Submission([Cell(f"<{shown}>", text)], module_name="submission")
    if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS:
        raise SubmissionError(f"{shown} is not a readable notebook (far too deeply structured: more than "
                              f"{MAX_CONTAINERS:,} JSON objects and arrays)")
    try:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list):
            nb = data  # what grading reads of it is checked in from_notebook; nbformat's validation is skipped
        else:
            nb = nbformat.reads(text, as_version=4)
        submission = from_notebook(nb, released)
    except SubmissionError:
        raise
    except Exception as exc:
        raise SubmissionError(clean(f"{shown} is not a readable notebook ({type(exc).__name__}: {exc})", 300)) from None
    return submission
