"""Check your notebook with the hidden tests, from the notebook itself / 노트북에서 바로 숨은 검사로 확인하기.

    from backprop_check import check
    check("softmax")      # one question / 한 문항
    check()               # the whole assignment / 과제 전체

(or `%load_ext backprop_check` once, then `%check softmax`). Put `check(...)` last in its cell:
the result shows itself as a table. The notebook checked is the one saved on disk, so save
(Ctrl-S) first.

This file needs nothing but Python's standard library, so it can be copied into the students'
environment on its own (`backprop-lab serve --write-client backprop_check.py`). It sends the
notebook's code (outputs left out) to `backprop-lab serve` and shows what comes back; the hidden
checks, and the count of attempts, stay on the server.

Settings, from the environment (or the keyword arguments of `check`):
- BACKPROP_LAB_URL    where the service is (default http://127.0.0.1:8765);
- BACKPROP_LAB_TOKEN  your token from the instructor; on JupyterHub your own
                      JUPYTERHUB_API_TOKEN is used and you need nothing.
"""

from __future__ import annotations

import glob
import html
import json
import os
import time
import urllib.error
import urllib.request

__all__ = ["check", "attempts", "Result"]

DEFAULT_URL = "http://127.0.0.1:8765"


class CheckError(Exception):
    pass


def _url(url: str | None) -> str:
    return (url or os.environ.get("BACKPROP_LAB_URL") or DEFAULT_URL).rstrip("/")


def _token(token: str | None) -> str:
    token = token or os.environ.get("BACKPROP_LAB_TOKEN") or os.environ.get("JUPYTERHUB_API_TOKEN")
    if not token:
        path = os.path.expanduser("~/.backprop-lab-token")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                token = f.read().strip()
    if not token:
        raise CheckError("토큰이 없습니다: 교수자에게 받은 토큰을 BACKPROP_LAB_TOKEN에 넣거나 "
                         "check(..., token=...)로 주세요.\n"
                         "No token: put the one your instructor gave you in BACKPROP_LAB_TOKEN, "
                         "or pass check(..., token=...).")
    return token


def current_notebook() -> str:
    """The notebook this kernel belongs to: the Jupyter server tells the kernel its path."""
    candidates = []
    session = os.environ.get("JPY_SESSION_NAME")
    try:  # IPython keeps the same path as __session__ in the user's namespace
        session = session or get_ipython().user_ns.get("__session__")  # noqa: F821
    except NameError:
        pass
    if session:
        candidates += [session, os.path.join(os.getcwd(), os.path.basename(session))]
    for path in candidates:
        if path.endswith(".ipynb") and os.path.isfile(path):
            return path
    found = sorted(p for p in glob.glob("*.ipynb") if not p.startswith("."))
    if len(found) == 1:
        return found[0]
    raise CheckError("어느 노트북인지 알 수 없습니다: check(..., notebook='ps1_softmax_loss.ipynb')처럼 알려 주세요.\n"
                     "Cannot tell which notebook this is: pass check(..., notebook='ps1_softmax_loss.ipynb').")


