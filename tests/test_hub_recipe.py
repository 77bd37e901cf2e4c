"""The README's JupyterHub recipe ("Using it on a real course", steps 1 to 4), run for real.

The commands are read from the README's code blocks and run as written (root's with bash,
the instructor's as the instructor's Unix account with `runuser`), with these differences,
all on this shared machine's account:

- the accounts are fresh ones from `unix_users` (`prof…`, `alice…`, `bob…`): every `prof`,
  `alice` and `bob` in the commands and the configuration names them;
- `/opt/jupyterhub`, `/etc/jupyter`, `/etc/jupyterhub` and `/srv/nbgrader/exchange` are
  folders in a temporary directory (nothing system-wide is written); the spawned servers are
  told where "/etc/jupyter" is with JUPYTER_CONFIG_PATH, which Jupyter reads before /etc/jupyter;
  `init` is given that exchange with `--exchange`;
- nothing is downloaded: `apt-get`/`npm` (scripts/system-deps.sh did that), `git clone`,
  `adduser` and the `pip install`s are skipped; the two environments are virtualenvs on the
  system's Python 3.11 taking their dependencies from this one (the instructor's with this
  project's wheel, tests/support/install.py), with the dependencies' data files (the Jupyter
  extensions' configuration and JupyterLab) as pip would install them;
- the Hub's own addresses, database and an admin service token are appended to the
  README's `jupyterhub_config.py`, and the Hub runs with the PATH a systemd unit has.

Asserted, through the Hub's REST API and the users' servers: each server runs as its user from
the environment the README says; a student's server answers, lists the released assignment
(nbgrader's assignment list) and has neither formgrader nor Create Assignment; the instructor's
has formgrader, which knows the course; a student logs in with their Unix password (PAM, the
README's authenticator) and lands in JupyterLab, fetches the assignment with nbgrader, and
cannot read the instructor's course or environment.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from autograder.sandbox.box import descendants
from tests.support.components import free_port, is_root, unavailable
from tests.support.install import ROOT, SCRIPT, build, fresh_venv

pytestmark = [pytest.mark.slow, pytest.mark.system]
AID = "ps1_softmax_loss"
ADMIN_TOKEN = "test-admin-" + os.urandom(16).hex()
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # a systemd unit's PATH


# -- the README's commands -----------------------------------------------------------------------
def recipe_blocks() -> list[list[tuple[str, str]]]:
    """Each fenced block of "Using it on a real course" as (who, command) pairs: who is `#` (root) or
    `$` (the instructor); a heredoc's lines belong to the command that opens it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it on a real course", 1)[1].split("\n## ", 1)[0]
    blocks = []
    for block in re.findall(r"^( *)```\n(.*?)^\1```", section, re.S | re.M):
        indent, text = block
        commands: list[tuple[str, str]] = []
        heredoc = None  # the word that ends the heredoc being read
        for line in text.splitlines():
            line = line[len(indent):]
            if heredoc is None and line[:2] in ("# ", "$ "):
                commands.append((line[0], line[2:]))
                opened = re.search(r"<<'(\w+)'", line)
                heredoc = opened.group(1) if opened else None
            elif commands:
                commands[-1] = (commands[-1][0], commands[-1][1] + "\n" + line)
                if line == heredoc:
                    heredoc = None
        blocks.append(commands)
    return blocks


def block_with(word: str) -> list[tuple[str, str]]:
    (found,) = [b for b in recipe_blocks() if any(word in command for _, command in b)]
    return found


# -- the two environments ----------------------------------------------------------------------------
def with_data_files(venv: Path) -> None:
    """What pip puts into a venv's etc/ and share/ for jupyterlab, nbgrader, ...: taken from this
    environment (etc/ copied, since `--sys-prefix` commands change it)."""
    etc = Path(sys.prefix) / "etc" / "jupyter"
    if etc.is_dir():
        shutil.copytree(etc, venv / "etc" / "jupyter", dirs_exist_ok=True)
    share = venv / "share" / "jupyter"
    if not share.exists():
        share.parent.mkdir(exist_ok=True)
        share.symlink_to(Path(sys.prefix) / "share" / "jupyter")


