"""Simulated submissions in examples/<assignment>/: what they are and what they must score.

Each file is appended to the reference solution (so it only redefines what it changes)
and starts with `# expect: full`, `# expect: zero` (a do-nothing submission: 0 on every
question) or `# expect: QID=HINT_ID, QID=fail`, then `# why: ...`.
The tests, the demo and the benchmarks all read them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks.framework import PROJECT_ROOT, solutions_dir
from autograder.submission import Cell, Submission

EXAMPLES_DIR = PROJECT_ROOT / "examples"


@dataclass
class Example:
    assignment: str
    path: Path
    full: bool
    expected: dict[str, str] = field(default_factory=dict)  # question -> hint id or "fail"
    why: str = ""
    zero: bool = False  # scores 0 on every question

    @property
    def name(self) -> str:
        return self.path.stem

    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def submission(self) -> Submission:
        reference = (solutions_dir() / f"{self.assignment}.py").read_text(encoding="utf-8")
        return Submission([Cell("<reference>", reference), Cell(f"<{self.path.name}>", self.source())],
                          module_name="submission")


def parse(assignment: str, path: Path) -> Example:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next((line for line in lines[:5] if line.startswith("# expect:")), None)
    if header is None:
        raise ValueError(f"{path}: no '# expect:' line")
    spec = header.split(":", 1)[1].strip()
    why = next((line.split(":", 1)[1].strip() for line in lines[:6] if line.startswith("# why:")), "")
    if spec == "full":
        return Example(assignment, path, True, {}, why)
    if spec == "zero":
        return Example(assignment, path, False, {}, why, zero=True)
    expected = {}
    for item in re.split(r"\s*,\s*", spec):
        qid, _, hint = item.partition("=")
        if not qid or not hint:
            raise ValueError(f"{path}: bad expectation {item!r}")
        expected[qid.strip()] = hint.strip()
    return Example(assignment, path, False, expected, why)


def examples(assignment: str) -> list[Example]:
    folder = EXAMPLES_DIR / assignment
    return [parse(assignment, p) for p in sorted(folder.glob("*.py"))] if folder.is_dir() else []
