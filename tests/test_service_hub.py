"""`backprop-lab serve` as a JupyterHub service: a real Hub (DummyAuthenticator, the
configurable-http-proxy from npm) runs the service from the README's `jupyterhub_config.py`
snippet, and a student's own Hub API token is their identity."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from autograder.checks.framework import PROJECT_ROOT, solutions_dir
from autograder.sandbox.box import descendants
from tests.support.components import free_port, unavailable
from tests.support.serve import make_course

pytestmark = [pytest.mark.slow, pytest.mark.system, pytest.mark.task1]

AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
ADMIN_TOKEN = "test-admin-" + os.urandom(16).hex()


def readme_snippet() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    (snippet,) = [b for b in blocks if "c.JupyterHub.services" in b]
    return snippet


@pytest.fixture(scope="module")
def hub(tmp_path_factory, gradebook_template):
    proxy = shutil.which("configurable-http-proxy") or "/usr/bin/configurable-http-proxy"
    if not os.path.exists(proxy):
        unavailable("configurable-http-proxy is not installed (npm; scripts/system-deps.sh)")
    base = tmp_path_factory.mktemp("hub")
    course = make_course(base / "course", gradebook_template, "c.BackpropServe.attempts = '2/hour'\n")
    public, hub_port, proxy_api, service_port = free_port(), free_port(), free_port(), free_port()
    snippet = readme_snippet()
    snippet = re.sub(r"^COURSE = .*$", f"COURSE = {str(course)!r}", snippet, flags=re.M)
    snippet = re.sub(r"^PORT = .*$", f"PORT = {service_port}", snippet, flags=re.M)
    command = str(Path(sys.executable).parent / "backprop-lab")
    snippet = re.sub(r"^BACKPROP_LAB = .*$", f"BACKPROP_LAB = {command!r}", snippet, flags=re.M)
    (base / "jupyterhub_config.py").write_text(f"""
c = get_config()
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.bind_url = "http://127.0.0.1:{public}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(base / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{base / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(base / 'cookie_secret')!r}
c.JupyterHub.spawner_class = "simple"
c.Spawner.cmd = [{sys.executable!r}, {str(base / 'server.py')!r}]  # checks from the student's server, then starts it
c.Spawner.start_timeout = c.Spawner.http_timeout = 120
c.SimpleLocalProcessSpawner.home_dir_template = {str(base / 'home' / '{username}')!r}
{snippet}
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {ADMIN_TOKEN!r}}})
c.JupyterHub.load_roles = [{{"name": "test-admin", "scopes": ["admin:users", "tokens", "servers"],
                             "services": ["test-admin"]}}]
""", encoding="utf-8")
    (base / "home").mkdir()
    subprocess.run([sys.executable, "-m", "autograder", "serve", "--write-client", str(base / "backprop_check.py")],
                   check=True, capture_output=True, timeout=120)
    # What a student's kernel does, run inside their server's environment as the Hub spawns it: the
    # client finds the service and the student's own token there, with no setup by the student.
    (base / "server.py").write_text(f"""
import json, os, sys
sys.path.insert(0, {str(base)!r})
from backprop_check import check
result = check("softmax", assignment={AID!r}, source=open({str(base / 'submission.py')!r}).read())
with open({str(base / 'from-server.json')!r}, "w") as f:
    json.dump({{"result": dict(result), "user": os.environ.get("JUPYTERHUB_USER")}}, f)
