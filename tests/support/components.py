"""The real system components some tests need, started by the tests themselves.

Each fixture either gives a working component or skips with the reason. In CI (`CI=true`)
a missing component is a failure, not a skip: CI must run every test.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest


def unavailable(reason: str):
    """Skip (on a developer's machine) or fail (in CI) a test whose component is missing."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run this test, but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_root() -> bool:
    return os.geteuid() == 0


# -- bubblewrap ------------------------------------------------------------------------------
def require_bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        unavailable("bubblewrap (bwrap) is not installed: `apt-get install bubblewrap` (scripts/system-deps.sh)")
    return path


# -- PostgreSQL --------------------------------------------------------------------------------
class Postgres:
    """A throw-away PostgreSQL server on 127.0.0.1, owned by the test session."""

    def __init__(self, base: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            unavailable("PostgreSQL is not installed: `apt-get install postgresql` (scripts/system-deps.sh)")
        self.bindir = Path(bins[-1]).parent
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        self.user = "postgres" if is_root() else pwd.getpwuid(os.geteuid()).pw_name
        if is_root():
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                unavailable("PostgreSQL is installed but there is no `postgres` account to run it as")

    def _run(self, *args: str, **kw) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if is_root():
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, **kw)

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        if is_root():
            shutil.chown(self.base, "postgres", "postgres")
            os.chmod(self.base, 0o700)
        r = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        if r.returncode:
            raise RuntimeError(f"initdb failed: {r.stderr}")
        r = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-t", "60",
                      "-o", f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off -c max_connections=200",
                      "start")
        if r.returncode:
            raise RuntimeError(f"pg_ctl start failed: {r.stderr}\n{(self.base / 'log').read_text()}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL (psycopg 3)."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        r = self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        if r.returncode:
            raise RuntimeError(f"createdb failed: {r.stderr}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres_server():
    base = Path(tempfile.mkdtemp(prefix="backprop-lab-pg-"))
    server = Postgres(base)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    return postgres_server.create_database()


# -- Chromium ------------------------------------------------------------------------------------
def chromium_options():
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='backprop-lab-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


@pytest.fixture
def browser():
    """A headless Chromium driven by selenium (Debian's chromium + chromium-driver)."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        unavailable("Chromium is not installed: `apt-get install chromium chromium-driver` (scripts/system-deps.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=chromium_options())
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# -- real Unix accounts ------------------------------------------------------------------------
@pytest.fixture
def unix_users():
    """Make real Unix accounts (root only); every account made is removed afterwards.

    Usage: `name = unix_users("alice")` gives a fresh account whose name starts with the word.
    """
    if not is_root():
        unavailable("creating Unix accounts needs root (CI runs as root)")
    if not (shutil.which("useradd") and shutil.which("runuser")):
        unavailable("useradd/runuser are missing")
    made: list[str] = []

    def make(word: str) -> str:
        name = f"{word}{uuid.uuid4().hex[:6]}"
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        made.append(name)
        return name

    try:
        yield make
    finally:
        for name in made:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            time.sleep(0.1)
            subprocess.run(["userdel", "--remove", name], capture_output=True)
