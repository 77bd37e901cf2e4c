"""`backprop-lab init`: the exchange students can use, the students' configuration, and a
gradebook that is ready (created and stamped) on SQLite and on a real PostgreSQL, without
the environment's bin/ on PATH, and `--force` that never creates an unused SQLite file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from autograder.cli import main as cli_main
from autograder.course.init import InitError, create_gradebook, read_config

BIN = Path(sys.executable).parent


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed command with only the system's folders on PATH (no alembic, no nbgrader)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = "/usr/bin:/bin"
    return subprocess.run([str(BIN / "backprop-lab"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = "/usr/bin:/bin"
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def stamped(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def test_init_writes_an_exchange_students_can_use_and_their_config(tmp_path, capsys):
    exchange = tmp_path / "shared" / "exchange"
    assert cli_main(["init", str(tmp_path / "course"), "--course-id", "dl2026", "--exchange", str(exchange),
                     "--students-config", "-"]) == 0
    out = capsys.readouterr().out
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o777  # students write their submissions into it
    students = (tmp_path / "course" / "students_nbgrader_config.py").read_text()
    assert students in out  # printed for `| sudo tee /etc/jupyter/nbgrader_config.py`
    namespace = {"get_config": lambda: Namespace()}
    exec(students, namespace)  # noqa: S102 - the file we just wrote
    config = read_config(tmp_path / "course" / "nbgrader_config.py")
    assert config == {"course_id": "dl2026", "db_url": f"sqlite:///{tmp_path / 'course' / 'gradebook.db'}",
                      "exchange": str(exchange)}
    assert namespace["c"].CourseDirectory.course_id == "dl2026" and namespace["c"].Exchange.root == str(exchange)
    assert stamped(config["db_url"])


def test_init_says_how_to_make_an_exchange_it_cannot_create(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli_main(["init", str(tmp_path / "course"), "--exchange", str(blocker / "exchange")]) == 1
    err = capsys.readouterr().err
    assert "sudo mkdir -p" in err and "chmod 777" in err


def test_init_warns_when_students_cannot_reach_the_exchange(tmp_path, capsys):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    assert cli_main(["init", str(tmp_path / "course"), "--exchange", str(home / "exchange")]) == 0
    assert "not searchable by others" in capsys.readouterr().out


@pytest.mark.slow
def test_force_keeps_the_configured_gradebook_and_creates_no_sqlite_file(tmp_path):
    db = tmp_path / "elsewhere.db"
    course = tmp_path / "course"
    result = cli("init", str(course), "--db", f"sqlite:///{db}", "--exchange", str(tmp_path / "ex"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = cli("init", str(course), "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert db.exists() and stamped(f"sqlite:///{db}")
    assert not (course / "gradebook.db").exists()
    assert "ignored" not in result.stdout  # nothing was asked that the kept configuration contradicts


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    from tests.support.components import free_port

    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"
    with pytest.raises(InitError, match="cannot open the gradebook"):
        create_gradebook(url, "c")


@pytest.mark.slow
@pytest.mark.system
def test_postgres_gradebook_without_alembic_on_path(postgres_url, tmp_path):
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")  # what an instructor types
    course = tmp_path / "course"
    result = cli("init", str(course), "--db", plain, "--exchange", str(tmp_path / "ex"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (course / "gradebook.db").exists()
    assert stamped(postgres_url)
    result = nbgrader("db", "student", "add", "alice", "--last-name", "Kim", cwd=course)
    assert result.returncode == 0, result.stderr
    result = nbgrader("generate_assignment", "ps1_softmax_loss", "--force", cwd=course)
    assert result.returncode == 0, result.stderr
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM student")).scalars().all() == ["alice"]
        assert "ps1_softmax_loss" in connection.execute(text("SELECT name FROM assignment")).scalars().all()
    engine.dispose()


class Namespace:
    def __getattr__(self, name):
        value = Namespace()
        object.__setattr__(self, name, value)
        return value