singleuser = {str(Path(sys.executable).parent / 'jupyterhub-singleuser')!r}
os.execv(singleuser, [singleuser, *sys.argv[1:], *(["--allow-root"] if os.geteuid() == 0 else [])])  # CI runs as root
""", encoding="utf-8")
    (base / "submission.py").write_text(REFERENCE, encoding="utf-8")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]))
    log = open(base / "hub.log", "wb")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(base / "jupyterhub_config.py")],
                            cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{public}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub or the service did not start:\n{(base / 'hub.log').read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/services/backprop-lab/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        yield {"url": url, "api": f"{url}/hub/api", "service": f"http://127.0.0.1:{service_port}", "base": base}
    finally:
        children = descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)  # the Hub stops its proxy and its services
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pid in children:  # anything of ours the Hub left behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


def user_token(hub, name: str) -> str:
    """A token like the one a student's server gets: owned by the user, with few scopes."""
    admin = {"Authorization": f"token {ADMIN_TOKEN}"}
    httpx.post(f"{hub['api']}/users/{name}", headers=admin, timeout=30)
    response = httpx.post(f"{hub['api']}/users/{name}/tokens", headers=admin, timeout=30,
                          json={"note": "like JUPYTERHUB_API_TOKEN", "scopes": ["users:activity!user"]})
    assert response.status_code in (200, 201), response.text
    return response.json()["token"]


def test_a_students_hub_token_identifies_them_through_the_hub(hub):
    alice, bob = user_token(hub, "alice"), user_token(hub, "bob")
    check = f"{hub['url']}/services/backprop-lab/api/v1/check"  # through the Hub's proxy
    response = httpx.post(check, headers={"Authorization": f"token {alice}"}, timeout=300,
                          json={"assignment": AID, "source": REFERENCE, "question": "softmax"})
    assert response.status_code == 200, response.text
    assert response.json()["score"] == 3 and response.json()["attempts"] == {"used": 1, "left": 1}
    # the service's own address answers the same, to the same student
    mine = httpx.get(f"{hub['service']}/api/v1/attempts", params={"assignment": AID}, timeout=30,
                     headers={"Authorization": f"token {alice}"}).json()
    assert mine["student"] == "alice" and len(mine["attempts"]) == 1
    theirs = httpx.get(f"{hub['service']}/api/v1/attempts", params={"assignment": AID}, timeout=30,
                       headers={"Authorization": f"token {bob}"}).json()
    assert theirs["student"] == "bob" and theirs["attempts"] == []
    for token in ["not-a-hub-token", ADMIN_TOKEN]:  # a stranger, and a service rather than a student
        refused = httpx.post(check, headers={"Authorization": f"token {token}"}, timeout=60,
                             json={"assignment": AID, "source": REFERENCE})
        assert refused.status_code == 401 and refused.json()["error"] == "unauthorized"
    # the budget is the student's, whichever way they come in
    assert httpx.post(check, headers={"Authorization": f"token {alice}"}, timeout=300,
                      json={"assignment": AID, "source": "", "question": "softmax"}).json()["attempts"]["left"] == 0
    assert httpx.post(check, headers={"Authorization": f"token {alice}"}, timeout=60,
                      json={"assignment": AID, "source": "", "question": "softmax"}).status_code == 429


def test_a_student_checks_from_their_own_server_with_nothing_to_set_up(hub):
    """The Hub spawns carol's server (a local process); in its environment the client finds the
    service (the snippet's c.Spawner.environment) and carol's own JUPYTERHUB_API_TOKEN."""
    admin = {"Authorization": f"token {ADMIN_TOKEN}"}
    httpx.post(f"{hub['api']}/users/carol", headers=admin, timeout=30)
    started = httpx.post(f"{hub['api']}/users/carol/server", headers=admin, timeout=150)
    assert started.status_code in (201, 202), started.text
    try:
        out = hub["base"] / "from-server.json"
        deadline = time.monotonic() + 120
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        import json

        seen = json.loads(out.read_text())
        assert seen["user"] == "carol"
        assert "error" not in seen["result"], seen["result"]
        assert seen["result"]["score"] == 3 and seen["result"]["attempts"] == {"used": 1, "left": 1}
        mine = httpx.get(f"{hub['service']}/api/v1/attempts", params={"assignment": AID}, timeout=30,
                         headers={"Authorization": f"token {user_token(hub, 'carol')}"}).json()
        assert mine["student"] == "carol" and [a["question"] for a in mine["attempts"]] == ["softmax"]
    finally:
        httpx.delete(f"{hub['api']}/users/carol/server", headers=admin, timeout=120)
