"""What the instructor set for `backprop-lab serve`: read from the course's nbgrader_config.py.

    c.BackpropServe.attempts = "10/day"          # per student, per assignment (and per question)
    c.BackpropServe.attempts_per_assignment = {"ps4_two_layer_net": "3/hour"}
    c.BackpropServe.late_checks = False          # True: keep checking after the nbgrader due date

`serve --attempts N` overrides every budget with N per day. The database is the gradebook's
(`c.CourseDirectory.db_url`) unless `c.BackpropServe.db_url` says otherwise.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

UNITS = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
DEFAULT_BUDGET = "10/day"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Budget:
    """At most `limit` attempts in any `window` seconds (a rolling window: each attempt frees up
    exactly one window after it was made)."""

    limit: int
    window: int

    @classmethod
    def parse(cls, spec: str | int) -> Budget:
        if isinstance(spec, int) and not isinstance(spec, bool):
            spec = f"{spec}/day"
        match = re.fullmatch(r"\s*(\d+)\s*(?:/|per)\s*(minute|hour|day|week)s?\s*", str(spec))
        if not match:
            raise ConfigError(f"attempt budget {spec!r}: write it as N/minute, N/hour, N/day or N/week")
        return cls(int(match.group(1)), UNITS[match.group(2)])

    def __str__(self) -> str:
        unit = next(name for name, seconds in UNITS.items() if seconds == self.window)
        return f"{self.limit}/{unit}"


@dataclass
class ServeConfig:
    course: Path
    db_url: str
    course_id: str = ""
    budget: Budget = field(default_factory=lambda: Budget.parse(DEFAULT_BUDGET))
    budgets: dict[str, Budget] = field(default_factory=dict)  # per assignment
    late_checks: bool = False
    hub_api_url: str | None = None  # set: the students' JupyterHub API tokens are accepted
    max_bytes: int = 8 * 1024 * 1024  # a request body larger than this is refused (413)
    workers: int = 0  # grading workers on this machine (0: cores - 1)
    queue: int = 0  # requests waiting for a worker beyond those being graded (0: 64, or 16 per worker)
    timeout: float = 600.0  # a request whose grading takes longer is a fault of that request
    dask: str | None = None  # a Dask scheduler address: grade there instead

    def budget_for(self, assignment: str) -> Budget:
        return self.budgets.get(assignment, self.budget)


SECRET_ENV = "BACKPROP_LAB_SECRET"


def use_course_secret(course: Path) -> bool:
    """Grade with the course's secret, as `check` and `autograde` in that course do: the grader
    processes (and only they: student code gets a clean environment) inherit it from ours.
    Returns whether there is a secret at all (without one, hidden inputs are the public defaults)."""
    if os.environ.get(SECRET_ENV):
        return True
    path = course / ".backprop-lab" / "secret"  # written by `backprop-lab init`, readable by the instructor only
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    if value:
        os.environ[SECRET_ENV] = value
    return bool(value)


def load_config(course: str | Path, attempts: int | None = None, **overrides) -> ServeConfig:
    """The course's settings, with the command line's on top (`attempts`: N per day for every assignment)."""
    course = Path(course).resolve()
    config_file = course / "nbgrader_config.py"
    if not config_file.is_file():
        raise ConfigError(f"{course} is not a course folder: no nbgrader_config.py (make one with `backprop-lab init`)")
    from traitlets.config.loader import PyFileConfigLoader

    cwd = os.getcwd()
    try:  # the file may use paths relative to the course, as nbgrader runs it from there
        os.chdir(course)
        cfg = PyFileConfigLoader(config_file.name, path=str(course)).load_config()
    except Exception as exc:
        raise ConfigError(f"cannot read {config_file}: {type(exc).__name__}: {exc}") from None
    finally:
        os.chdir(cwd)
    ours = cfg.get("BackpropServe", {})
    directory = cfg.get("CourseDirectory", {})
    db_url = str(ours.get("db_url") or directory.get("db_url") or f"sqlite:///{course / 'gradebook.db'}")
    if db_url.startswith("sqlite:///") and not db_url.startswith("sqlite:////"):  # relative to the course
        db_url = f"sqlite:///{(course / db_url[len('sqlite:///'):]).resolve()}"
    if db_url.startswith("postgresql://"):  # the driver the postgres extra installs
        db_url = "postgresql+psycopg://" + db_url[len("postgresql://"):]
    config = ServeConfig(course=course, db_url=db_url, course_id=str(directory.get("course_id", "")))
    config.budget = Budget.parse(ours.get("attempts", DEFAULT_BUDGET))
    config.budgets = {aid: Budget.parse(spec) for aid, spec in dict(ours.get("attempts_per_assignment", {})).items()}
    config.late_checks = bool(ours.get("late_checks", False))
    if attempts is not None:
        if attempts < 0:
            raise ConfigError("--attempts must be 0 or more")
        config.budget, config.budgets = Budget(attempts, UNITS["day"]), {}
    config.hub_api_url = os.environ.get("JUPYTERHUB_API_URL") or None
    for key, value in overrides.items():
        if value is not None:
            setattr(config, key, value)
    return config
