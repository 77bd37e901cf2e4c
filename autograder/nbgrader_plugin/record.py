"""Record a class in the gradebook with nbgrader's own autograde pipeline, in this process.

`nbgrader autograde` is the right pipeline (sanitise, put locked and test cells back, check
metadata, grade, save grades and comments, late penalties, write `autograded/`), but running it
as a command costs seconds of start-up and, per student, nine fresh database engines (each
inspects every table) and a schema check per cell. `ClassRecorder` runs the same thing once per
class instead:

- nbgrader's `AutogradeApp` reads the course's `nbgrader_config.py` as the command would, and
  nbgrader's `Autograde` converter runs its configured preprocessors (whatever
  `configure(c)` and the instructor put there) and its own per-student loop, one student at a
  time as reports arrive;
- every `Gradebook(url)` that nbgrader's converter and preprocessors open during a student
  is the class's one open gradebook (`SharedGradebook`): the same API calls, the same commits,
  on one connection;
- `CheckCellMetadata` is compiled once (`metadata.py`, set in `configure(c)`);
- the dozen deep copies nbconvert and nbformat make of each notebook take the fast path of
  `nbcopy.py` (the same copies, while a student is recorded).

Nothing here writes to the database itself: nbgrader does, through its API.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import sqlalchemy
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.autogradeapp import AutogradeApp
from nbgrader.converters import Autograde, NbGraderException
from nbgrader.converters.base import BaseConverter

from autograder.nbgrader_plugin.nbcopy import fast_deepcopy
from autograder.text import one_line

# the nbgrader modules that open a gradebook while autograding one student
GRADEBOOK_USERS = (
    "nbgrader.converters.autograde",
    "nbgrader.preprocessors.overwritecells",
    "nbgrader.preprocessors.overwritekernelspec",
    "nbgrader.preprocessors.saveautogrades",
    "nbgrader.preprocessors.latesubmissions",
)


class SharedGradebook:
    """One open nbgrader `Gradebook` for the whole class, lent to nbgrader's code.

    While `lent()` is active, `Gradebook(url, course)` in the modules above returns a borrowed
    handle on this gradebook: the same API on one connection. Two things make it cheap:

    - each commit nbgrader asks for becomes a flush (and, as after a commit, every loaded row is
      expired), and the recorder commits once per student: a student's grades, comments,
      penalty and submission are one transaction, written together or not at all;
    - the assignment's source cells and grade cells (what `OverwriteCells` compares each
      submitted cell with) are read once per class: autograde never changes them.
    """

    def __init__(self, db_url: str, course_id: str) -> None:
        self.db_url = db_url
        self.gradebook = Gradebook(db_url, course_id)
        self.session = self.gradebook.db
        self.gradebook.db = _OneTransaction(self.session)
        self.courses = {course_id}
        self.released: dict[tuple, object] = {}

    def borrow(self, db_url: str, course_id: str = "default_course", authenticator=None):
        if db_url != self.db_url:  # not the course's gradebook: nbgrader's own connection
            return Gradebook(db_url, course_id, authenticator)
        if course_id not in self.courses:  # what a fresh Gradebook does on opening
            self.gradebook.check_course(course_id)
            self.courses.add(course_id)
        return _Borrowed(self)

    @contextlib.contextmanager
    def lent(self) -> Iterator[None]:
        modules = [sys.modules[name] for name in GRADEBOOK_USERS if name in sys.modules]
        saved = [m.Gradebook for m in modules]
        for m in modules:
            m.Gradebook = self.borrow
        try:
            yield
        finally:
            for m, original in zip(modules, saved):
                m.Gradebook = original

    def commit(self) -> None:
        try:
            self.session.commit()
        finally:
            self.session.remove()  # the next student starts with a fresh session, as with a fresh Gradebook

    def rollback(self) -> None:
        self.session.rollback()
        self.session.remove()

    def close(self) -> None:
        self.gradebook.db = self.session
        self.gradebook.close()


class _OneTransaction:
    """The gradebook's session, where `commit()` flushes and expires (what a commit does to
    the session's objects) without ending the transaction; `SharedGradebook.commit` ends it."""

    def __init__(self, session) -> None:
        self._session = session

    def commit(self) -> None:
        self._session.flush()
        self._session.expire_all()

    def __getattr__(self, name):
        return getattr(self._session, name)


class _Borrowed:
    """What `Gradebook(url)` gives nbgrader's code inside the recorder."""

    def __init__(self, shared: SharedGradebook) -> None:
        self._shared = shared
        self._gradebook = shared.gradebook

    def __getattr__(self, name):
        return getattr(self._gradebook, name)

    def __enter__(self) -> _Borrowed:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        pass  # the recorder commits or rolls back the student

    def close(self) -> None:
        pass

    def find_source_cell(self, name: str, notebook: str, assignment: str):
        return self._released("find_source_cell", name, notebook, assignment)

    def find_graded_cell(self, name: str, notebook: str, assignment: str):
        return self._released("find_graded_cell", name, notebook, assignment)

    def _released(self, method: str, *args):
        key = (method, *args)
        if key not in self._shared.released:
            try:
                self._shared.released[key] = Released.of(getattr(self._gradebook, method)(*args))
            except MissingEntry as exc:
                self._shared.released[key] = exc
        found = self._shared.released[key]
        if isinstance(found, MissingEntry):
            raise found
        return found


