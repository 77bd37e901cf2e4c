from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# nbgrader runs `alembic` when it creates a gradebook; it must come from this environment.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")

# postgres_server, postgres_url, browser, unix_users: the real components (tests/support/components.py);
# gradebook_template: an empty nbgrader gradebook for the service tests (tests/support/serve.py)
pytest_plugins = ["tests.support.components", "tests.support.serve"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def course_secret_as_it_was():
    """nbgrader run in-process configures the course whose secret grading uses (the
    preprocessor calls use_course); a later test in the same worker must not inherit it."""
    from autograder.checks import framework

    saved = framework._course_root
    yield
    framework._course_root = saved
