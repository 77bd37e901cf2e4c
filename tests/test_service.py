"""`backprop-lab serve` against a real server: uvicorn on a free 127.0.0.1 port, started here.

Each test talks HTTP to the server the way a student's kernel would, with its own student (so
budgets do not leak between tests); the server grades through its executor, never itself.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import nbformat
import pytest

from autograder import checks
from autograder.checks.framework import solutions_dir
from tests.support.serve import Server, issue_tokens, make_course, set_due_date

pytestmark = [pytest.mark.slow, pytest.mark.task1]

AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
FULL = {q.id: q.max_score for q in checks.get(AID).questions.values()}
STUDENTS = ["ahn", "baek", "cho", "choi", "chung", "han", "hwang", "jang", "jeon", "jung", "kang", "kim",
            "h0", "h1", "h2", "h3", "h4", "h5"]


@pytest.fixture(scope="module")
def course(tmp_path_factory, gradebook_template) -> Path:
    course = make_course(tmp_path_factory.mktemp("course"), gradebook_template,
                         "c.BackpropServe.attempts = '4/hour'\n")
    set_due_date(course, "ps2_backward_passes", datetime.now(UTC) - timedelta(hours=1))
    set_due_date(course, AID, datetime.now(UTC) + timedelta(days=7))
    return course


@pytest.fixture(scope="module")
def tokens(course) -> dict[str, str]:
    return issue_tokens(course, *STUDENTS)


@pytest.fixture(scope="module")
def server(course, tokens):
    server = Server(course, "--workers", "2", "--max-bytes", "300000").start()
    try:
        yield server
    finally:
        server.stop()


def released_notebook(source: str | None = None) -> dict:
    """The notebook as released (stubs), or with `source`'s functions in its solution cells."""
    from autograder.course.build import build_notebook, stub_source
    from autograder.course.demo import fill

    nb = build_notebook(AID)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = stub_source(cell.source)
    if source is not None:
        nb = fill(nb, source)
    return json.loads(nbformat.writes(nb))


def scores(body: dict) -> dict[str, float]:
    return {q: r["score"] for q, r in body["questions"].items()}


# -- grading -------------------------------------------------------------------------------------
def test_right_answer_in_a_notebook_gets_full_marks(server, tokens):
    response = server.check(tokens["ahn"], notebook=released_notebook(REFERENCE))
    assert response.status_code == 200, response.text
    body = response.json()
    assert scores(body) == FULL
    assert body["score"] == body["max_score"] == sum(FULL.values())
    assert body["attempts"] == {"used": 1, "left": 3}
    assert set(body) >= {"assignment", "score", "max_score", "questions", "errors", "attempts"}


def test_a_known_mistake_gets_its_hint(server, tokens):
    from autograder.course.examples import examples

    mistake = next(e for e in examples(AID) if e.name == "mistake_wrong-axis_softmax")
    response = server.check(tokens["baek"], source=REFERENCE + "\n" + mistake.source(), question="softmax")
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body["questions"]) == ["softmax"]  # one question asked, one graded
    softmax = body["questions"]["softmax"]
    assert softmax["score"] < softmax["max_score"]
    failing = [c for c in softmax["checks"] if not c["passed"]]
    assert "wrong-axis" in {c["hint_id"] for c in failing}
    hinted = next(c for c in failing if c["hint_id"] == "wrong-axis")
    assert hinted["hint"] and hinted["message"]


def test_the_notebook_as_released_scores_zero(server, tokens):
    released = server.check(tokens["cho"], notebook=released_notebook())
    assert released.status_code == 200, released.text
    assert released.json()["score"] == 0


def test_a_do_nothing_submission_scores_zero(server, tokens):
    # every function defined, none computing anything (#10: properties earn nothing on their own)
    nothing = "\n".join(f"def {name}(*args, **kwargs):\n    return None\n" for name in FULL)
    response = server.check(tokens["cho"], source=nothing)
    assert response.status_code == 200, response.text
    assert response.json()["score"] == 0, scores(response.json())


