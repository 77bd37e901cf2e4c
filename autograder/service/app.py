"""The HTTP routes of `backprop-lab serve` (Starlette), a thin layer over the executor.

    POST /api/v1/check      {"assignment": AID, "notebook": {...} | "source": "...", "question": QID?}
    GET  /api/v1/attempts   ?assignment=AID
    GET  /healthz

Every request but /healthz carries `Authorization: token TOKEN`. A check goes: who is asking
(401) → the body, bounded while it is read (413) → the assignment and question (404) → the due
date (403) → a place in the bounded queue (503) → one attempt of the budget, taken in the
database (429) → grading, by the executor, never in this process → the report, stored with the
attempt. Errors are JSON: `{"error": CODE, "message": "한국어\\nEnglish", "message_ko", "message_en"}`.
"""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from autograder import checks
from autograder.executor import GradeJob, make_executor
from autograder.service.auth import Auth, HubUnavailable
from autograder.service.config import ServeConfig
from autograder.service.store import OutOfAttempts, Store, iso, utcnow


class ApiError(Exception):
    def __init__(self, status: int, code: str, ko: str, en: str, headers: dict | None = None, **extra) -> None:
        super().__init__(en)
        self.status, self.code, self.ko, self.en, self.headers, self.extra = status, code, ko, en, headers, extra


def error_response(err: ApiError) -> JSONResponse:
    body = {"error": err.code, "message": f"{err.ko}\n{err.en}", "message_ko": err.ko, "message_en": err.en,
            **err.extra}
    return JSONResponse(body, status_code=err.status, headers=err.headers)


UNAUTHORIZED = ApiError(
    401, "unauthorized",
    "토큰이 없거나 올바르지 않습니다. `Authorization: token TOKEN` 헤더로 본인의 토큰을 보내세요.",
    "Missing or invalid token: send your own token in the header `Authorization: token TOKEN`.",
    headers={"WWW-Authenticate": "token"})


