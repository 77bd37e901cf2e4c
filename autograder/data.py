"""Where the course material lives.

In a checkout (and an editable install) it is the repository's top-level folders
`assignments/`, `solutions/`, `quizzes/` and `examples/`. A built wheel carries copies of
them as package data in `autograder/_course/` (see `setup.py`), so a plain
`pip install backprop-lab` has every assignment, reference solution and quiz the
instructor's commands need.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALLED_DIR = PACKAGE_DIR / "_course"
COURSE_FOLDERS = ("assignments", "solutions", "quizzes", "examples")


def data_root() -> Path:
    """The folder that holds assignments/, solutions/, quizzes/ and examples/."""
    return INSTALLED_DIR if INSTALLED_DIR.is_dir() else PACKAGE_DIR.parent
