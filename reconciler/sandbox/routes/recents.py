"""v1 `/recents`: what changed since a time, from the store's change log.

Each changed object appears once, at its latest change, oldest first, with its current v1
representation (a deleted stage shows `active_flag: false`). Only stages, pipelines and users
are logged: the other documented item types are accepted and yield nothing; roles are not an
item type at all, as in Pipedrive.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, offset_page, ok, query_fields
from reconciler.sandbox.routes import sandbox_of
from reconciler.sandbox.store import Store
from reconciler.sandbox.views import pipeline_v1, stage_v1, user_v1, v1_time

ITEM_TYPES = [
    "activity",
    "activityType",
    "deal",
    "file",
    "filter",
    "note",
    "person",
    "organization",
    "pipeline",
    "product",
    "stage",
    "user",
]
LOGGED = ("stage", "pipeline", "user")


def _since(text: Any) -> datetime:
    if text is MISSING:
        raise bad_request("Parameter 'since_timestamp' is required")
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise bad_request("since_timestamp must be in the format YYYY-MM-DD HH:MM:SS") from exc


def _items(text: Any) -> set[str]:
    if text is MISSING or not text.strip():
        return set(LOGGED)
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(wanted - set(ITEM_TYPES))
    if unknown:
        raise bad_request(f"items contains unknown item type(s): {', '.join(unknown)}")
    return wanted


def _data(store: Store, item: str, item_id: int) -> dict[str, Any]:
    if item == "stage":
        return stage_v1(store, store.stages[item_id])
    if item == "pipeline":
        return pipeline_v1(store, store.pipelines[item_id], with_selected=False)
    return user_v1(store, store.users[item_id])


async def recents(request: Request) -> JSONResponse:
    fields = query_fields(request, "v1")
    since = _since(fields.string("since_timestamp"))
    wanted = _items(fields.string("items", empty_ok=True))
    sandbox = sandbox_of(request)
    store = sandbox.store
    latest: dict[tuple[str, int], datetime] = {}
    for change in store.changes:
        if change.time >= since and change.item in wanted:
            latest[(change.item, change.id)] = change.time
    ordered = sorted(latest.items(), key=lambda kv: (kv[1], kv[0]))
    page, pagination = offset_page(ordered, request, sandbox.options.page_cap)
    data = [{"item": item, "id": i, "data": _data(store, item, i)} for (item, i), _ in page]
    additional = {
        "since_timestamp": v1_time(since),
        "last_timestamp_on_page": v1_time(page[-1][1]) if page else None,
        "pagination": pagination,
    }
    return ok(data, additional)


routes = [Route("/recents", recents, methods=["GET"])]
