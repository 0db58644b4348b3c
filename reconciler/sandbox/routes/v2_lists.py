"""Sorting and cursor pages for v2 lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from starlette.requests import Request

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, cursor_page, query_fields

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
        return item.id

    ordered = sorted(items, key=lambda i: (key(i), item_id(i)), reverse=direction == "desc")
    page, next_cursor = cursor_page(ordered, request, page_cap, key, item_id, (sort_by, direction))
    return page, {"next_cursor": next_cursor}
