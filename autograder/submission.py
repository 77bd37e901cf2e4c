"""Turns what a student hands in (a notebook or a .py module) into code to run.

Only the student's code is taken: nbgrader's autograder test cells are left out (their
content is not trusted and our checks replace them), IPython magics and shell escapes
are dropped, and everything else runs in order, cell by cell, in the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat


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
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def grade_id(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
        return None
    return meta.get("grade_id")


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
    cells = []
    last = {grade_id(cell): i for i, cell in enumerate(nb.get("cells", [])) if grade_id(cell)}
    for index, cell in enumerate(nb.get("cells", [])):
        if grade_id(cell) and last[grade_id(cell)] != index:
            # nbgrader's DeduplicateIds: of cells sharing an id only the last keeps its metadata;
            # the others are plain cells (a copy-pasted test cell runs as the student's code)
            cell = {**cell, "metadata": {k: v for k, v in cell.get("metadata", {}).items() if k != "nbgrader"}}
        if cell.get("cell_type") != "code" or is_autograder_test(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if released and meta.get("locked") and meta.get("grade_id") in released:
            source = released[meta["grade_id"]]
        ours = cell.get("metadata", {}).get("backprop_lab", {})
        cells.append(Cell(f"<cell {index + 1}>", clean_source(source), bool(ours.get("skip_in_grading")),
                          ours.get("answer")))
    return Submission(cells)


def load(path: str | Path, released: dict[str, str] | None = None) -> Submission:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read {path.name}: {exc.strerror}") from None
    return load_bytes(path.name, raw, released)


def load_bytes(name: str, raw: bytes, released: dict[str, str] | None = None) -> Submission:
    """A submission handed in as bytes; `name` (a file name) says whether it is a notebook or a module."""
    path = Path(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path.name} is not UTF-8 text") from None
    if path.suffix == ".py":
        return Submission([Cell(f"<{path.name}>", text)], module_name="submission")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        raise SubmissionError(f"{path.name} is not a readable notebook ({type(exc).__name__}: {exc})"[:500]) from None
    return from_notebook(nb, released)