def wait_words(seconds: float) -> tuple[str, str]:
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return f"{minutes}분", f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{minutes // 60}시간 {minutes % 60}분", f"{minutes // 60} h {minutes % 60} min"


class Service:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.store: Store | None = None
        self.auth: Auth | None = None
        self.executor = None
        self.grading = 0  # requests holding a place: being graded or waiting for a worker
        self.capacity = 0

    # -- life cycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        from autograder.executor import default_workers

        self.store = await run_in_threadpool(Store, self.config.db_url, self.config.course_id)
        self.auth = Auth(self.store, self.config.hub_api_url)
        workers = self.config.workers or max(1, default_workers() - 1)  # keep a core for the server
        self.executor = await run_in_threadpool(make_executor, workers, self.config.dask)
        waiting = self.config.queue or max(64, 16 * self.executor.workers)  # a class at once waits, a flood does not
        self.capacity = self.executor.workers + waiting

    async def stop(self) -> None:
        if self.auth is not None:
            await self.auth.close()
        if self.executor is not None:
            await run_in_threadpool(self.executor.close)
        if self.store is not None:
            self.store.close()

    # -- helpers -----------------------------------------------------------------------------------
    async def student(self, request: Request) -> str:
        try:
            student = await self.auth.student(request)
        except HubUnavailable as exc:
            raise ApiError(503, "hub_unavailable",
                           "JupyterHub에 연결할 수 없어 토큰을 확인하지 못했습니다. 잠시 후 다시 시도하세요.",
                           f"Could not reach JupyterHub to check the token ({exc}); try again shortly.",
                           headers={"Retry-After": "30"}) from None
        if student is None:
            raise UNAUTHORIZED
        return student

    async def body(self, request: Request) -> dict:
        limit = self.config.max_bytes
        too_large = ApiError(413, "too_large",
                             f"요청이 너무 큽니다 (최대 {limit // 1024} KiB). 노트북의 출력을 지우고 다시 보내세요.",
                             f"The request is too large (at most {limit // 1024} KiB): clear the notebook's outputs "
                             "and send it again.", max_bytes=limit)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        data = await run_in_threadpool(parse_json, b"".join(chunks))  # megabytes: off the event loop
        if not isinstance(data, dict):
            raise bad_request("본문은 JSON 객체여야 합니다.", "The body must be a JSON object.")
        return data

    def assignment(self, aid) -> checks.Assignment:
        if not isinstance(aid, str) or aid not in checks.assignment_ids():
            known = ", ".join(checks.assignment_ids())
            raise ApiError(404, "unknown_assignment", f"알 수 없는 과제입니다: {str(aid)[:80]!r} (과제: {known})",
                           f"Unknown assignment {str(aid)[:80]!r} (known: {known})")
        return checks.get(aid)

    # -- routes ------------------------------------------------------------------------------------
    async def check(self, request: Request) -> JSONResponse:
        student = await self.student(request)
        data = await self.body(request)
        assignment = self.assignment(data.get("assignment"))
        question = data.get("question")
        if question is not None and (not isinstance(question, str) or question not in assignment.questions):
            known = ", ".join(assignment.questions)
            raise ApiError(404, "unknown_question",
                           f"{assignment.id}에 없는 문항입니다: {str(question)[:80]!r} (문항: {known})",
                           f"{assignment.id} has no question {str(question)[:80]!r} (questions: {known})")
        job = self.job(assignment.id, student, data, question)
        await self.before_due(assignment.id)
        if self.grading >= self.capacity:  # no await between this test and taking the place
            raise ApiError(503, "busy",
                           "채점 대기열이 가득 찼습니다. 잠시 후 다시 시도하세요 (시도 횟수는 줄지 않았습니다).",
                           "The grading queue is full; try again shortly (this did not use an attempt).",
                           headers={"Retry-After": "10"})
        self.grading += 1
        try:
            return await self.grade(job, student, question or "")
        finally:
            self.grading -= 1

    def job(self, aid: str, student: str, data: dict, question: str | None) -> GradeJob:
        notebook, source = data.get("notebook"), data.get("source")
        if (notebook is None) == (source is None):
            raise bad_request('"notebook"(nbformat JSON)나 "source"(파이썬 코드) 중 하나만 보내세요.',
                              'Send exactly one of "notebook" (nbformat JSON) or "source" (Python code).')
        if notebook is not None:
            if not isinstance(notebook, dict):
                raise bad_request('"notebook"은 nbformat JSON 객체여야 합니다.',
                                  '"notebook" must be an nbformat JSON object.')
            filename, payload = f"{aid}.ipynb", json.dumps(notebook, ensure_ascii=True).encode()
        else:
            if not isinstance(source, str):
                raise bad_request('"source"는 문자열이어야 합니다.', '"source" must be a string.')
            filename, payload = "submission.py", source.encode("utf-8", "replace")
        # the course's secret; quiz keys never (checks happen before the due date)
        return GradeJob(aid, filename, payload, student=student, questions=(question,) if question else None,
                        tag=student, course=str(self.config.course), show_quiz_keys=False)

    async def before_due(self, aid: str) -> None:
        if self.config.late_checks:
            return
        due = await run_in_threadpool(self.store.due_date, aid)
        if due is not None and utcnow() > due:
            raise ApiError(403, "past_due", f"{aid}의 마감({iso(due)})이 지나 더 이상 확인할 수 없습니다.",
                           f"{aid} was due at {iso(due)}: checks have stopped.", due=iso(due))

    async def grade(self, job: GradeJob, student: str, question: str) -> JSONResponse:
        budget = self.config.budget_for(job.assignment)
        try:
            attempt, usage = await run_in_threadpool(self.store.reserve, student, job.assignment, question, budget)
        except OutOfAttempts as out:
            raise out_of_attempts(job.assignment, question, out) from None
        try:
            future = self.executor.submit(job)
        except Exception as exc:  # the executor is gone (a Dask scheduler that went away)
            await run_in_threadpool(self.store.release, attempt)
            raise ApiError(503, "grader_unavailable", "채점기를 사용할 수 없습니다. 잠시 후 다시 시도하세요.",
                           f"The grader is unavailable ({type(exc).__name__}); try again shortly.",
                           headers={"Retry-After": "30"}) from None
        try:
            report = await asyncio.wait_for(asyncio.wrap_future(future), self.config.timeout)
        except TimeoutError:
            future.cancel()
            await run_in_threadpool(self.store.record, attempt, None, "fault")
            raise ApiError(504, "grading_timeout",
                           "채점 시간이 초과되었습니다. 무한 루프나 아주 느린 코드가 있는지 확인하세요.",
                           "Grading took too long: look for an endless loop or very slow code.") from None
        except Exception as exc:  # grading this submission failed; the service goes on
            await run_in_threadpool(self.store.record, attempt, None, "fault")
            raise ApiError(500, "grading_failed", "이 제출물을 채점하다 오류가 났습니다. 담당 교수자에게 알려 주세요.",
                           f"Grading this submission failed ({type(exc).__name__}); please tell the instructor.") \
                from None
        await run_in_threadpool(self.store.record, attempt, report)
        body = report.to_json()
        body["attempts"] = {"used": usage.used, "left": usage.left}
        return JSONResponse(body)

    async def attempts(self, request: Request) -> JSONResponse:
        student = await self.student(request)
        aid = request.query_params.get("assignment")
        question = request.query_params.get("question") or ""
        if aid is not None:
            self.assignment(aid)
        history = await run_in_threadpool(self.store.history, student, aid)
        body = {"student": student, "assignment": aid, "attempts": history}
        if aid is not None:
            budget = self.config.budget_for(aid)
            usage = await run_in_threadpool(self.store.usage, student, aid, question, budget)
            body["budget"] = {"limit": budget.limit, "per": str(budget).split("/")[1], "used": usage.used,
                              "left": usage.left, "next_free": iso(usage.next_free)}
        return JSONResponse(body)

    async def healthz(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "workers": self.executor.workers if self.executor else 0,
                             "grading": self.grading, "capacity": self.capacity})


