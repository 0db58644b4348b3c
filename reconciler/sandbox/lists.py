"""Sorting, cursor pages and the shared filters (ids, filter_id, updated_since) of v2 lists."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from starlette.requests import Request

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, cursor_page, query_fields

T = TypeVar("T")


def sorted_page(
    items: Sequence[T], request: Request, page_cap: int | None, sort_fields: Sequence[str]
) -> tuple[list[T], dict[str, Any]]:
    """Sort by `sort_by` (then id) in `sort_direction` and cut one cursor page."""
    query = query_fields(request, "v2")
    sort_by = query.string("sort_by")
    sort_by = "id" if sort_by is MISSING else sort_by
    if sort_by not in sort_fields:
        raise bad_request(f"sort_by must be one of {', '.join(sort_fields)}")
    direction = query.string("sort_direction")
    direction = "asc" if direction is MISSING else direction
    if direction not in ("asc", "desc"):
        raise bad_request("sort_direction must be asc or desc")

    def key(item: Any) -> Any:
        value = getattr(item, sort_by)
        return value.isoformat() if hasattr(value, "isoformat") else value

    def item_id(item: Any) -> int:
        return int(item.id)

    ordered = sorted(items, key=lambda i: (key(i), item_id(i)), reverse=direction == "desc")
    page, next_cursor = cursor_page(ordered, request, page_cap, key, item_id, (sort_by, direction))
    return page, {"next_cursor": next_cursor}


# -- filters the v2 lists share -------------------------------------------------------------

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
MAX_IDS = 100


def refuse_filter_id(query: Fields) -> None:
    """Saved filters are not modelled: a list asked for one says so instead of ignoring it."""
    if query.has("filter_id"):
        raise bad_request("Parameter 'filter_id': filters are not supported by the sandbox")


def wanted_ids(query: Fields) -> set[int] | None:
    """`ids`: "a comma separated string array of up to 100 entity ids" (None: not given)."""
    text = query.string("ids", empty_ok=True)
    if text is MISSING:
        return None
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise bad_request("Parameter 'ids' must be comma-separated integer ids")
    if len(parts) > MAX_IDS:
        raise bad_request(f"Parameter 'ids' accepts at most {MAX_IDS} ids")
    return {int(part) for part in parts}


def time_bound(query: Fields, name: str) -> datetime | None:
    """An RFC 3339 date-time (`2025-01-01T10:20:00Z`), as the documents ask; None: not given."""
    text = query.string(name)
    if text is MISSING:
        return None
    if not _RFC3339.fullmatch(text):
        raise bad_request(
            f"Parameter '{name}' must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z"
        )
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise bad_request(f"Parameter '{name}' must be a valid date-time") from exc


def updated_between(items: list[T], query: Fields) -> list[T]:
    """`updated_since` (inclusive) and `updated_until` (exclusive) on `update_time`."""
    since, until = time_bound(query, "updated_since"), time_bound(query, "updated_until")
    kept = []
    for item in items:
        stamp = getattr(item, "update_time", None)
        if since and (stamp is None or stamp < since):
            continue
        if until and (stamp is None or stamp >= until):
            continue
        kept.append(item)
    return kept
