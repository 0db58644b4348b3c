"""Pipedrive's response envelope and the mapping of error statuses onto reconciler.errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from reconciler.api.limits import DAILY_REMAINING
from reconciler.errors import (
    ApiError,
    AuthError,
    DailyBudgetExhausted,
    NotFoundError,
    RateLimitError,
    ServerError,
)

DAILY_BUDGET_MESSAGE = (
    "the company's daily API token budget is spent (shared by every integration of the "
    "company); it resets at midnight Pipedrive server time"
)


@dataclass(frozen=True)
class ApiResponse:
    """A successful answer: the envelope's `data` and `additional_data`, plus headers."""

    status: int
    data: Any
    additional_data: Any
    headers: httpx.Headers


def decode_json(response: httpx.Response) -> Any:
    """The body as JSON, or None when it is empty or not JSON."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def is_daily_budget_exhausted(response: httpx.Response) -> bool:
    return response.status_code == 429 and response.headers.get(DAILY_REMAINING, "").strip() == "0"


def _describe_non_json(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "").split(";")[0].strip() or "unknown type"
    text = f"HTTP {response.status_code} with a non-JSON body ({kind})"
    if response.status_code == 403 and "html" in kind:
        # Pipedrive's edge answers persistent rate-limit abuse with a Cloudflare HTML page.
        text += "; likely blocked by Pipedrive's edge proxy after repeated rate limiting"
    return text


def budget_spent(method: str, full_path: str) -> DailyBudgetExhausted:
    """The error of a request not sent because an earlier answer said the budget is spent."""
    message = f"{DAILY_BUDGET_MESSAGE} (not sent: an earlier request was refused for it)"
    return DailyBudgetExhausted(method, full_path, 429, message)


def error_for(
    response: httpx.Response, method: str, path: str, redact: Callable[[str], str]
) -> ApiError:
    """The reconciler error for a non-2xx response, carrying Pipedrive's own message.

    `redact` scrubs secrets from any text taken from the body before it reaches an exception.
    """
    status = response.status_code
    body = decode_json(response)
    error_info: str | None = None
    code: str | None = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        message = redact(body["error"])
        if body.get("error_info") is not None:
            error_info = redact(str(body["error_info"]))
        raw_code = body.get("code", body.get("errorCode"))
        if raw_code is not None:
            code = redact(str(raw_code))
    elif isinstance(body, dict | list):
        message = f"HTTP {status} without an error message"
    else:
        message = _describe_non_json(response)
    cls: type[ApiError]
    if is_daily_budget_exhausted(response):
        cls, message = DailyBudgetExhausted, f"{DAILY_BUDGET_MESSAGE} ({message})"
    elif status == 401:
        cls = AuthError
    elif status in (404, 410):
        cls = NotFoundError
    elif status == 429:
        cls = RateLimitError
    elif status >= 500:
        cls = ServerError
    else:
        cls = ApiError
    return cls(method, path, status, message, error_info=error_info, code=code)


def success_from(
    response: httpx.Response, method: str, path: str, redact: Callable[[str], str]
) -> ApiResponse:
    """Unwrap a 2xx envelope; a body that is not a Pipedrive envelope is an ApiError."""
    body = decode_json(response)
    if body is None and response.content:
        raise ApiError(method, path, response.status_code, _describe_non_json(response))
    if isinstance(body, dict) and body.get("success") is False:
        raise error_for(response, method, path, redact)
    if isinstance(body, dict):
        return ApiResponse(
            response.status_code, body.get("data"), body.get("additional_data"), response.headers
        )
    return ApiResponse(response.status_code, body, None, response.headers)
