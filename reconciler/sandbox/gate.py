"""The ASGI layer in front of the Pipedrive routes: auth, limits, latency, faults, stats.

Order for every `/api/v1|v2/...` request: 401 (token missing or wrong, or sent as the
`api_token` query parameter, which is refused so a client leaking the token into URLs fails
loudly) -> 429 (scripted every-Nth, daily budget spent, burst window full; not charged) ->
latency -> the mode's refusals (`access`: 403 for a non-admin, 404 for removed v1 stages) ->
random 5xx fault -> scripted write failure -> the route. Everything past the 429
checks is charged its documented token cost. Every API answer carries the `x-ratelimit-*` and
`x-daily-ratelimit-token-*` headers as they stood when the request was counted (admitted or
refused), not when its answer leaves; there is no `Retry-After` (not documented).

A dropped response (scripted `drop_post_at`) is sent as `http.response.start` with its
content-length and then an exception instead of the body: uvicorn closes the connection, and
in-process `httpx.ASGITransport` re-raises the `ConnectionResetError`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reconciler.api.costs import operation_for, token_cost
from reconciler.sandbox.access import refusal
from reconciler.sandbox.core import Sandbox
from reconciler.sandbox.faults import WRITE_METHODS
from reconciler.sandbox.http import error_body, unauthorized_body
from reconciler.sandbox.kinds import KINDS

API_PREFIXES = {"/api/v1": "v1", "/api/v2": "v2"}

# Operations documented only before Pipedrive published token costs (v1 subscriptions), so
# absent from token_costs.json: stats key them by the templates their kinds name.
UNCOSTED_TEMPLATES = tuple(t for kind in KINDS for t in kind.uncosted_templates)


def _uncosted_template(version: str, method: str, path: str) -> str | None:
    if version != "v1":
        return None
    parts = path.strip("/").split("/")
    for operation in UNCOSTED_TEMPLATES:
        op_method, template = operation.split(" ", 1)
        pattern = template.strip("/").split("/")
        same_shape = op_method == method and len(pattern) == len(parts)
        pairs = zip(pattern, parts, strict=False)
        if same_shape and all(p.startswith("{") or p == q for p, q in pairs):
            return template
    return None


def _split(path: str) -> tuple[str, str] | None:
    for prefix, version in API_PREFIXES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return version, path[len(prefix) :] or "/"
    return None


class Gate:
    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        split = _split(scope.get("path", "")) if scope["type"] == "http" else None
        if split is None:
            await self.app(scope, receive, send)
            return
        version, path = split
        method = scope["method"].upper()
        sandbox = self.sandbox
        sandbox.stats.requests += 1
        if not self._authorized(scope):
            await self._reply(send, 401, unauthorized_body(), self._limit_headers())
            return
        if (
            sandbox.faults.scripted_rate_limit()
            or sandbox.budget.exhausted
            or not sandbox.burst.try_acquire()
        ):
            sandbox.stats.rate_limited += 1
            refused = self._limit_headers()
            await self._reply(send, 429, error_body("Rate limit exceeded"), refused)
            return
        cost = token_cost(version, method, path)  # type: ignore[arg-type]
        operation = operation_for(version, method, path)  # type: ignore[arg-type]
        sandbox.budget.charge(cost)
        limits = self._limit_headers()
        sandbox.stats.tokens += cost
        if operation:
            template = operation.split(" ", 1)[1]
        else:
            template = _uncosted_template(version, method, path) or path
        sandbox.stats.count(f"{method} /api/{version}{template}", cost)
        if method in WRITE_METHODS:
            sandbox.stats.writes += 1
        if sandbox.options.latency_ms:
            await asyncio.sleep(sandbox.options.latency_ms / 1000)
        denied, message = refusal(sandbox.options, version, method, path)  # type: ignore[arg-type]
        if denied:
            await self._reply(send, denied, error_body(message), limits)
            return
        status = sandbox.faults.random_failure() or sandbox.faults.write_failure(method)
        if status is not None:
            unavailable = error_body("Requested service is not available")
            await self._reply(send, status, unavailable, limits)
            return
        drop = sandbox.faults.should_drop(method)
        await self._forward(scope, receive, send, drop, limits)

    def _authorized(self, scope: Scope) -> bool:
        query = scope.get("query_string", b"").decode("latin-1")
        if any(part.split("=", 1)[0] == "api_token" for part in query.split("&")):
            return False
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-api-token")
        if given is None and headers.get("authorization", "").startswith("Bearer "):
            given = headers["authorization"][len("Bearer ") :]
        expected = self.sandbox.options.token
        return given is not None and hmac.compare_digest(given.encode(), expected.encode())

    async def _reply(
        self, send: Send, status: int, body: dict[str, Any], limits: list[tuple[bytes, bytes]]
    ) -> None:
        payload = json.dumps(body).encode()
        headers = [(b"content-type", b"application/json"), *limits]
        headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def _limit_headers(self) -> list[tuple[bytes, bytes]]:
        headers = self.sandbox.rate_headers()
        return [(k.encode(), v.encode()) for k, v in headers.items()]

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        drop: bool,
        limits: list[tuple[bytes, bytes]],
    ) -> None:
        messages: list[Message] = []

        async def buffer(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, buffer)
        start, *body = messages
        kept = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        length = sum(len(m.get("body", b"")) for m in body)
        start = {
            **start,
            "headers": [*kept, *limits, (b"content-length", str(length).encode())],
        }
        await send(start)
        if drop:
            raise ConnectionResetError("sandbox dropped the response")
        for message in body:
            await send(message)
