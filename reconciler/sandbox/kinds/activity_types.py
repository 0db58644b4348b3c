"""Activity types through API v1 (`/activityTypes`), and the config's `activity_types`.

Every company starts with Pipedrive's built-in types (call, meeting, task, deadline, email,
lunch; `is_custom_flag` false). Decisions where the documents are silent (FACTS.md §14):
- DELETE marks a type deleted (`active_flag` false); it stays in the list, as documented,
  and can no longer be changed or deleted (404). Built-in types can be deleted too: the
  documents do not forbid it, so only the tool's own rule protects them;
- a new type goes to the end (highest `order_nr` + 1); PUT sets `order_nr` as given, with no
  renumbering of the others, as v1 stages do; names need not be unique;
- `key_string` is made from the name when the type is created (lower case, `_` for spaces),
  as the documents' example shows ("Video call" -> "video_call");
- `color` is 6 hex digits (the documents' description), kept as sent; timestamps are v1's
  `YYYY-MM-DD HH:MM:SS`, as every example shows them (the schema types date-times: a known
  contradiction, `reconciler.pipedrive_api.contradictions`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, ok, read_body, v1_time
from reconciler.sandbox.kind import Kind, Rules, SeedBuild, live

BUILT_IN = ("call", "meeting", "task", "deadline", "email", "lunch")
BUILT_IN_COLOR = "FFFFFF"
_HEX_COLOR = re.compile(r"[0-9A-Fa-f]{6}")


@dataclass
class ActivityType:
    id: int
    name: str
    icon_key: str
    order_nr: int
    key_string: str
    color: str | None = None
    is_custom_flag: bool = True
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


def key_string(name: str) -> str:
    return re.sub(r"\W+", "_", name.strip().lower()).strip("_")


class ActivityTypes(Rules):
    tables: ClassVar[Mapping[str, type]] = {"activity_types": ActivityType}
    activity_types: dict[int, ActivityType]

    def loaded(self) -> None:
        if not self.activity_types:
            for key in BUILT_IN:
                self.add(key.capitalize(), key, BUILT_IN_COLOR, custom=False)

    def listed(self) -> list[ActivityType]:
        """Every type, deleted ones included, in `order_nr` order."""
        return sorted(self.activity_types.values(), key=lambda t: (t.order_nr, t.id))

    def get(self, type_id: int) -> ActivityType:
        return live(self.activity_types, type_id, "Activity type")

    def add(self, name: str, icon_key: str, color: str | None, custom: bool = True) -> ActivityType:
        now = self.store.now()
        order = max((t.order_nr for t in self.activity_types.values()), default=0) + 1
        found = ActivityType(
            self.store.new_id("activity_types"), name, icon_key, order, key_string(name),
            color, custom, now, now,
        )  # fmt: skip
        self.activity_types[found.id] = found
        return found

    def update(self, type_id: int, changes: dict[str, Any]) -> ActivityType:
        found = self.get(type_id)
        for key, value in changes.items():
            setattr(found, key, value)
        found.update_time = self.store.now()
        return found

    def delete(self, type_id: int) -> ActivityType:
        found = self.get(type_id)
        found.deleted = True
        found.update_time = self.store.now()
        return found


def activity_type_v1(found: ActivityType) -> dict[str, Any]:
    data = {
        "id": found.id,
        "order_nr": found.order_nr,
        "name": found.name,
        "key_string": found.key_string,
        "icon_key": found.icon_key,
        "active_flag": not found.deleted,
        "color": found.color,
        "is_custom_flag": found.is_custom_flag,
        "add_time": v1_time(found.add_time),
        "update_time": v1_time(found.update_time),
    }
    # `color` is typed a plain string: a type without one leaves the key out.
    return {key: value for key, value in data.items() if value is not None}


def _color(fields: Fields) -> Any:
    color = fields.string("color")
    if color is not MISSING and not _HEX_COLOR.fullmatch(color):
        raise bad_request("Parameter 'color' must be a 6-character HEX color, e.g. FFFFFF")
    return color


async def list_types(request: Request) -> JSONResponse:
    return ok([activity_type_v1(t) for t in part_of(request, ActivityTypes).listed()])


async def add_type(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    name = fields.string("name", required=True)
    icon_key = fields.string("icon_key", required=True)
    color = _color(fields)
    found = part_of(request, ActivityTypes).add(name, icon_key, None if color is MISSING else color)
    return ok(activity_type_v1(found))


async def update_type(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = {"name": fields.string("name"), "icon_key": fields.string("icon_key")}
    changes["color"] = _color(fields)
    changes["order_nr"] = fields.integer("order_nr")
    if changes["order_nr"] is not MISSING and changes["order_nr"] < 0:
        raise bad_request("Parameter 'order_nr' must not be negative")
    changes = {key: value for key, value in changes.items() if value is not MISSING}
    found = part_of(request, ActivityTypes).update(path_id(request), changes)
    return ok(activity_type_v1(found))


async def delete_type(request: Request) -> JSONResponse:
    return ok(activity_type_v1(part_of(request, ActivityTypes).delete(path_id(request))))


def seed_activity_types(build: SeedBuild) -> None:
    """Declared types: a built-in one (by name) takes the declared icon and color, any other
    is created; none is deleted."""
    types = build.store.part(ActivityTypes)
    seen: set[str] = set()
    for index, spec in enumerate(build.config.activity_types):
        if spec.name in seen:
            build.problem(("activity_types", index, "name"), f"duplicate type {spec.name!r}")
            continue
        seen.add(spec.name)
        existing = [t for t in types.listed() if t.name == spec.name]
        if existing:
            changes = {"icon_key": spec.icon, "color": spec.color}
            types.update(existing[0].id, {k: v for k, v in changes.items() if v is not None})
        elif spec.icon is None:
            build.problem(("activity_types", index), "`icon` is needed to create a type")
        else:
            types.add(spec.name, spec.icon, spec.color)


KIND = Kind(
    name="activity_types",
    rules=ActivityTypes,
    v1_routes=[
        Route("/activityTypes", list_types, methods=["GET"]),
        Route("/activityTypes", add_type, methods=["POST"]),
        Route("/activityTypes/{id:int}", update_type, methods=["PUT"]),
        Route("/activityTypes/{id:int}", delete_type, methods=["DELETE"]),
    ],
    seed=seed_activity_types,
)
