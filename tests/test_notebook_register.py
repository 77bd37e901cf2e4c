"""The notebooks' Korean is in the course's one register, 합니다체 (as the quiz bank's: tests/test_quiz_bank.py).

A notebook source is a percent-format script: markdown cells and code comments are `#` lines, and every
line with Korean in it (markdown, comments, docstrings, strings) is text a student reads. Lines are checked
one at a time, so inline math never pairs across lines; display math has no Korean in this course.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.register import plain_form_clauses

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "assignments").glob("*/*.py"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) == 4, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_korean_is_in_one_register(path):
    found = [
        f"{path.name}:{number}: {clause}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search("[가-힣]", line)
        for clause in plain_form_clauses(line)
    ]
    assert not found, f"{len(found)} Korean clauses end in 해라체 (use 합니다체):\n" + "\n".join(found)
