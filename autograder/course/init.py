"""`backprop-lab init DIR`: a ready nbgrader course whose autograde grades with backprop-lab."""

from __future__ import annotations

from pathlib import Path

from autograder.checks.framework import SECRET_FILE
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
# `nbgrader zip_collect` (an LMS download in downloaded/<assignment>/archive/): the student id
# is the name of the per-student folder holding the notebook, never the file name; files that
# cannot be attributed are reported (LmsFolderCollector.folder_regexp for other folder names).
c.ZipCollectApp.collector_plugin = "autograder.nbgrader_plugin.collector.LmsFolderCollector"

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
    if write_secret(root):
        print(f"wrote {SECRET_FILE} (the grading secret: readable by you only)")
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


def write_secret(root: Path) -> bool:
    """A random grading secret in <course>/.backprop-lab/secret, readable by its owner only,
    unless there is one. check, autograde and nbgrader autograde in this course all use it."""
    import os
    import secrets

    path = root / SECRET_FILE
    if path.exists():
        return False
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secrets.token_hex(32) + "\n")
    return True


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