# -- who is asking ---------------------------------------------------------------------------------
@pytest.mark.parametrize("header", [None, "token not-a-real-token", "Basic YWxpY2U6eA==", "token"])
def test_a_wrong_or_missing_token_is_401_with_a_bilingual_message(server, header):
    headers = {"Authorization": header} if header is not None else {}
    for method, path in [("POST", "/api/v1/check"), ("GET", "/api/v1/attempts?assignment=" + AID)]:
        response = httpx.request(method, server.url + path, headers=headers, timeout=30,
                                 json={"assignment": AID, "source": REFERENCE} if method == "POST" else None)
        assert response.status_code == 401
        body = response.json()
        assert body["error"] == "unauthorized"
        assert body["message_ko"] and body["message_en"] and body["message"] == f"{body['message_ko']}\n" \
                                                                               f"{body['message_en']}"
        assert response.headers["www-authenticate"] == "token"


def test_another_students_token_cannot_read_or_spend_this_students_attempts(server, tokens):
    assert server.check(tokens["choi"], source=REFERENCE, question="softmax").status_code == 200
    before = server.attempts(tokens["choi"]).json()
    # chung names choi everywhere a client could; the server only believes the token
    response = httpx.post(server.url + "/api/v1/check", headers={"Authorization": f"token {tokens['chung']}"},
                          json={"assignment": AID, "source": REFERENCE, "question": "softmax", "student": "choi"},
                          params={"student": "choi"}, timeout=300)
    assert response.status_code == 200
    seen = httpx.get(server.url + "/api/v1/attempts", params={"assignment": AID, "student": "choi"},
                     headers={"Authorization": f"token {tokens['chung']}"}, timeout=30).json()
    assert seen["student"] == "chung"
    assert len(seen["attempts"]) == 1 and seen["attempts"][0]["question"] == "softmax"
    after = server.attempts(tokens["choi"]).json()
    assert after["student"] == "choi"
    assert after["attempts"] == before["attempts"] and len(after["attempts"]) == 1


def test_tokens_are_stored_only_as_hashes(course, tokens):
    import sqlite3

    raw = (course / "gradebook.db").read_bytes()
    assert not any(token.encode() in raw for token in tokens.values())
    with sqlite3.connect(course / "gradebook.db") as db:
        stored = dict(db.execute("select student, token_sha256 from backprop_lab_tokens"))
    import hashlib

    assert stored["ahn"] == hashlib.sha256(tokens["ahn"].encode()).hexdigest()


# -- the budget ------------------------------------------------------------------------------------
def test_out_of_attempts_is_429_with_when_the_next_one_frees_up_and_nothing_is_graded(server, tokens):
    token = tokens["han"]
    for used in range(1, 5):
        response = server.check(token, source="x = 1\n")
        assert response.status_code == 200, response.text
        assert response.json()["attempts"] == {"used": used, "left": 4 - used}
    history = server.attempts(token).json()["attempts"]
    assert len(history) == 4
    started = time.monotonic()
    # this one would hang its sandbox for a while if it were graded
    refused = server.check(token, source="import time\ntime.sleep(8)\n" + REFERENCE)
    assert refused.status_code == 429
    assert time.monotonic() - started < 5
    body = refused.json()
    assert body["error"] == "out_of_attempts" and body["attempts"] == {"used": 4, "left": 0}
    first = datetime.fromisoformat(history[0]["time"])
    assert datetime.fromisoformat(body["retry_at"]) == first + timedelta(hours=1)
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert "4/hour" in body["message_en"] and "4/hour" in body["message_ko"]
    assert server.attempts(token).json()["attempts"] == history  # nothing graded, nothing stored
    # a question has its own budget
    assert server.check(token, source=REFERENCE, question="softmax").status_code == 200