def students_env(path: Path, base_python: str) -> Path:
    """/opt/jupyterhub: JupyterHub, JupyterLab, nbgrader, NumPy... and no backprop-lab."""
    subprocess.run([base_python, "-m", "venv", str(path)], check=True, capture_output=True)
    python = path / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    import importlib.metadata

    for entry in importlib.metadata.entry_points(group="console_scripts"):
        target = path / "bin" / entry.name
        if target.exists() or entry.dist is None or entry.dist.name == "backprop-lab":
            continue
        module, _, attr = entry.value.partition(":")
        attr = attr.strip() or "main"
        target.write_text(SCRIPT.format(python=python, module=module, attr=attr.split(".")[0], call=attr))
        target.chmod(0o755)
    with_data_files(path)
    found = subprocess.run([str(python), "-c", "import autograder"], capture_output=True, cwd=path)
    assert found.returncode != 0, "the students' environment must not hold backprop-lab"
    return path


def world_readable(path: Path) -> bool:
    path = path.resolve()
    return all(p.stat().st_mode & 0o005 == 0o005 for p in [path, *path.parents] if p != Path("/"))


# -- helpers ------------------------------------------------------------------------------------------
def run(command: list[str], **kw) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kw)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def as_user(user: str, script: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    home = pwd.getpwnam(user).pw_dir
    environment = {"HOME": home, "USER": user, "LOGNAME": user, "PATH": SYSTEM_PATH, "LANG": "C.UTF-8", **env}
    return run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in environment.items()),
                "bash", "-e", "-c", script], cwd=cwd or home)


def page_config(html: str) -> dict:
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, html[:2000]
    return json.loads(found.group(1))