def _read_notebook(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for cell in nb.get("cells", []):  # only code is graded: outputs and pictures stay home
        cell.pop("attachments", None)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def _request(method: str, url: str, token: str, body: dict | None = None, timeout: float = 900.0,
             retries: int = 3) -> dict:
    """The server's JSON answer (errors included). A full queue (503) is waited out a few times."""
    for _ in range(retries):
        answer = _request_once(method, url, token, body, timeout)
        if answer.get("status") != 503:
            break
        time.sleep(min(60, int(answer.get("retry_after") or 10)))
    return answer


def _request_once(method: str, url: str, token: str, body: dict | None, timeout: float) -> dict:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"token {token}", "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read().decode("utf-8"))
        except ValueError:
            answer = {}
        answer.setdefault("error", f"http_{exc.code}")
        answer.setdefault("message", f"서버 오류 {exc.code}\nserver error {exc.code}")
        answer["status"] = exc.code
        answer["retry_after"] = exc.headers.get("Retry-After")
        return answer
    except (urllib.error.URLError, OSError) as exc:
        return {"error": "unreachable", "status": None,
                "message": f"채점 서비스에 연결할 수 없습니다 ({url}).\n"
                           f"Cannot reach the checking service at {url} ({exc})."}


def check(question: str | None = None, *, assignment: str | None = None, notebook: str | None = None,
          source: str | None = None, url: str | None = None, token: str | None = None) -> Result:
    """Check the saved notebook (or `source`, a module's code) with the hidden tests; one question or all."""
    try:
        token = _token(token)
        body: dict = {}
        note = ""
        if source is not None:
            body["source"] = source
            if assignment is None:
                raise CheckError("source=를 쓸 때는 assignment=도 주세요.\nWith source=, also pass assignment=.")
        else:
            path = notebook or current_notebook()
            body["notebook"] = _read_notebook(path)
            saved = time.strftime("%H:%M:%S", time.localtime(os.path.getmtime(path)))
            note = f"{os.path.basename(path)} ({saved}에 저장된 내용 / as saved at {saved})"
            assignment = assignment or os.path.splitext(os.path.basename(path))[0]
        body["assignment"] = assignment
        if question:
            body["question"] = question
    except (CheckError, OSError, ValueError) as exc:
        return Result({"error": "client", "message": str(exc)})
    return Result(_request("POST", _url(url) + "/api/v1/check", token, body), note)


def attempts(assignment: str | None = None, *, url: str | None = None, token: str | None = None) -> dict:
    """Your attempts so far (time, score, hints), as the server counts them."""
    query = f"?assignment={urllib.request.quote(assignment)}" if assignment else ""
    try:
        return _request("GET", _url(url) + "/api/v1/attempts" + query, _token(token))
    except CheckError as exc:
        return {"error": "client", "message": str(exc)}


def _points(x) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else "?"


class Result(dict):
    """The server's answer; shows itself as a bilingual table (HTML in a notebook, text elsewhere)."""

    def __init__(self, answer: dict, note: str = "") -> None:
        super().__init__(answer)
        self.note = note

    @property
    def ok(self) -> bool:
        return "error" not in self

    def _rows(self):
        for qid, q in self.get("questions", {}).items():
            for c in q.get("checks", []):
                yield qid, q, c

    def __repr__(self) -> str:
        if not self.ok:
            return f"✗ {self.get('message', self['error'])}"
        lines = [f"{self.get('assignment')}: {_points(self.get('score'))} / {_points(self.get('max_score'))}"
                 f"  (점수/score)"]
        if self.note:
            lines.append(f"  {self.note}")
        used = self.get("attempts", {})
        lines.append(f"  확인 횟수/attempts: {used.get('used', '?')} 사용/used, {used.get('left', '?')} 남음/left")
        lines += [f"! {e}" for e in self.get("errors", [])]
        for qid, q in self.get("questions", {}).items():
            lines.append(f"{qid}: {_points(q.get('score'))} / {_points(q.get('max_score'))}")
            for c in q.get("checks", []):
                lines.append(f"  {'✓' if c.get('passed') else '✗'} {c.get('name')}")
                if not c.get("passed"):
                    lines += ["      " + line for line in str(c.get("message") or "").splitlines()]
                    if c.get("hint_id"):
                        lines.append(f"      힌트/hint [{c['hint_id']}]")
                        lines += ["        " + line for line in str(c.get("hint") or "").splitlines()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        cell = "padding:4px 8px;border:1px solid #ccc;text-align:left;vertical-align:top"
        if not self.ok:
            text = e(str(self.get("message", self["error"])))
            return f'<div style="border-left:4px solid #c62828;padding:6px 10px;white-space:pre-wrap">{text}</div>'
        used = self.get("attempts", {})
        parts = [f"<p><b>{e(str(self.get('assignment')))}</b> — 점수 / score: "
                 f"<b>{_points(self.get('score'))} / {_points(self.get('max_score'))}</b>; "
                 f"확인 횟수 / attempts: {e(str(used.get('used', '?')))} 사용 / used, "
                 f"{e(str(used.get('left', '?')))} 남음 / left</p>"]
        if self.note:
            parts.append(f"<p style='color:#555'>{e(self.note)}</p>")
        parts += [f"<p style='color:#b26a00;white-space:pre-wrap'>! {e(str(x))}</p>" for x in self.get("errors", [])]
        parts.append(f"<table style='border-collapse:collapse'><tr>"
                     f"<th style='{cell}'>문항 / question</th><th style='{cell}'>점수 / score</th>"
                     f"<th style='{cell}'>검사 / check</th><th style='{cell}'>결과 / result</th>"
                     f"<th style='{cell}'>설명과 힌트 / message and hint</th></tr>")
        for qid, q, c in self._rows():
            passed = c.get("passed")
            detail = "" if passed else e(str(c.get("message") or ""))
            if not passed and c.get("hint_id"):
                detail += f"\n<b>힌트 / hint [{e(str(c['hint_id']))}]</b>\n{e(str(c.get('hint') or ''))}"
            mark = "<span style='color:#2e7d32'>✓ 통과 / passed</span>" if passed else \
                "<span style='color:#c62828'>✗ 실패 / failed</span>"
            parts.append(f"<tr><td style='{cell}'>{e(qid)}</td>"
                         f"<td style='{cell}'>{_points(q.get('score'))} / {_points(q.get('max_score'))}</td>"
                         f"<td style='{cell}'>{e(str(c.get('name')))}</td><td style='{cell}'>{mark}</td>"
                         f"<td style='{cell};white-space:pre-wrap'>{detail}</td></tr>")
        parts.append("</table>")
        return "".join(parts)


def load_ipython_extension(ipython) -> None:
    """`%load_ext backprop_check`, then `%check softmax` (or `%check` for the whole assignment)."""
    from IPython.display import display

    def check_magic(line: str) -> None:
        display(check(line.strip() or None))

    ipython.register_magic_function(check_magic, "line", "check")
