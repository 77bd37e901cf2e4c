"""Who is asking, without a server: tokens by hash, the Authorization header, a Hub that is down."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from starlette.requests import Request

from autograder.service.auth import Auth, HubUnavailable, bearer
from autograder.service.store import Store
from tests.support.components import free_port


def request(header: str | None) -> Request:
    headers = [(b"authorization", header.encode())] if header is not None else []
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "query_string": b""})


@pytest.mark.parametrize("header,token", [
    ("token abc", "abc"), ("Token abc", "abc"), ("Bearer abc", "abc"), ("token  abc ", "abc"),
    (None, None), ("abc", None), ("Basic abc", None), ("token", None), ("token ", None),
])
def test_the_token_is_read_from_the_authorization_header(header, token):
    assert bearer(request(header)) == token


@pytest.mark.slow
def test_a_hub_that_cannot_be_reached_is_an_error_not_a_stranger_and_own_tokens_still_work(tmp_path,
                                                                                          gradebook_template):
    shutil.copy(gradebook_template, tmp_path / "gradebook.db")
    store = Store(f"sqlite:///{tmp_path / 'gradebook.db'}")
    token = store.issue_token("ahn")

    async def scenario():
        auth = Auth(store, f"http://127.0.0.1:{free_port()}/hub/api")  # nothing listens there
        try:
            assert await auth.student(request(f"token {token}")) == "ahn"  # standalone tokens need no Hub
            with pytest.raises(HubUnavailable):
                await auth.student(request("token some-hub-token"))
        finally:
            await auth.close()
        assert await Auth(store).student(request("token some-hub-token")) is None  # no Hub: a stranger
        assert await Auth(store).student(request("token " + "x" * 600)) is None

    try:
        asyncio.run(scenario())
    finally:
        store.close()


def test_the_students_client_is_written_as_one_file_that_imports_alone(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "backprop_check.py"
    out = subprocess.run([sys.executable, "-m", "autograder", "serve", "--write-client", str(target)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    # a bare interpreter (no site-packages, not this project) imports it and has check()
    code = "import sys; sys.path.insert(0, '.'); import backprop_check as b; print(callable(b.check))"
    probe = subprocess.run([sys.executable, "-I", "-S", "-c", code],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "True", probe.stderr
