"""`backprop-lab init DIR`: a ready nbgrader course whose autograde grades with backprop-lab.

It writes the instructor's `nbgrader_config.py` (never overwriting one that exists), sets the
gradebook up (SQLite in the course folder, or any SQLAlchemy URL such as PostgreSQL), makes
sure the exchange is one students can write to, writes the students' configuration
(`/etc/jupyter/nbgrader_config.py` on a JupyterHub machine) and builds `source/` for every
assignment and quiz.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks.framework import SECRET_FILE
from autograder.course.build import build_all
from autograder.course.defaults import DEFAULT_EXCHANGE, STUDENTS_CONFIG_PATH

CONFIG = '''\
# nbgrader configuration written by `backprop-lab init`.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
# The gradebook (any SQLAlchemy URL: SQLite next to this file, or postgresql://user@host/db).
c.CourseDirectory.db_url = {db_url!r}

# Release, fetch, submit and collect go through this folder; the students' configuration
# ({students_config}) names the same one.
c.Exchange.root = {exchange!r}
# `nbgrader zip_collect` (an LMS download in downloaded/<assignment>/archive/): the student id
# is the name of the per-student folder holding the notebook, never the file name; files that
# cannot be attributed are reported (LmsFolderCollector.folder_regexp for other folder names).
c.ZipCollectApp.collector_plugin = "autograder.nbgrader_plugin.collector.LmsFolderCollector"

# Grading: backprop-lab's sandboxed checks take the place of nbgrader's Execute step.
from autograder.nbgrader_plugin import configure  # noqa: E402

configure(c)
'''

STUDENTS_CONFIG = '''\
# nbgrader configuration for the students of {course_id!r}, written by `backprop-lab init`.
# Install it as {path} (root): every user's Jupyter server reads it.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
'''


class InitError(Exception):
    """Something init cannot do; the message says what to do instead."""


@dataclass
class InitResult:
    root: Path
    db_url: str
    exchange: str
    students_config: str
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def init_course(directory: str | Path, course_id: str = "backprop-lab", force: bool = False,
                db_url: str | None = None, exchange: str | Path | None = None,
                students_config: str | Path | None = None, quiet: bool = False) -> Path:
    """Create (or refresh, with `force`) the course in `directory`.

    - db_url: the gradebook; default SQLite `gradebook.db` in the course folder.
    - exchange: the nbgrader exchange; default a private folder `exchange/` inside the course
      (one user: the demo and the tests). The command line defaults to nbgrader's shared
      `/srv/nbgrader/exchange` instead, which students can reach.
    - students_config: also write the students' configuration there (`-`: print it).
    An existing `nbgrader_config.py` is the instructor's: it is never overwritten, and its
    gradebook and exchange are the ones set up.
    """
    result = setup_course(directory, course_id, force, db_url, exchange, students_config)
    if not quiet:
        for path in result.written:
            print(f"wrote {path.relative_to(result.root) if path.is_relative_to(result.root) else path}")
        for warning in result.warnings:
            print(f"warning: {warning}")
        print(f"gradebook: {redact(result.db_url)}")
        print(f"exchange: {result.exchange}")
        print(f"course ready in {result.root}")
    return result.root


def setup_course(directory, course_id="backprop-lab", force=False, db_url=None, exchange=None,
                 students_config=None) -> InitResult:
    root = Path(directory).resolve()
    root.mkdir(parents=True, exist_ok=True)
    config = root / "nbgrader_config.py"
    written: list[Path] = []
    warnings: list[str] = []
    if config.exists():  # an existing configuration is the instructor's: never overwritten
        existing = read_config(config)
        course_id = existing.get("course_id") or course_id
        for name, given, have in (("--db", db_url, existing.get("db_url")),
                                  ("--exchange", exchange, existing.get("exchange"))):
            if given is not None and have is not None and str(given) != have:
                warnings.append(f"{name} {redact(str(given))} ignored: {config} (kept as it is) says "
                                f"{redact(have)}; edit that file to change it")
        db_url = existing.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
        exchange = existing.get("exchange") or DEFAULT_EXCHANGE
    else:
        db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
        exchange = str(Path(exchange).resolve()) if exchange is not None else str(root / "exchange")
        config.write_text(CONFIG.format(course_id=course_id, root=str(root), db_url=db_url, exchange=exchange,
                                        students_config=STUDENTS_CONFIG_PATH), encoding="utf-8")
        written.append(config)
    create_gradebook(db_url, course_id)
    if write_secret(root):
        print(f"wrote {SECRET_FILE} (the grading secret: readable by you only)")
    warnings += prepare_exchange(Path(exchange), private=Path(exchange).is_relative_to(root))

    students_text = STUDENTS_CONFIG.format(course_id=course_id, exchange=str(exchange), path=STUDENTS_CONFIG_PATH)
    copy = root / "students_nbgrader_config.py"
    copy.write_text(students_text, encoding="utf-8")
    written.append(copy)
    if students_config == "-":
        print(students_text, end="")
    elif students_config is not None:
        target = Path(students_config)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(students_text, encoding="utf-8")
            target.chmod(0o644)
            written.append(target)
        except OSError as error:
            raise InitError(f"cannot write the students' configuration to {target}: {error.strerror}. "
                            f"As root: install -m 644 {copy} {target}") from None

    source = root / "source"
    existing_sources = {p.parent.name for p in source.glob("*/*.ipynb")} if source.exists() else set()
    from autograder.course.build import notebook_assignments
    from autograder.course.quizzes import build_quiz_sources

    todo = [aid for aid in notebook_assignments() if force or aid not in existing_sources]
    written += build_all(source, todo)
    written += build_quiz_sources(source, force=force)
    return InitResult(root, db_url, str(exchange), students_text, written, warnings)


def read_config(path: Path) -> dict[str, str | None]:
    """The course id, gradebook URL and exchange an nbgrader_config.py sets (None when it does not)."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader(path.name, path=str(path.parent)).load_config()

    def get(section: str, key: str) -> str | None:
        value = cfg[section].get(key) if section in cfg else None
        return str(value) if value else None

    return {"course_id": get("CourseDirectory", "course_id"), "db_url": get("CourseDirectory", "db_url"),
            "exchange": get("Exchange", "root")}


