"""Pipedrive's HTTP conventions: envelopes, errors, both pagination styles, parameter parsing.

Requests reach the routes only after `validation` checked them against the documents, so
`Fields` reads values already typed as documented (v1 form bodies are text, hence its text
readings). Limits above 500 are clamped to 500: the docs only say "max 500", and a clamp is
what Pipedrive's v1 lists do in practice.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from reconciler.sandbox.failure import ApiFailure, bad_request

Version = Literal["v1", "v2"]
MISSING: Any = object()
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
ERROR_INFO = "Please check developers.pipedrive.com"
T = TypeVar("T")


def ok(data: Any, additional_data: Any = MISSING, status: int = 200) -> JSONResponse:
    """The success envelope; `additional_data` is left out unless given (None: `null`, as
    the projects documents' examples show it)."""
    body: dict[str, Any] = {"success": True, "data": data}
    if additional_data is not MISSING:
        body["additional_data"] = additional_data
    return JSONResponse(body, status_code=status)


def v1_time(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def v2_time(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def error_body(message: str) -> dict[str, Any]:
    return {
        "success": False,
        "error": message,
        "error_info": ERROR_INFO,
        "data": None,
        "additional_data": None,
    }


def failure_response(failure: ApiFailure) -> JSONResponse:
    return JSONResponse(error_body(failure.message), status_code=failure.status)


def unauthorized_body() -> dict[str, Any]:
    return {"success": False, "error": "unauthorized access", "errorCode": 401}


# -- bodies and values --------------------------------------------------------------------


async def read_body(request: Request, version: Version) -> dict[str, Any]:
    """The request body as a dict: JSON for both versions, form-encoded too for v1."""
    raw = await request.body()
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "")
    if version == "v1" and "application/x-www-form-urlencoded" in content_type:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise bad_request("Request body must be a JSON object")
    return body


class Fields:
    """Typed access to a body or query, raising 400s that name the field."""

    def __init__(self, values: dict[str, Any], version: Version, *, query: bool = False) -> None:
        self.values = values
        self.version = version
        # Query strings are text in both versions; strictness only applies to JSON bodies.
        self.lenient = version == "v1" or query

    def has(self, name: str) -> bool:
        return name in self.values

    def _get(self, name: str, required: bool) -> Any:
        value = self.values.get(name, MISSING)
        if value is MISSING and required:
            raise bad_request(f"Parameter '{name}' is required")
        return value

    def string(self, name: str, *, required: bool = False, empty_ok: bool = False) -> Any:
        value = self._get(name, required)
        if value is MISSING:
            return value
        if not isinstance(value, str):
            raise bad_request(f"Parameter '{name}' must be a string")
        if not empty_ok and not value.strip():
            raise bad_request(f"Parameter '{name}' must not be empty")
        return value

    def integer(self, name: str, *, required: bool = False, nullable: bool = False) -> Any:
        value = self._get(name, required)
        if value is MISSING or (value is None and nullable):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if self.lenient and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if self.lenient and isinstance(value, float) and value.is_integer():
            return int(value)
        raise bad_request(f"Parameter '{name}' must be an integer")

    def boolean(self, name: str, *, required: bool = False) -> Any:
        value = self._get(name, required)
        if value is MISSING or isinstance(value, bool):
            return value
        if self.lenient:
            text = str(value).strip().lower()
            if text in ("1", "true"):
                return True
            if text in ("0", "false"):
                return False
        expected = "true or false" if not self.lenient else "0, 1, true or false"
        raise bad_request(f"Parameter '{name}' must be {expected}")


def date_field(fields: Fields, name: str) -> Any:
    """A `YYYY-MM-DD` string, None (clears it) or MISSING."""
    value = fields.values.get(name, MISSING)
    if value is MISSING or value is None:
        return value
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise bad_request(f"Parameter '{name}' must be a date (YYYY-MM-DD)") from exc
    if len(value) != 10:
        raise bad_request(f"Parameter '{name}' must be a date (YYYY-MM-DD)")
    return value


def query_fields(request: Request, version: Version) -> Fields:
    return Fields(dict(request.query_params), version, query=True)


# -- pagination ---------------------------------------------------------------------------


def _limit(fields: Fields, page_cap: int | None) -> int:
    limit = fields.integer("limit")
    limit = DEFAULT_LIMIT if limit is MISSING else limit
    if limit < 1:
        raise bad_request("Parameter 'limit' must be a positive integer")
    limit = min(limit, MAX_LIMIT)
    return min(limit, page_cap) if page_cap else limit


def offset_page(
    items: Sequence[T], request: Request, page_cap: int | None
) -> tuple[list[T], dict[str, Any]]:
    """One page of a v1 offset-paginated list and its `additional_data.pagination`."""
    fields = query_fields(request, "v1")
    start = fields.integer("start")
    start = 0 if start is MISSING else start
    if start < 0:
        raise bad_request("Parameter 'start' must not be negative")
    limit = _limit(fields, page_cap)
    page = list(items[start : start + limit])
    more = start + limit < len(items)
    pagination: dict[str, Any] = {
        "start": start,
        "limit": limit,
        "more_items_in_collection": more,
    }
    if more:
        pagination["next_start"] = start + limit
    return page, pagination


def cursor_page(
    items: Sequence[T],
    request: Request,
    page_cap: int | None,
    key: Callable[[T], Any],
    item_id: Callable[[T], int],
    sort: tuple[str, str],
) -> tuple[list[T], str | None]:
    """One page of a v2 cursor-paginated list, already sorted by (key, id) in `sort` order.

    The cursor is opaque to clients: base64 of the last item's sort key and id (keyset
    pagination), so deletes between pages neither skip nor repeat items.
    """
    fields = query_fields(request, "v2")
    limit = _limit(fields, page_cap)
    cursor = fields.string("cursor")
    start = 0
    if cursor is not MISSING:
        last = _decode_cursor(cursor, sort)
        descending = sort[1] == "desc"
        start = len(items)
        for index, item in enumerate(items):
            position = (key(item), item_id(item))
            if (position < last) if descending else (position > last):
                start = index
                break
    page = list(items[start : start + limit])
    if start + limit >= len(items) or not page:
        return page, None
    tail = page[-1]
    return page, _encode_cursor((key(tail), item_id(tail)), sort)


def _encode_cursor(position: tuple[Any, int], sort: tuple[str, str]) -> str:
    payload = {"field": sort[0], "direction": sort[1], "value": position[0], "id": position[1]}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: tuple[str, str]) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        if (payload["field"], payload["direction"]) != sort:
            raise bad_request("Parameter 'cursor' does not match sort_by and sort_direction")
        return payload["value"], int(payload["id"])
    except ApiFailure:
        raise
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad_request("Parameter 'cursor' is invalid") from exc
