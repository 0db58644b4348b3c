"""The one Pipedrive HTTP client: every request of the tool goes through `PipedriveClient`.

Layers, outermost first: the semaphore (at most `parallelism` requests in flight), the
pacer (stay inside the burst window), one httpx send, then error mapping. A failed attempt
is re-sent only when that is safe and within `max_retries` and `max_wait` seconds of total
waiting:

    429                       always re-sent after Retry-After / x-ratelimit-reset / backoff,
                              except an exhausted daily budget: raised at once, and every
                              request waiting or sent later fails the same way unsent
    5xx                       re-sent for idempotent methods only
    no response at all        re-sent for idempotent methods; a POST raises TransportError
                              at once, since the server may have created the object
    unreachable host          raised at once (refused, unknown host name: see failures.py)
    not Pipedrive             a non-JSON answer before any JSON one: raised at once

The credential travels only in a header, `x-api-token` for an API token or `Authorization:
Bearer` for an OAuth access token (never both, never in the URL), and is scrubbed from every
message.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal

import httpx

from reconciler import __version__
from reconciler.api import pagination
from reconciler.api.auth import Secret, TokenKind, auth_headers
from reconciler.api.clock import SYSTEM_CLOCK, Clock
from reconciler.api.costs import operation_for, token_cost
from reconciler.api.failures import check_pipedrive, unreachable, unreachable_reason
from reconciler.api.limits import RateLimits
from reconciler.api.pacing import Pacer, PacerClosed, Ticket
from reconciler.api.request_log import log_attempt
from reconciler.api.responses import (
    ApiResponse,
    budget_spent,
    error_for,
    is_daily_budget_exhausted,
    success_from,
)
from reconciler.api.retry import IDEMPOTENT_METHODS, backoff, rate_limit_wait
from reconciler.api.tally import Tally
from reconciler.api.urls import clean_path, resolve_base_url, split_query
from reconciler.errors import ApiError, TransportError, UnreachableError

Version = Literal["v1", "v2"]

USER_AGENT = f"pipedrive-reconciler/{__version__}"


class PipedriveClient:
    """Async client for one company; use as `async with PipedriveClient(url, token) as c`.

    `token_kind` says what `token` is: an API token (default) or an OAuth access token."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        token_kind: TokenKind = "api_token",
        parallelism: int = 4,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = SYSTEM_CLOCK,
        max_wait: float = 120.0,
        timeout: float = 30.0,
        max_retries: int = 5,
    ) -> None:
        if parallelism < 1:
            raise ValueError("parallelism must be at least 1")
        self.base_url = resolve_base_url(base_url)
        self.token_kind = token_kind
        self.parallelism = parallelism
        self.max_wait = max_wait
        self.max_retries = max_retries
        self.tally = Tally()
        self.limits = RateLimits()  # as the latest answers stated them
        self._secret = Secret(token)
        self._clock = clock
        self._rng = random.Random()
        self._semaphore = asyncio.Semaphore(parallelism)
        self._pacer = Pacer(clock)
        self._answered_json = False  # whether the server has answered as Pipedrive does
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            headers={
                **auth_headers(token_kind, token),
                "user-agent": USER_AGENT,
                "accept": "application/json",
            },
        )

    def __repr__(self) -> str:
        return f"PipedriveClient(base_url={self.base_url!r}, parallelism={self.parallelism})"

    __str__ = __repr__

    async def __aenter__(self) -> PipedriveClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the public verbs ------------------------------------------------------------------

    async def get(
        self, version: Version, path: str, params: Mapping[str, Any] | None = None
    ) -> Any:
        return (await self.request("GET", version, path, params=params)).data

    async def post(self, version: Version, path: str, json: Any) -> Any:
        return (await self.request("POST", version, path, json=json)).data

    async def put(self, version: Version, path: str, json: Any) -> Any:
        return (await self.request("PUT", version, path, json=json)).data

    async def patch(self, version: Version, path: str, json: Any) -> Any:
        return (await self.request("PATCH", version, path, json=json)).data

    async def delete(
        self,
        version: Version,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        return (await self.request("DELETE", version, path, params=params, json=json)).data

    async def list_all(
        self, version: Version, path: str, params: Mapping[str, Any] | None = None
    ) -> list[Any]:
        """Every item of a list endpoint, following offset or cursor pagination to the end."""

        async def fetch(query: dict[str, Any]) -> ApiResponse:
            return await self.request("GET", version, path, params=query)

        query = split_query(path, params)
        return await pagination.collect(fetch, version, clean_path(path), query)

    async def request(
        self,
        method: str,
        version: Version,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> ApiResponse:
        """Send one API call (re-sending when safe); raise a reconciler error on failure.

        `path` is relative to the version root: `request("GET", "v1", "/roles/7")`.
        `idempotent` says whether sending it twice is harmless; by default every method but
        POST is (a POST that sets a value, such as a role setting, may say so).
        """
        if version not in ("v1", "v2"):
            raise ValueError(f"unknown API version {version!r}")
        method = method.upper()
        safe = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        params = split_query(path, params)
        path = clean_path(path)
        full_path = f"/api/{version}{path}"
        waited = 0.0
        attempt = 0
        while True:
            outcome = await self._attempt(method, version, path, full_path, params, json, safe)
            if isinstance(outcome, ApiResponse):
                return outcome
            if isinstance(outcome, UnreachableError):
                raise outcome
            wait = self._retry_wait(method, full_path, outcome, attempt, safe)
            if attempt >= self.max_retries or waited + wait > self.max_wait:
                raise self._final_error(method, full_path, outcome, waited)
            if isinstance(outcome, httpx.Response) and outcome.status_code == 429:
                self._pacer.hold(wait)
            self.tally.retries += 1
            attempt += 1
            waited += wait
            try:
                await self._pacer.pause(wait)
            except PacerClosed:
                raise budget_spent(method, full_path) from None

    # -- one attempt, and what to do after a failed one ------------------------------------

    async def _attempt(
        self,
        method: str,
        version: Version,
        path: str,
        full_path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        safe: bool,
    ) -> ApiResponse | httpx.Response | Exception:
        """Send once. A success is returned unwrapped; a retryable failure is returned as is."""
        operation = operation_for(version, method, path)
        key = f"{method} /api/{version}{operation.split(' ', 1)[1] if operation else path}"
        async with self._semaphore:
            ticket = await self._acquire(method, full_path)
            started = self._clock.now()
            try:
                response = await self._http.request(
                    method,
                    self.base_url + full_path,
                    params=params,
                    json=json,
                )
            except (httpx.TransportError, OSError) as exc:
                self._pacer.settle(ticket)
                self.tally.record(key, 0, write=method != "GET")
                seconds = self._clock.now() - started
                error = type(exc).__name__
                log_attempt(method, full_path, status=None, seconds=seconds, tokens=0, error=error)
                reason = unreachable_reason(exc)
                if reason is not None:
                    return unreachable(method, full_path, self.base_url, reason)
                return exc
        seconds = self._clock.now() - started
        self._pacer.observe(response.headers, ticket)
        self.limits.observe(response.headers)
        status = response.status_code
        cost = 0 if status == 429 else token_cost(version, method, path)
        self.tally.record(key, cost, write=method != "GET")
        log_attempt(method, full_path, status=status, seconds=seconds, tokens=cost)
        self._answered_json = check_pipedrive(
            response, self._answered_json, method, full_path, self.base_url
        )
        if status == 429:
            self.tally.rate_limited += 1
            if is_daily_budget_exhausted(response):
                self._pacer.close()  # no request can succeed before the budget resets
                raise error_for(response, method, full_path, self._secret.redact)
            return response
        if status >= 500 and safe:
            return response
        if status >= 300:
            raise error_for(response, method, full_path, self._secret.redact)
        return success_from(response, method, full_path, self._secret.redact)

    async def _acquire(self, method: str, full_path: str) -> Ticket:
        try:
            return await self._pacer.acquire()
        except PacerClosed:
            raise budget_spent(method, full_path) from None

    def _retry_wait(
        self,
        method: str,
        full_path: str,
        outcome: httpx.Response | Exception,
        attempt: int,
        safe: bool,
    ) -> float:
        if isinstance(outcome, httpx.Response):
            if outcome.status_code == 429:
                return rate_limit_wait(outcome.headers, attempt, self._rng)
            return backoff(attempt, self._rng)
        if not safe:
            # The server may have acted on it; the caller looks the object up instead.
            raise self._final_error(method, full_path, outcome, 0.0)
        return backoff(attempt, self._rng)

    def _final_error(
        self, method: str, full_path: str, outcome: httpx.Response | Exception, waited: float
    ) -> ApiError | TransportError:
        if isinstance(outcome, httpx.Response):
            error = error_for(outcome, method, full_path, self._secret.redact)
            if outcome.status_code == 429:
                error.args = (f"{error.args[0]} (gave up after waiting {waited:.0f}s)",)
            return error
        reason = self._secret.redact(str(outcome) or type(outcome).__name__)
        return TransportError(method, full_path, reason)