def test_the_readmes_jupyterhub_recipe(unix_users, tmp_path):
    if not is_root():
        unavailable("the JupyterHub recipe spawns servers as Unix users: needs root (CI runs as root)")
    proxy = shutil.which("configurable-http-proxy", path=SYSTEM_PATH)
    if proxy is None:
        unavailable("configurable-http-proxy is not installed (npm; scripts/system-deps.sh)")
    base_python = shutil.which("python3.11", path="/usr/bin:/usr/local/bin")
    if base_python is None:
        unavailable("no system python3.11 for the users' environments")
    if not world_readable(Path(sysconfig.get_paths()["purelib"])):
        unavailable(f"{sysconfig.get_paths()['purelib']} is not readable by other accounts")
    names = {word: unix_users(word) for word in ("prof", "alice", "bob")}
    prof, alice = names["prof"], names["alice"]
    prof_home = Path(pwd.getpwnam(prof).pw_dir)
    prof_home.chmod(0o700)  # as Debian 12's adduser makes it
    shared = Path(tempfile.mkdtemp(prefix="backprop-lab-hub-", dir="/tmp"))
    shared.chmod(0o755)
    places = {"/opt/jupyterhub": shared / "opt-jupyterhub", "/etc/jupyterhub": shared / "etc-jupyterhub",
              "/etc/jupyter": shared / "etc-jupyter", "/srv/nbgrader/exchange": shared / "exchange"}
    etc_jupyter = str(places["/etc/jupyter"])

    def ours(command: str) -> str:
        for system_path, path in places.items():
            command = command.replace(system_path, str(path))
        for word, name in names.items():
            command = re.sub(rf"\b{word}\b", name, command)
        return command

    hub = None
    log = open(shared / "hub.log", "wb")
    try:
        # 1. System packages, the students' environment, the shared exchange (root).
        step1 = block_with("configurable-http-proxy")
        students_env(places["/opt/jupyterhub"], base_python)
        for who, command in step1:
            assert who == "#"
            if command.split()[0] in ("apt-get", "npm", "adduser") or " -m venv " in command or "pip " in command:
                continue  # what scripts/system-deps.sh, unix_users and students_env did
            run(["bash", "-e", "-c", ours(command)], env={"PATH": SYSTEM_PATH, "HOME": "/root", "LANG": "C.UTF-8"})
        assert (places["/srv/nbgrader/exchange"].stat().st_mode & 0o777) == 0o777

        # 2. The instructor's environment and the course (as prof).
        step2 = block_with("git clone")
        _, wheel = build(tmp_path / "dist")
        fresh_venv(wheel, prof_home / "backprop-lab", base_python=base_python)
        with_data_files(prof_home / "backprop-lab")
        run(["chown", "-R", f"{prof}:{prof}", str(prof_home / "backprop-lab")])
        script = []
        for who, command in step2:
            assert who == "$"
            if command.startswith("git clone") or " -m venv " in command or "pip install" in command:
                continue
            if command.startswith("backprop-lab init"):
                command += f" --exchange {places['/srv/nbgrader/exchange']}"
            script.append(ours(command))
        as_user(prof, "\n".join(script), {"JUPYTER_CONFIG_PATH": etc_jupyter})
        course = prof_home / "courses" / "dl2026"
        assert (course / "nbgrader_config.py").exists() and (course / "students_nbgrader_config.py").exists()

        # 3. The students' configuration and JupyterHub (root).
        step3 = block_with("jupyterhub_config.py <<'CONF'")
        start_hub = None
        for who, command in step3:
            assert who == "#"
            if "/bin/jupyterhub -f" in command:
                start_hub = ours(command.split("#")[0]).split()
                continue
            run(["bash", "-e", "-c", ours(command)], env={"PATH": SYSTEM_PATH, "HOME": "/root", "LANG": "C.UTF-8"})
        config = places["/etc/jupyterhub"] / "jupyterhub_config.py"
        assert start_hub and start_hub[-1] == str(config), start_hub
        assert (places["/etc/jupyter"] / "nbgrader_config.py").exists()
        public, hub_port, proxy_api = free_port(), free_port(), free_port()
        with open(config, "a", encoding="utf-8") as f:  # this machine's addresses, a database, an admin token
            f.write(f"""
# -- added by the test ------------------------------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:{public}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.pid_file = {str(shared / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{shared / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(shared / 'cookie_secret')!r}
c.Spawner.environment = dict(c.Spawner.environment if isinstance(c.Spawner.environment, dict) else {{}},
                             JUPYTER_CONFIG_PATH={etc_jupyter!r})  # what /etc/jupyter is here
c.Spawner.start_timeout = c.Spawner.http_timeout = 180
c.JupyterHub.services = [{{"name": "test-admin", "api_token": {ADMIN_TOKEN!r}}}]
c.JupyterHub.load_roles = [{{"name": "test-admin", "services": ["test-admin"],
                             "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"]}}]
""")
        hub = subprocess.Popen(start_hub, cwd=shared, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={"PATH": SYSTEM_PATH, "HOME": "/root", "LANG": "C.UTF-8"})
        url, admin = f"http://127.0.0.1:{public}", {"Authorization": f"token {ADMIN_TOKEN}"}

        def hub_log() -> str:
            return (shared / "hub.log").read_text(errors="replace")[-5000:]

        deadline = time.monotonic() + 90
        while True:
            if hub.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not start:\n{hub_log()}")
            try:
                if httpx.get(f"{url}/hub/api/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)

        # 4. The term begins (as prof, in the course, with the instructor's environment on PATH).
        step4 = block_with("nbgrader release_assignment ps1_softmax_loss")
        term = [ours(command) for _, command in step4 if "_assignment ps1_softmax_loss" in command]
        assert len(term) == 2
        as_user(prof, "\n".join([f"export PATH={prof_home / 'backprop-lab' / 'bin'}:$PATH", *term]),
                {"JUPYTER_CONFIG_PATH": etc_jupyter}, cwd=course)

        # The Hub starts the instructor's and a student's servers.
        for name in (prof, alice):
            httpx.post(f"{url}/hub/api/users/{name}", headers=admin, timeout=30)  # 409 when the Hub has them
            started = httpx.post(f"{url}/hub/api/users/{name}/server", headers=admin, timeout=200)
            assert started.status_code in (201, 202), started.text
        for name in (prof, alice):
            deadline = time.monotonic() + 200
            while not httpx.get(f"{url}/hub/api/users/{name}", headers=admin, timeout=30).json()["servers"] \
                    .get("", {}).get("ready"):
                if time.monotonic() > deadline:
                    pytest.fail(f"{name}'s server did not start:\n{hub_log()}")
                time.sleep(1)

        # Each runs as its own Unix user, from the environment the README gives it.
        servers, paths = {}, {}
        for pid in descendants(hub.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                uid = Path(f"/proc/{pid}").stat().st_uid
            except OSError:
                continue
            if any(part.endswith(b"jupyterhub-singleuser") for part in cmdline):
                servers[pwd.getpwuid(uid).pw_name] = b" ".join(cmdline).decode()
                environ = dict(item.split(b"=", 1) for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                               if b"=" in item)
                paths[pwd.getpwuid(uid).pw_name] = environ.get(b"PATH", b"").decode().split(":")
        assert set(servers) == {prof, alice}, servers
        assert f"{prof_home}/backprop-lab/bin/jupyterhub-singleuser" in servers[prof]
        assert str(places["/opt/jupyterhub"] / "bin") in servers[alice]
        # A terminal in JupyterLab finds the environment's nbgrader and jupyter first (README's c.Spawner.environment).
        assert paths[prof][0] == f"{prof_home}/backprop-lab/bin", paths[prof]
        assert paths[alice][0] == str(places["/opt/jupyterhub"] / "bin"), paths[alice]

        def get(name: str, path: str) -> httpx.Response:
            return httpx.get(f"{url}/user/{name}/{path}", headers=admin, timeout=60, follow_redirects=False)

        # The student's server: JupyterLab with nbgrader's assignment list, no formgrader, no Create Assignment.
        assert get(alice, "api/status").status_code == 200
        lab = get(alice, "lab")
        assert lab.status_code == 200, lab.text[:500]
        disabled = page_config(lab.text).get("disabledExtensions", [])
        assert "@jupyter/nbgrader:formgrader" in disabled and "@jupyter/nbgrader:create-assignment" in disabled
        assert "@jupyter/nbgrader:assignment-list" not in disabled
        assert "@jupyterlab/apputils-extension:announcements" in disabled  # no "Jupyter news?" pop-up
        assert "@jupyter/nbgrader" in {e["name"] for e in page_config(lab.text).get("federated_extensions", [])}
        assert get(alice, "formgrader/manage_assignments").status_code == 404
        assert get(alice, "formgrader/api/assignments").status_code == 404
        listed = get(alice, "assignments?course_id=dl2026")
        assert listed.status_code == 200, listed.text[:500]
        released = listed.json()["value"]
        assert [(a["assignment_id"], a["status"]) for a in released] == [(AID, "released")], released

        # The instructor's server: formgrader, on the course.
        lab = get(prof, "lab")
        assert lab.status_code == 200
        assert not {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} & set(
            page_config(lab.text).get("disabledExtensions", []))
        assert get(prof, "formgrader/manage_assignments").status_code == 200
        assignments = get(prof, "formgrader/api/assignments")
        assert assignments.status_code == 200, assignments.text[:1000]
        assert {a["name"]: a["status"] for a in assignments.json()}.get(AID) == "released", assignments.text[:1000]

        # A student logs in with their Unix password (the README's Hub authenticates with PAM) and lands in JupyterLab.
        password = "pw-" + os.urandom(8).hex()
        run(["chpasswd"], input=f"{alice}:{password}\n")
        with httpx.Client(base_url=url, follow_redirects=True, timeout=120) as person:
            person.get("/hub/login")
            form = {"username": alice, "_xsrf": person.cookies.get("_xsrf", "")}
            refused = person.post("/hub/login", data={**form, "password": "not-" + password})
            assert refused.status_code == 403, (refused.status_code, refused.url)
            landed = person.post("/hub/login", data={**form, "password": password})
            assert (landed.status_code, landed.url.path) == (200, f"/user/{alice}/lab"), landed.url
            assert "@jupyter/nbgrader:formgrader" in page_config(landed.text)["disabledExtensions"]

        # The student fetches with nbgrader from the students' environment and the students' configuration.
        as_user(alice, f"{places['/opt/jupyterhub'] / 'bin' / 'nbgrader'} fetch_assignment {AID}",
                {"JUPYTER_CONFIG_PATH": etc_jupyter})
        fetched = Path(pwd.getpwnam(alice).pw_dir) / AID / f"{AID}.ipynb"
        assert fetched.exists() and fetched.stat().st_uid == pwd.getpwnam(alice).pw_uid
        assert [a["status"] for a in get(alice, "assignments?course_id=dl2026").json()["value"]] == ["fetched"]
        # ... and cannot read the instructor's course (nor the solutions and checks in the instructor's environment).
        for private in (course / "nbgrader_config.py", prof_home / "backprop-lab"):
            assert subprocess.run(["runuser", "-u", alice, "--", "ls", str(private)], capture_output=True).returncode
    finally:
        if hub is not None:
            children = descendants(hub.pid)
            hub.send_signal(signal.SIGTERM)  # the Hub stops the servers it spawned and its proxy
            try:
                hub.wait(60)
            except subprocess.TimeoutExpired:
                hub.kill()
                hub.wait()
            for pid in children:  # anything of ours the Hub left behind
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        log.close()
        print((shared / "hub.log").read_text(errors="replace")[-20000:])
        shutil.rmtree(shared, ignore_errors=True)