class Released:
    """A read-only copy of a source or graded cell's columns (a row that autograde only reads)."""

    __slots__ = ("_values",)

    def __init__(self, values: dict) -> None:
        object.__setattr__(self, "_values", values)

    @classmethod
    def of(cls, row) -> Released:
        return cls({attr.key: getattr(row, attr.key) for attr in sqlalchemy.inspect(row).mapper.column_attrs})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError(f"{name}: a released cell is read-only during autograde")


@dataclass
class Recorded:
    student: str
    ok: bool
    cause: str = ""  # why nbgrader failed, one line


class ClassAutograde(Autograde):
    """nbgrader's `Autograde` converter, run on one student's submission at a time by `record`.

    Each call goes through nbgrader's own `convert_notebooks` (its checks of the destination,
    hooks, `init_assignment`, both preprocessor passes, permissions and failure handling)."""

    def prepare(self) -> None:
        """`BaseConverter.start` up to the conversion: notebooks, writer, exporter."""
        from nbconvert.writers import FilesWriter

        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)
        for pp in self.preprocessors:
            self.exporter.register_preprocessor(pp)

    def record(self, student: str) -> Recorded:
        source = self._format_source(self.coursedir.assignment_id, student)
        found = sorted(glob(os.path.join(source, self.coursedir.notebook_id + ".ipynb")))
        if not found:
            return Recorded(student, False, f"no notebook in {source}")
        self.assignments = {source: found}
        self._failure: BaseException | None = None
        try:
            BaseConverter.convert_notebooks(self)
        except NbGraderException as exc:
            return Recorded(student, False, one_line(self._failure or exc))
        return Recorded(student, True)

    def remove_autograded(self, student: str) -> None:
        """What nbgrader does with a student whose autograding failed."""
        from nbgrader.utils import rmtree

        dest = os.path.normpath(self._format_dest(self.coursedir.assignment_id, student))
        if os.path.exists(dest):
            rmtree(dest)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        try:
            super().init_assignment(assignment_id, student_id)
        except Exception as exc:
            self._failure = exc
            raise

    def convert_single_notebook(self, notebook_filename: str) -> None:
        try:
            super().convert_single_notebook(notebook_filename)
        except Exception as exc:
            self._failure = exc
            raise


class ClassRecorder:
    """Records students of one assignment, one at a time, in this process.

        with ClassRecorder(course, aid, ["--BackpropGrade.cache_dir=..."]) as recorder:
            recorder.record("alice")

    A Ctrl-C (SIGINT) that arrives while a student is being recorded is held until that
    student's gradebook entries and autograded notebook are both written, then raised."""

    def __init__(self, course: Path, assignment: str, extra_args: list[str] = (), log_file: Path | None = None) -> None:
        self.course = Path(course).resolve()
        self.assignment = assignment
        self.extra_args = list(extra_args)
        self.log_file = log_file
        self._cwd: str | None = None
        self.interrupted = False

    def __enter__(self) -> ClassRecorder:
        self._cwd = os.getcwd()
        os.chdir(self.course)  # nbgrader reads nbgrader_config.py from, and resolves paths against, the course
        try:
            self.app = AutogradeApp()
            self.app.initialize([self.assignment, "--force", *self.extra_args])
            self._quiet_log()
            self.app.coursedir.assignment_id = self.assignment
            self.converter = ClassAutograde(coursedir=self.app.coursedir, parent=self.app)
            self.converter.prepare()
            self.shared = SharedGradebook(self.app.coursedir.db_url, self.app.coursedir.course_id)
        except BaseException:
            self._restore()
            raise
        return self

    def _quiet_log(self) -> None:
        log = self.app.log
        for handler in list(log.handlers):
            log.removeHandler(handler)
        if self.log_file is not None:
            handler = logging.FileHandler(self.log_file, encoding="utf-8")
            handler.setFormatter(logging.Formatter("[%(name)s | %(levelname)s] %(message)s"))
            log.addHandler(handler)
        else:
            log.addHandler(logging.NullHandler())
        log.propagate = False

    def record(self, student: str) -> Recorded:
        """Autograde one student's submission with nbgrader and commit it, or leave the gradebook
        as it was. A failure is run again the stock way (nbgrader's own connections and commits),
        so what a failing submission leaves behind is exactly what `nbgrader autograde` leaves."""
        self.app.coursedir.student_id = student
        with hold_interrupts() as held, warnings.catch_warnings(record=True) as caught, fast_deepcopy():
            warnings.simplefilter("always")
            with self.shared.lent():
                result = self.converter.record(student)
            if result.ok:
                try:
                    self.shared.commit()
                except Exception as exc:
                    self.shared.rollback()
                    self.converter.remove_autograded(student)
                    result = Recorded(student, False, one_line(exc))
            else:
                self.shared.rollback()
                result = self.converter.record(student)
        for warning in caught:  # nbgrader's and SQLAlchemy's warnings go to nbgrader's log, not the terminal
            self.app.log.warning("%s: %s", warning.category.__name__, warning.message)
        if held:
            self.interrupted = True
            raise KeyboardInterrupt
        return result

    def __exit__(self, *exc) -> None:
        try:
            self.shared.close()
            for handler in list(self.app.log.handlers):
                handler.close()
                self.app.log.removeHandler(handler)
            self.app.clear_instance()
        finally:
            self._restore()

    def _restore(self) -> None:
        if self._cwd is not None:
            os.chdir(self._cwd)
            self._cwd = None


@contextlib.contextmanager
def hold_interrupts() -> Iterator[list]:
    """Hold SIGINT until the block is done; the list says whether one came."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)