def test_every_attempt_is_stored_with_time_score_and_hints(server, tokens):
    from autograder.course.examples import examples

    mistake = next(e for e in examples(AID) if e.name == "mistake_half-factor_mean_squared_error")
    response = server.check(tokens["hwang"], source=REFERENCE + "\n" + mistake.source())
    assert response.status_code == 200
    body = server.attempts(tokens["hwang"]).json()
    (attempt,) = body["attempts"]
    assert attempt["status"] == "graded" and attempt["score"] == response.json()["score"] < sum(FULL.values())
    assert "half-factor" in attempt["hints"]["mean_squared_error"]
    assert abs(datetime.fromisoformat(attempt["time"]) - datetime.now(UTC)) < timedelta(minutes=5)
    assert body["budget"]["used"] == 1 and body["budget"]["left"] == 3


# -- hostile submissions ------------------------------------------------------------------------------
FORGED_REPLY = """
def softmax_loss(z, t):
    import json, os, struct, time
    fake = json.dumps({"ok": True, "output_chars": "not a number", "value": 0.0, "stdout": [], "x": "\\ud800"})
    for fd in range(3, 64):  # the channel to the grader is one of these
        try:
            os.write(fd, struct.pack(">I", len(fake)) + fake.encode())
        except OSError:
            pass
    time.sleep(60)
"""

HOSTILE = {
    "hang": "def softmax_loss(z, t):\n    while True:\n        pass\n",
    "fork bomb": "def softmax_loss(z, t):\n    import os\n    while True:\n        os.fork()\n",
    "forged wire reply": FORGED_REPLY,
    "huge file": "def softmax_loss(z, t):\n    chunk = b'x' * (1 << 20)\n"
                 "    for i in range(64):\n        with open(f'fill{i}', 'wb') as f:\n"
                 "            for _ in range(16):\n                f.write(chunk)\n",
}


