"""`backprop-lab init DIR`: a ready nbgrader course whose autograde grades with backprop-lab."""

from __future__ import annotations

from pathlib import Path

from autograder.course.build import build_all

CONFIG = '''\
# nbgrader configuration written by `backprop-lab init`.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
# The gradebook: SQLite next to this file (any SQLAlchemy URL works).
c.CourseDirectory.db_url = {db_url!r}

# Release, fetch, submit and collect through a folder inside the course (nbgrader's default
# is /srv/nbgrader/exchange, shared by every course on the machine).
c.Exchange.root = {exchange!r}
# `nbgrader zip_collect` (submissions downloaded from an LMS into downloaded/<assignment>/archive/):
# a file named <student id>_<notebook>.ipynb is that student's notebook.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[A-Za-z0-9.-]+)_(?P<file_id>[^/]+)$"

# Grading: backprop-lab's sandboxed checks take the place of nbgrader's Execute step.
from autograder.nbgrader_plugin import configure  # noqa: E402

configure(c)
'''


def init_course(directory: str | Path, course_id: str = "backprop-lab", force: bool = False) -> Path:
    root = Path(directory).resolve()
    root.mkdir(parents=True, exist_ok=True)
    config = root / "nbgrader_config.py"
    if not config.exists():  # an existing configuration is the instructor's: never overwritten
        config.write_text(CONFIG.format(course_id=course_id, root=str(root),
                                        db_url=f"sqlite:///{root / 'gradebook.db'}",
                                        exchange=str(root / "exchange")), encoding="utf-8")
    create_gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id)
    source = root / "source"
    existing = {p.parent.name for p in source.glob("*/*.ipynb")} if source.exists() else set()
    from autograder.course.build import notebook_assignments

    todo = [aid for aid in notebook_assignments() if force or aid not in existing]
    for path in build_all(source, todo):
        print(f"wrote {path.relative_to(root)}")
    from autograder.course.quizzes import build_quiz_sources

    for path in build_quiz_sources(source, force=force):
        print(f"wrote {path.relative_to(root)}")
    print(f"course ready in {root}")
    return root


def create_gradebook(db_url: str, course_id: str) -> None:
    """Create the SQLite gradebook now: nbgrader stamps a new database by running the
    `alembic` command, which is only found when this environment's bin/ is on PATH."""
    import os
    import sys

    from nbgrader.api import Gradebook

    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    with Gradebook(db_url, course_id):
        pass
