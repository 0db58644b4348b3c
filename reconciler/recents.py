"""When drifted objects last changed, from `GET /api/v1/recents`.

`/recents` lists what changed since a timestamp: `{item, id, data}` rows, `data` being the
object as v1 returns it. Each kind says which item dates its changes (`KindSpec.recents_item`:
pipelines, stages, and users for role members); no other kind is in it. Its rows carry
`update_time` (pipelines, stages) or `modified` (users) but no "changed by" user (the v1
schemas for those items have no such field), so drift can say when, never who; it says so.

`read_recents` costs 20 tokens a page of 500; `annotate_drift` is pure: it records each
dated change's time in `Plan.changed_at` (UTC, `YYYY-MM-DD HH:MM:SS UTC`) and adds the
warnings that explain what is and is not known.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reconciler import kinds
from reconciler.kinds.decode import as_bool, as_int
from reconciler.planning.changes import Change, Create, Plan

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

V1_TIME = "%Y-%m-%d %H:%M:%S"
NOT_WHO = "Pipedrive's recents say when a pipeline, stage or user last changed, not who changed it."
UNKNOWN = "{what} changes are not in Pipedrive's recents: who and when unknown for {addresses}."


@dataclass(frozen=True)
class Recent:
    """One object /recents reports, at its latest change."""

    item: str  # "pipeline" | "stage" | "user"
    id: int
    changed_at: str | None  # v1 UTC time, "YYYY-MM-DD HH:MM:SS"
    name: str | None = None
    pipeline_id: int | None = None  # stages only
    deleted: bool = False


def recent_items() -> tuple[str, ...]:
    return tuple(sorted({s.recents_item for s in kinds.KINDS if s.recents_item}))


def dated(plan: Plan) -> bool:
    """Whether any change is of a kind /recents can date (else it is not read)."""
    return any(kinds.known(c.kind) and kinds.kind(c.kind).recents_item for c in plan.changes)


async def read_recents(client: PipedriveClient, since: datetime) -> list[Recent]:
    """The objects of the dated kinds changed since `since` (a UTC datetime)."""
    items = recent_items()
    params = {"since_timestamp": since.strftime(V1_TIME), "items": ",".join(items)}
    rows = await client.list_all("v1", "/recents", params)
    return [r for r in (_recent(row, items) for row in rows) if r is not None]


def _recent(row: Any, items: tuple[str, ...]) -> Recent | None:
    if not isinstance(row, dict) or row.get("item") not in items:
        return None
    found = row.get("data")
    data: dict[str, Any] = found if isinstance(found, dict) else {}
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
    """`plan` with the times /recents gives, and the warnings saying what it cannot date.
    `pipeline_ids`: live pipeline name -> id (for stages missing from Pipedrive, found in
    /recents by name among the deleted ones)."""
    index: dict[tuple[str, int], Recent] = {(r.item, r.id): r for r in recents}
    deleted = [r for r in index.values() if r.deleted]
    when: dict[str, str] = {}
    undated: list[str] = []
    unknown: dict[str, list[str]] = {}
    for change in plan.changes:
        spec = kinds.kind(change.kind) if kinds.known(change.kind) else None
        if spec is None or spec.recents_item is None:
            noun = kinds.section(spec.section).noun if spec else change.kind
            unknown.setdefault(noun, []).append(change.address)
            continue
        found = _when(change, spec.recents_item, index, deleted, pipeline_ids)
        if found is not None:
            when[change.address] = found
        elif not isinstance(change, Create):  # a missing object may never have existed
            undated.append(change.address)
    warnings = list(plan.warnings)
    if when:
        warnings.append(NOT_WHO)
    if undated:
        warnings.append(
            f"no change since {since.strftime(V1_TIME)} UTC in Pipedrive's recents for "
            f"{_listed(undated)}: changed before then (pass an earlier --since)"
        )
    if unknown:
        what = _joined(list(unknown))
        addresses = [a for group in unknown.values() for a in group]
        warnings.append(UNKNOWN.format(what=what, addresses=_listed(addresses)))
    return dataclasses.replace(plan, changed_at=when, warnings=tuple(warnings))


def _joined(nouns: list[str]) -> str:
    return nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " and " + nouns[-1]


def _listed(addresses: list[str], limit: int = 8) -> str:
    more = len(addresses) - limit
    return ", ".join(addresses[:limit]) + (f" and {more} more" if more > 0 else "")


def _when(
    change: Change,
    item: str,
    index: dict[tuple[str, int], Recent],
    deleted: list[Recent],
    pipeline_ids: dict[str, int],
) -> str | None:
    if item == "user":
        user_ids = change.payload.user_ids()
        times = [index[("user", u)].changed_at for u in user_ids if ("user", u) in index]
        return _utc(max((t for t in times if t), default=None))
    if change.id is not None:
        found = index.get((item, change.id))
        return _utc(found.changed_at) if found else None
    if isinstance(change, Create):  # missing from Pipedrive: look for a deleted one
        pipeline_id = pipeline_ids.get(change.key[0]) if item == "stage" else None
        for recent in deleted:
            same_place = item == "pipeline" or recent.pipeline_id == pipeline_id
            if recent.item == item and recent.name == change.key[-1] and same_place:
                return _utc(recent.changed_at)
    return None


def _utc(text: str | None) -> str | None:
    return f"{text} UTC" if text else None