@pytest.mark.parametrize("attack", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_submission_costs_only_its_own_request(server, tokens, attack):
    index = list(HOSTILE).index(attack)
    honest = concurrent.futures.ThreadPoolExecutor(1).submit(
        server.check, tokens[STUDENTS[index]], source=REFERENCE, question="softmax")
    response = server.check(tokens[f"h{index}"], source=REFERENCE + "\n" + HOSTILE[attack])
    assert response.status_code == 200, response.text  # #9: a fault of that question, never of the request
    got = scores(response.json())
    assert got["softmax_loss"] == 0
    assert {q: s for q, s in got.items() if q != "softmax_loss"} == \
        {q: s for q, s in FULL.items() if q != "softmax_loss"}
    messages = " ".join(c["message"] for c in response.json()["questions"]["softmax_loss"]["checks"])
    assert messages.strip()
    # the student graded at the same time, and the next one, are unaffected
    assert honest.result().status_code == 200 and honest.result().json()["score"] == FULL["softmax"]
    assert httpx.get(server.url + "/healthz", timeout=10).json()["status"] == "ok"
    after = server.check(tokens[f"h{index}"], source=REFERENCE, question="softmax_loss")
    assert after.status_code == 200 and after.json()["score"] == FULL["softmax_loss"]


def test_a_request_larger_than_the_limit_is_413_and_uses_no_attempt(server, tokens):
    huge = "# " + "x" * 400_000 + "\n" + REFERENCE
    response = server.check(tokens["jang"], source=huge)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large" and response.json()["max_bytes"] == 300_000
    # a body sent without a length (chunked) is cut off while it is read
    def chunks():
        yield json.dumps({"assignment": AID, "source": ""})[:-2].encode()
        for _ in range(40):
            yield b"x" * 10_000
        yield b'"}'
    streamed = httpx.post(server.url + "/api/v1/check", content=chunks(), timeout=60,
                          headers={"Authorization": f"token {tokens['jang']}"})
    assert streamed.status_code == 413
    assert server.attempts(tokens["jang"]).json()["attempts"] == []


@pytest.mark.parametrize("body,status,error", [
    ({"assignment": "ps9_nothing", "source": ""}, 404, "unknown_assignment"),
    ({"assignment": AID, "source": "", "question": "no_such_question"}, 404, "unknown_question"),
    ({"assignment": AID}, 400, "bad_request"),
    ({"assignment": AID, "source": "", "notebook": {}}, 400, "bad_request"),
    ({"assignment": AID, "notebook": "not a notebook"}, 400, "bad_request"),
])
def test_unknown_or_malformed_requests_are_refused_with_bilingual_json(server, tokens, body, status, error):
    response = httpx.post(server.url + "/api/v1/check", json=body, timeout=30,
                          headers={"Authorization": f"token {tokens['jeon']}"})
    assert response.status_code == status
    assert response.json()["error"] == error and response.json()["message_ko"] and response.json()["message_en"]
    assert httpx.get(server.url + "/no/such/path", timeout=10).json()["error"] == "not_found"
    assert server.attempts(tokens["jeon"]).json()["attempts"] == []


@pytest.mark.parametrize("raw", [b"[" * 200_000, b"\xff\xfe not utf-8", b"", b'"just a string"'])
def test_a_body_that_is_not_a_json_object_is_400(server, tokens, raw):
    response = httpx.post(server.url + "/api/v1/check", content=raw, timeout=30,
                          headers={"Authorization": f"token {tokens['jeon']}"})
    assert response.status_code == 400 and response.json()["error"] == "bad_request"
    assert httpx.get(server.url + "/healthz", timeout=10).json()["status"] == "ok"


def test_an_unreadable_notebook_scores_zero_with_a_message(server, tokens):
    response = server.check(tokens["jung"], notebook={"cells": "nope", "nbformat": 4})
    assert response.status_code == 200
    assert response.json()["score"] == 0 and response.json()["errors"]


def test_checks_stop_at_the_due_date(server, tokens):
    response = httpx.post(server.url + "/api/v1/check", timeout=60,
                          json={"assignment": "ps2_backward_passes", "source": ""},
                          headers={"Authorization": f"token {tokens['kang']}"})
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "past_due" and body["due"]
    assert datetime.fromisoformat(body["due"]) < datetime.now(UTC)
    assert server.attempts(tokens["kang"], "ps2_backward_passes").json()["attempts"] == []
    # ps1 is due next week: still open
    assert server.check(tokens["kang"], source="", question="softmax").status_code == 200


def test_a_full_queue_is_503_and_uses_no_attempt(tmp_path, gradebook_template):
    course = make_course(tmp_path / "course", gradebook_template, "c.BackpropServe.attempts = 10\n")
    token = issue_tokens(course, "kim")["kim"]
    server = Server(course, "--workers", "1", "--queue", "1").start()
    try:
        slow = "import time\ntime.sleep(4)\n" + REFERENCE
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(server.check, token, source=slow, question="softmax") for _ in range(4)]
            responses = [f.result() for f in futures]
        codes = sorted(r.status_code for r in responses)
        assert codes.count(200) == 2 and codes.count(503) == 2, codes  # one grading, one waiting
        busy = next(r for r in responses if r.status_code == 503)
        assert busy.json()["error"] == "busy" and busy.headers["retry-after"]
        assert len(server.attempts(token).json()["attempts"]) == 2
    finally:
        server.stop()


def test_a_restart_keeps_the_attempt_counts_and_late_checks_can_be_allowed(tmp_path, gradebook_template):
    course = make_course(tmp_path / "course", gradebook_template, "c.BackpropServe.attempts = '2/day'\n")
    set_due_date(course, AID, datetime.now(UTC) - timedelta(minutes=1))
    token = issue_tokens(course, "lee")["lee"]
    server = Server(course, "--workers", "1")
    server.start("--late-checks")
    try:
        assert [server.check(token, source="").json()["attempts"]["used"] for _ in range(2)] == [1, 2]
        server.stop()
        server.start("--late-checks")
        assert server.check(token, source="").status_code == 429
        assert len(server.attempts(token).json()["attempts"]) == 2
        server.stop()
        server.start("--attempts", "3", "--late-checks")  # the command line overrides the course's budget
        response = server.check(token, source="")
        assert response.status_code == 200 and response.json()["attempts"] == {"used": 3, "left": 0}
        server.stop()
        server.start()  # without --late-checks, the due date holds
        assert server.check(token, source="").json()["error"] == "past_due"
    finally:
        server.stop()


