"""Activity types (`activity_types:`), through API v1 (`/activityTypes`).

activity_type (name,)   name, icon, color (as set); list order is `order_nr`
                        live also: order_nr, custom (false for Pipedrive's built-in types)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.errors import ConfigIssue
from reconciler.kinds.activity_types.model import ActivityType
from reconciler.kinds.activity_types.plan import ACTIVITY_TYPE, plan_activity_types
from reconciler.kinds.activity_types.read import activity_type_ids, read_activity_types
from reconciler.kinds.activity_types.write import write_activity_type
from reconciler.kinds.comparing import by_export
from reconciler.kinds.exporting import Item, Notes, start, unique
from reconciler.kinds.named import check_named, desired_named, set_keys
from reconciler.kinds.spec import DesiredPart, Export, KindSpec, Loaded, SectionSpec, Where
from reconciler.planning.normalize import to_name
from reconciler.state import LiveState

__all__ = ["ACTIVITY_TYPE", "KINDS", "SECTION"]


def _color(value: Any) -> str | None:
    # Pipedrive keeps the case it was sent; hex digits mean the same in either.
    return None if value is None else str(value).upper()


def desired_activity_types(loaded: Loaded) -> DesiredPart:
    return desired_named(
        loaded,
        "activity_types",
        ACTIVITY_TYPE,
        lambda entry: {"name": entry.name, **set_keys(entry, {"icon": "icon", "color": "color"})},
    )


def export_activity_types(live: LiveState, notes: Notes) -> list[Item]:
    """Every active type in Pipedrive's order (built-in ones only where worth it: see
    `custom_type`)."""
    every = sorted(
        live.of_kind(ACTIVITY_TYPE), key=lambda r: (r.fields.get("order_nr") or 0, r.id or 0)
    )
    items = []
    for found in unique(every, "activity type", "activity_types", notes):
        item = start(found, every)
        for key in ("icon", "color"):
            if found.fields.get(key):
                item[key] = found.fields[key]
        items.append(item)
    place = {r.id: i for i, r in enumerate(every)}
    return sorted(items, key=lambda item: place[item["_id"]])


def custom_type(item: Item, live: LiveState) -> bool:
    """Every company has Pipedrive's built-in types: written only when declared already
    (`export --update`), never new, or every export would list them."""
    found = live.with_id(ACTIVITY_TYPE, item.get("_id"))
    return found is None or bool(found.fields.get("custom", True))


def check_activity_types(config: Any, where: Where) -> list[ConfigIssue]:
    return check_named("activity_types", "activity type", config.activity_types, where)


def count_activity_types(config: Any) -> Mapping[str, int]:
    return {"activity types": len(config.activity_types)}


KINDS = (
    KindSpec(
        name=ACTIVITY_TYPE,
        create_call=lambda api: Call("POST", "v1", "/activityTypes"),
        section="activity_types",
        noun="activity type",
        plural="activity types",
        prune="activity_types",
        protectable=True,
        normalisers={"name": to_name, "color": _color},
        planner=plan_activity_types,
        reader=read_activity_types,
        writer=write_activity_type,
        lookup=activity_type_ids,
        lookup_read=lambda api: Call("GET", "v1", "/activityTypes"),
    ),
)

SECTION = SectionSpec(
    name="activity_types",
    noun="activity type",
    item=ActivityType,
    description="Activity types, matched by name; list order is their order (order_nr). "
    "Pipedrive's built-in types may be declared and are never deleted.",
    kinds=(ACTIVITY_TYPE,),
    merge_key="name",
    desired=desired_activity_types,
    export=Export(
        words=(ACTIVITY_TYPE,),
        reads=(ACTIVITY_TYPE,),
        build=export_activity_types,
        worth=custom_type,
    ),
    compare=by_export(ACTIVITY_TYPE, export_activity_types, "name"),
    checks=check_activity_types,
    count=count_activity_types,
)
