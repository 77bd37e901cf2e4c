"""Who is asking: the student behind the `Authorization: token TOKEN` header, or nobody.

Two kinds of token are accepted:

- a token issued by `backprop-lab tokens` (standalone, no JupyterHub): looked up by its hash;
- on JupyterHub, the student's own API token (`JUPYTERHUB_API_TOKEN` in their server and
  kernels), which the Hub itself checks: `GET {hub}/user` with that token answers with its
  owner's model, whose `name` is the nbgrader student id. A token the Hub refuses, or one that
  belongs to a service rather than a user, is nobody.

The Hub's answers are cached for a few minutes (by the token's hash) so that a class checking at
once does not become a class asking the Hub.
"""

from __future__ import annotations

import time

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from autograder.service.store import Store, token_digest


class HubUnavailable(Exception):
    pass


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() in ("token", "bearer") and token.strip():
        return token.strip()
    return None


class Auth:
    def __init__(self, store: Store, hub_api_url: str | None = None, cache_seconds: float = 300.0) -> None:
        self.store = store
        self.hub_api_url = hub_api_url.rstrip("/") if hub_api_url else None
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[str, float]] = {}
        self._http = httpx.AsyncClient(timeout=10.0, trust_env=False) if self.hub_api_url else None

    async def student(self, request: Request) -> str | None:
        token = bearer(request)
        if token is None or len(token) > 512:
            return None
        student = await run_in_threadpool(self.store.student_for_token, token)
        if student is not None or self._http is None:
            return student
        return await self._hub_user(token)

    async def _hub_user(self, token: str) -> str | None:
        key = token_digest(token)
        cached = self._cache.get(key)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            response = await self._http.get(f"{self.hub_api_url}/user", headers={"Authorization": f"token {token}"})
        except httpx.HTTPError as exc:
            raise HubUnavailable(str(exc)) from None
        if response.status_code in (401, 403, 404):
            return None
        if response.status_code != 200:
            raise HubUnavailable(f"the Hub answered {response.status_code}")
        model = response.json()
        if model.get("kind", "user") != "user" or not isinstance(model.get("name"), str):
            return None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (model["name"], time.monotonic() + self.cache_seconds)
        return model["name"]

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