# -- the students' client --------------------------------------------------------------------------
def test_the_notebook_client_checks_the_saved_notebook_and_shows_a_bilingual_table(server, tokens, tmp_path,
                                                                                  monkeypatch):
    from autograder.course.examples import examples
    from autograder.service import client

    mistake = next(e for e in examples(AID) if e.name == "mistake_wrong-axis_softmax")
    nb = released_notebook(REFERENCE + "\n" + mistake.source() +
                           "\ndef softmax_loss(z, t):\n    raise ValueError('<script>alert(1)</script>')\n")
    folder = tmp_path / AID
    folder.mkdir()
    (folder / f"{AID}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("BACKPROP_LAB_URL", server.url)
    monkeypatch.setenv("BACKPROP_LAB_TOKEN", tokens["h5"])
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    result = client.check()
    assert result.ok, result
    assert result["assignment"] == AID and result["attempts"]["used"] == 1
    text = repr(result)
    assert "wrong-axis" in text and "힌트/hint" in text and "점수/score" in text
    page = result._repr_html_()
    assert "문항 / question" in page and "wrong-axis" in page
    assert "<script>" not in page and "&lt;script&gt;" in page  # student text is escaped
    one = client.check("softmax", url=server.url)
    assert list(one["questions"]) == ["softmax"]
    denied = client.check("softmax", token="wrong")
    assert not denied.ok and "token" in repr(denied) and "토큰" in repr(denied)
    assert "<div" in denied._repr_html_()
    assert len(client.attempts(AID)["attempts"]) == 2
    # run from elsewhere, the kernel finds its notebook from the path the Jupyter server gives it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(folder / f"{AID}.ipynb"))
    assert client.current_notebook() == str(folder / f"{AID}.ipynb")
    # `%load_ext backprop_check` then `%check softmax` in an IPython shell
    from IPython.core.interactiveshell import InteractiveShell

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    shell = InteractiveShell.instance()
    client.load_ipython_extension(shell)
    shell.run_line_magic("check", "softmax")
    assert len(shown) == 1 and list(shown[0]["questions"]) == ["softmax"] and shown[0]["attempts"]["used"] == 2


def test_the_client_needs_only_the_standard_library():
    import ast

    import autograder.service.client as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported - {"__future__", "IPython"} <= set(sys.stdlib_module_names), imported


# -- the course's secret ---------------------------------------------------------------------------
def grade_here(source: str, secret: str | None, monkeypatch) -> dict:
    from autograder.executor import GradeJob, grade_job

    if secret is None:
        monkeypatch.delenv("BACKPROP_LAB_SECRET", raising=False)
    else:
        monkeypatch.setenv("BACKPROP_LAB_SECRET", secret)
    return grade_job(GradeJob(AID, "submission.py", source.encode(), questions=("softmax",))).to_json()


@pytest.fixture(scope="module")
def secret_server(tmp_path_factory, gradebook_template):
    course = make_course(tmp_path_factory.mktemp("secret-course"), gradebook_template)
    (course / ".backprop-lab").mkdir()
    (course / ".backprop-lab" / "secret").write_text("course-secret-1234\n", encoding="utf-8")
    token = issue_tokens(course, "moon")["moon"]
    env = {k: v for k, v in os.environ.items() if k != "BACKPROP_LAB_SECRET"}
    server = Server(course, "--workers", "1").start(env=env)
    try:
        yield server, token
    finally:
        server.stop()


def wrong_axis() -> str:
    from autograder.course.examples import examples

    return REFERENCE + "\n" + next(e for e in examples(AID) if e.name == "mistake_wrong-axis_softmax").source()


def test_serve_grades_with_the_courses_secret_as_check_does(secret_server, monkeypatch):
    server, token = secret_server
    served = server.check(token, source=wrong_axis(), question="softmax").json()
    served.pop("attempts")
    assert served == grade_here(wrong_axis(), "course-secret-1234", monkeypatch)


def test_another_secret_gives_other_hidden_inputs(monkeypatch):  # so the test above can fail
    assert grade_here(wrong_axis(), "course-secret-1234", monkeypatch) != \
        grade_here(wrong_axis(), "another-secret", monkeypatch)