def parse_json(raw: bytes):
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond reason
        return None


def bad_request(ko: str, en: str) -> ApiError:
    return ApiError(400, "bad_request", ko, en)


def out_of_attempts(aid: str, question: str, out: OutOfAttempts) -> ApiError:
    what = f"{aid}/{question}" if question else aid
    if out.usage.next_free is None:
        return ApiError(429, "out_of_attempts", f"{what}에 허용된 확인 횟수가 없습니다.",
                        f"No checks are allowed for {what}.", attempts={"used": out.usage.used, "left": 0},
                        retry_at=None)
    wait = max(1.0, (out.usage.next_free - utcnow()).total_seconds())
    ko_wait, en_wait = wait_words(wait)
    return ApiError(
        429, "out_of_attempts",
        f"{what}의 확인 횟수({out.budget})를 모두 썼습니다. "
        f"다음 기회는 {iso(out.usage.next_free)} (약 {ko_wait} 후)에 생깁니다.",
        f"You have used all your checks for {what} ({out.budget}). The next one frees up at "
        f"{iso(out.usage.next_free)} (in about {en_wait}).",
        headers={"Retry-After": str(int(wait) + 1)},
        attempts={"used": out.usage.used, "left": 0}, retry_at=iso(out.usage.next_free),
        retry_after_seconds=int(wait) + 1)


def create_app(config: ServeConfig, prefix: str | None = None) -> Starlette:
    """The ASGI app. `prefix` (e.g. JupyterHub's /services/backprop-lab/) serves the same routes there too."""
    service = Service(config)
    routes = [Route("/api/v1/check", service.check, methods=["POST"]),
              Route("/api/v1/attempts", service.attempts, methods=["GET"]),
              Route("/healthz", service.healthz, methods=["GET"])]
    if prefix and prefix.strip("/"):
        routes.append(Mount("/" + prefix.strip("/"), routes=list(routes)))

    @asynccontextmanager
    async def lifespan(app):
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    async def api_error(request, exc: ApiError):
        return error_response(exc)

    async def http_error(request, exc: HTTPException):
        if exc.status_code == 404:
            return error_response(ApiError(404, "not_found", "그런 주소는 없습니다.",
                                           f"No such path: {request.url.path}"))
        if exc.status_code == 405:
            return error_response(ApiError(405, "method_not_allowed", "이 주소에서는 쓸 수 없는 요청 방식입니다.",
                                           f"{request.method} is not allowed here."))
        return error_response(ApiError(exc.status_code, "error", str(exc.detail), str(exc.detail)))

    async def server_error(request, exc: Exception):
        return error_response(ApiError(500, "internal_error", "서버 내부 오류입니다. 담당 교수자에게 알려 주세요.",
                                       "Internal server error; please tell the instructor."))

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: server_error})
    app.state.service = service
    return app


def serve(config: ServeConfig, host: str = "127.0.0.1", port: int = 8765) -> None:
    import os

    import uvicorn

    from autograder.service.config import use_course_secret

    if not use_course_secret(config.course):
        print("backprop-lab serve: no grading secret (BACKPROP_LAB_SECRET or <course>/.backprop-lab/secret): the "
              "hidden inputs are the public defaults", file=sys.stderr, flush=True)
    app = create_app(config, os.environ.get("JUPYTERHUB_SERVICE_PREFIX"))
    started = datetime.now(UTC).isoformat(timespec="seconds")
    print(f"backprop-lab serve: {config.course} on http://{host}:{port} (started {started}; budget {config.budget}"
          f"{', late checks allowed' if config.late_checks else ''}"
          f"{', JupyterHub tokens via ' + config.hub_api_url if config.hub_api_url else ''})", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)