def redact(url: str) -> str:
    """A database URL without its password, for printing."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL (an exchange path): print as is
        return url


def prepare_exchange(path: Path, private: bool) -> list[str]:
    """Create the exchange, world-writable as nbgrader needs (its release/submit set the modes
    inside). Returns warnings; raises InitError with the root commands when it cannot."""
    if private:  # the demo's and tests' one-user exchange, inside the course folder
        path.mkdir(parents=True, exist_ok=True)
        return []
    fix = f"sudo mkdir -p {path} && sudo chmod 777 {path}"
    try:
        path.mkdir(parents=True, exist_ok=True)
        if stat.S_IMODE(path.stat().st_mode) & 0o777 != 0o777 and path.stat().st_uid == os.geteuid():
            path.chmod(0o777)
    except OSError:
        raise InitError(f"cannot create the exchange {path}: run `{fix}` (needs root), "
                        "then this command again; or give --exchange PATH") from None
    warnings = []
    if stat.S_IMODE(path.stat().st_mode) & 0o777 != 0o777:
        warnings.append(f"students cannot write to the exchange {path} (mode "
                        f"{stat.S_IMODE(path.stat().st_mode):o}): run `{fix}`")
    for parent in path.parents:
        if not stat.S_IMODE(parent.stat().st_mode) & 0o001:
            warnings.append(f"students cannot reach the exchange {path}: {parent} is not searchable by "
                            f"others (chmod o+x {parent}, or use {DEFAULT_EXCHANGE})")
            break
    return warnings


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
    """Create and stamp the gradebook now, in this process.

    nbgrader creates a new database's tables and then runs the `alembic` command to find the
    schema version; without this environment's bin/ on PATH that fails after the tables exist,
    leaving a database that is never stamped. Here the version comes from alembic's Python API
    and the table is written directly, so nbgrader later finds a complete, stamped database.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base, Gradebook
    from nbgrader.dbutil import ALEMBIC_DIR
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import NoSuchModuleError, OperationalError

    try:
        engine = create_engine(db_url, future=True)
    except NoSuchModuleError as error:
        raise InitError(f"unknown database URL {redact(db_url)}: {error}") from None
    except ModuleNotFoundError as error:
        raise InitError(f"the driver for {redact(db_url)} is not installed ({error.name}): "
                        "pip install 'backprop-lab[postgres]'") from None
    try:
        with engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            Base.metadata.create_all(bind=connection)
            if "alembic_version" not in tables:
                cfg = Config()
                cfg.set_main_option("script_location", ALEMBIC_DIR)
                head = ScriptDirectory.from_config(cfg).get_current_head()
                connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
                connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise InitError(f"cannot open the gradebook {redact(db_url)}: {reason}") from None
    finally:
        engine.dispose()
    with Gradebook(db_url, course_id):  # nbgrader's own check that the course is recorded
        pass
