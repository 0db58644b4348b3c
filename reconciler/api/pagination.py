"""Following Pipedrive's two pagination styles to the end of a list.

Offset (v1 roles, assignments, stages...): query `start`/`limit`; the answer says
`additional_data.pagination.more_items_in_collection` and, usually, `next_start`. Some v1
endpoints put those keys straight in `additional_data`; both shapes are read.
Cursor (every v2 list, v1 projects/tasks): query `cursor`/`limit`; the answer carries
`additional_data.next_cursor`, null on the last page.
The style is read from the first answer, so callers need not know it. A list that stops
advancing is an error, never a silent truncation: a short list would make the planner
delete live objects.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from reconciler.api.decode import as_bool, as_int
from reconciler.api.responses import ApiResponse
from reconciler.errors import ApiError

PAGE_LIMIT = 500  # Pipedrive's documented maximum; fewer pages cost fewer tokens.

# v1 endpoints that return everything at once and take no paging parameters.
# v1 lists whose documents give no `limit` (nor `start`/`cursor`): they answer whole.
UNPAGINATED_V1 = re.compile(r"/users|/pipelines|/projects/\d+/(tasks|activities)")

Fetch = Callable[[dict[str, Any]], Awaitable[ApiResponse]]


def _offset_info(additional: Any) -> dict[str, Any] | None:
    if not isinstance(additional, dict):
        return None
    nested = additional.get("pagination")
    if isinstance(nested, dict):
        return nested
    if "more_items_in_collection" in additional:
        return additional
    return None


def _items(data: Any, method: str, path: str, status: int) -> list[Any]:
    if data is None:
        return []
    if isinstance(data, list):
        return data
    raise ApiError(method, path, status, "expected a list in `data`, got an object")


def first_params(version: str, path: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    query = dict(params or {})
    if not (version == "v1" and UNPAGINATED_V1.fullmatch(path)):
        query["limit"] = PAGE_LIMIT
    return query


async def collect(
    fetch: Fetch, version: str, path: str, params: Mapping[str, Any] | None
) -> list[Any]:
    """Every item of the list at `path`, fetching page after page."""
    query = first_params(version, path, params)
    items: list[Any] = []
    seen_cursors: set[str] = set()
    while True:
        page = await fetch(query)
        batch = _items(page.data, "GET", path, page.status)
        items.extend(batch)
        additional = page.additional_data
        cursor = additional.get("next_cursor") if isinstance(additional, dict) else None
        if cursor:
            if cursor in seen_cursors:
                raise ApiError("GET", path, page.status, "pagination repeated a cursor")
            seen_cursors.add(cursor)
            query = {**query, "cursor": cursor}
            query.pop("start", None)
            continue
        offset = _offset_info(additional)
        if offset is None or not as_bool(offset.get("more_items_in_collection")):
            return items
        start = as_int(offset.get("start")) or as_int(query.get("start")) or 0
        next_start = as_int(offset.get("next_start"))
        # Without next_start, step by what arrived: the server may cap the page below 500.
        following = next_start if next_start is not None else start + len(batch)
        if following <= start or not batch:
            raise ApiError("GET", path, page.status, "pagination did not advance")
        query = {**query, "start": following}
