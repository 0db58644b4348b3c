"""When drifted objects last changed, from `GET /api/v1/recents`.

`/recents` lists what changed since a timestamp: `{item, id, data}` rows, `data` being the
object as v1 returns it. It covers pipelines, stages and users, not roles, projects,
product followers or subscriptions. Its rows carry
`update_time` (pipelines, stages) or `modified` (users) but no "changed by" user (the v1
schemas for those items have no such field), so drift can say when, never who; it says so.

`read_recents` costs 20 tokens a page of 500; `annotate_drift` is pure: it fills
`Change.extra["changed_at"]` (UTC, `YYYY-MM-DD HH:MM:SS UTC`) and adds the plan warnings
that explain what is and is not known.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reconciler.planning.changes import Action, Change, Plan
from reconciler.resources.base import as_bool, as_int
from reconciler.state import (
    EXTENDED_KINDS,
    PIPELINE,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
)

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

RECENT_ITEMS = ("pipeline", "stage", "user")
V1_TIME = "%Y-%m-%d %H:%M:%S"
COVERED = (PIPELINE, STAGE, ROLE_MEMBERS)  # kinds whose changes /recents can date
ROLE_KINDS = (ROLE, ROLE_SETTINGS, ROLE_PIPELINES)
NOT_WHO = "Pipedrive's recents say when a pipeline, stage or user last changed, not who changed it."
ROLES_UNKNOWN = "role changes are not in Pipedrive's recents: who and when unknown for {addresses}."
# The extended kinds: /recents has no project items, and follower or subscription changes
# are not its own rows (a product or deal row would not say what changed on it).
EXTENDED_UNKNOWN = (
    "project, product follower and subscription changes are not in Pipedrive's recents: "
    "who and when unknown for {addresses}."
)


@dataclass(frozen=True)
class Recent:
    """One object /recents reports, at its latest change."""

    item: str  # "pipeline" | "stage" | "user"
    id: int
    changed_at: str | None  # v1 UTC time, "YYYY-MM-DD HH:MM:SS"
    name: str | None = None
    pipeline_id: int | None = None  # stages only
    deleted: bool = False


async def read_recents(client: PipedriveClient, since: datetime) -> list[Recent]:
    """Pipelines, stages and users changed since `since` (a UTC datetime)."""
    params = {"since_timestamp": since.strftime(V1_TIME), "items": ",".join(RECENT_ITEMS)}
    rows = await client.list_all("v1", "/recents", params)
    return [r for r in (_recent(row) for row in rows) if r is not None]


def _recent(row: Any) -> Recent | None:
    if not isinstance(row, dict) or row.get("item") not in RECENT_ITEMS:
        return None
    data = row.get("data") if isinstance(row.get("data"), dict) else {}
    item_id = as_int(row.get("id") if row.get("id") is not None else data.get("id"))
    if item_id is None:
        return None
    item = row["item"]
    when = data.get("modified") if item == "user" else data.get("update_time")
    active_key = "active" if item == "pipeline" else "active_flag"
    return Recent(
        item=item,
        id=item_id,
        changed_at=str(when) if when else None,
        name=data.get("name") or data.get("email"),
        pipeline_id=as_int(data.get("pipeline_id")),
        deleted=as_bool(data.get("is_deleted", False))
        or (active_key in data and not as_bool(data[active_key])),
    )


def annotate_drift(
    plan: Plan, recents: Iterable[Recent], pipeline_ids: dict[str, int], since: datetime
) -> Plan:
    """`plan` with `changed_at` on the changes /recents dates, and the warnings saying what
    it cannot. `pipeline_ids`: live pipeline name -> id (for stages missing from Pipedrive,
    found in /recents by name among the deleted ones)."""
    index: dict[tuple[str, int], Recent] = {(r.item, r.id): r for r in recents}
    deleted = [r for r in index.values() if r.deleted]
    changes: list[Change] = []
    undated: list[str] = []
    roles: list[str] = []
    extended: list[str] = []
    for change in plan.changes:
        when = None
        if change.kind in COVERED:
            when = _when(change, index, deleted, pipeline_ids)
            # A missing object may never have existed; only a change it lacks a date for.
            if when is None and change.action is not Action.CREATE:
                undated.append(change.address)
        elif change.kind in ROLE_KINDS:
            roles.append(change.address)
        elif change.kind in EXTENDED_KINDS:
            extended.append(change.address)
        if when is not None:
            change = dataclasses.replace(change, extra={**change.extra, "changed_at": when})
        changes.append(change)
    warnings = list(plan.warnings)
    if any("changed_at" in c.extra for c in changes):
        warnings.append(NOT_WHO)
    if undated:
        warnings.append(
            f"no change since {since.strftime(V1_TIME)} UTC in Pipedrive's recents for "
            f"{_listed(undated)}: changed before then (pass an earlier --since)"
        )
    if roles:
        warnings.append(ROLES_UNKNOWN.format(addresses=_listed(roles)))
    if extended:
        warnings.append(EXTENDED_UNKNOWN.format(addresses=_listed(extended)))
    return dataclasses.replace(plan, changes=tuple(changes), warnings=tuple(warnings))


def _listed(addresses: list[str], limit: int = 8) -> str:
    more = len(addresses) - limit
    return ", ".join(addresses[:limit]) + (f" and {more} more" if more > 0 else "")


def _when(
    change: Change,
    index: dict[tuple[str, int], Recent],
    deleted: list[Recent],
    pipeline_ids: dict[str, int],
) -> str | None:
    if change.kind == ROLE_MEMBERS:
        user_ids = (*change.extra.get("add_user_ids", ()), *change.extra.get("remove_user_ids", ()))
        times = [index[("user", u)].changed_at for u in user_ids if ("user", u) in index]
        return _utc(max((t for t in times if t), default=None))
    item = "pipeline" if change.kind == PIPELINE else "stage"
    if change.id is not None:
        found = index.get((item, change.id))
        return _utc(found.changed_at) if found else None
    if change.action is Action.CREATE:  # missing from Pipedrive: look for a deleted one
        pipeline_id = pipeline_ids.get(change.key[0]) if item == "stage" else None
        for recent in deleted:
            same_place = item == "pipeline" or recent.pipeline_id == pipeline_id
            if recent.item == item and recent.name == change.key[-1] and same_place:
                return _utc(recent.changed_at)
    return None


def _utc(text: str | None) -> str | None:
    return f"{text} UTC" if text else None
