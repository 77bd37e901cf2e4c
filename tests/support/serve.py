"""A course folder and a real `backprop-lab serve` process for the service tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.support.components import free_port

AID = "ps1_softmax_loss"


# -- a course and a server ---------------------------------------------------------------------
@pytest.fixture(scope="session")
def gradebook_template(tmp_path_factory) -> Path:
    """An empty nbgrader gradebook, made once (nbgrader stamps it by running alembic: slow)."""
    from autograder.course.init import create_gradebook

    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    create_gradebook(f"sqlite:///{path}", "serve-test")
    return path


def make_course(directory: Path, template: Path, settings: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, directory / "gradebook.db")
    (directory / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'serve-test'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{directory / 'gradebook.db'}'\n" + settings, encoding="utf-8")
    return directory


def set_due_date(course: Path, aid: str, due: datetime) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "serve-test") as gb:
        gb.update_or_create_assignment(aid, duedate=due.replace(tzinfo=None))


class Server:
    """`backprop-lab serve` in its own process, on 127.0.0.1; stopped by whoever started it."""

    def __init__(self, course: Path, *args: str) -> None:
        self.course, self.args = course, args
        self.proc: subprocess.Popen | None = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, *extra: str, env: dict | None = None) -> Server:
        cmd = [sys.executable, "-m", "autograder", "serve", "--course", str(self.course), "--port", str(self.port),
               *self.args, *extra]
        self.log = open(self.course / f"serve-{self.port}.log", "ab")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env or dict(os.environ))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {(self.course / f'serve-{self.port}.log').read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("serve did not answer /healthz within 90 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.log.close()

    def check(self, token: str | None, timeout: float = 300, **body) -> httpx.Response:
        headers = {"Authorization": f"token {token}"} if token is not None else {}
        return httpx.post(self.url + "/api/v1/check", json={"assignment": AID, **body}, headers=headers,
                          timeout=timeout)

    def attempts(self, token: str, aid: str = AID) -> httpx.Response:
        return httpx.get(self.url + "/api/v1/attempts", params={"assignment": aid},
                         headers={"Authorization": f"token {token}"}, timeout=60)


def issue_tokens(course: Path, *students: str) -> dict[str, str]:
    """Through the real command: one `STUDENT TOKEN` line each."""
    out = subprocess.run([sys.executable, "-m", "autograder", "tokens", "--course", str(course), *students],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    pairs = dict(line.split(" ", 1) for line in out.stdout.splitlines())
    assert list(pairs) == list(students)
    return pairs


