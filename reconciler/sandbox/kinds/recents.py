"""v1 `/recents`: what changed since a time, from the store's change log.

Each changed object appears once, at its latest change, oldest first, with its current v1
representation (a deleted stage shows `active_flag: false`). Only stages, pipelines and users
are logged: the other documented item types are accepted and yield nothing; roles are not an
item type at all, as in Pipedrive.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, sandbox_of
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, offset_page, ok, query_fields, v1_time
from reconciler.sandbox.kind import Kind, Rules
from reconciler.sandbox.kinds.pipelines import Pipelines
from reconciler.sandbox.kinds.pipelines.views import pipeline_v1, stage_v1
from reconciler.sandbox.kinds.users import Users, user_v1

if TYPE_CHECKING:
    from reconciler.sandbox.store import Store

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
    pipelines = store.part(Pipelines)
    if item == "stage":
        return stage_v1(pipelines, pipelines.stages[item_id])
    if item == "pipeline":
        return pipeline_v1(pipelines, pipelines.pipelines[item_id], with_selected=False)
    users = store.part(Users)
    return user_v1(users, users.users[item_id])


async def recents(request: Request) -> JSONResponse:
    fields = query_fields(request, "v1")
    since = _since(fields.string("since_timestamp"))
    wanted = _items(fields.string("items", empty_ok=True))
    store = sandbox_of(request).store
    latest: dict[tuple[str, int], datetime] = {}
    for change in store.changes:
        if change.time >= since and change.item in wanted:
            latest[(change.item, change.id)] = change.time
    ordered = sorted(latest.items(), key=lambda kv: (kv[1], kv[0]))
    page, pagination = offset_page(ordered, request, page_cap(request))
    data = [{"item": item, "id": i, "data": _data(store, item, i)} for (item, i), _ in page]
    additional = {
        "since_timestamp": v1_time(since),
        "last_timestamp_on_page": v1_time(page[-1][1]) if page else None,
        "pagination": pagination,
    }
    return ok(data, additional)


class Recents(Rules):
    """Recents keep no records of their own: they read the store's change log."""


KIND = Kind(name="recents", rules=Recents, v1_routes=[Route("/recents", recents, methods=["GET"])])
