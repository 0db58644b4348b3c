"""Writing pipelines and stages, and finding them by name.

v2 (default): POST, PATCH, DELETE per object; v2 cannot write a stage's order (the planner
warns instead), and new stages are appended, so stage creates run in list order. v1: POST,
PUT (with `order_nr`: a stage created out of place gets its position by a PUT after the
POST), and stage deletes of one group go in bulk `DELETE /stages?ids=`, 100 ids a request.
Pipeline booleans are 0/1 in v1 requests (pipelineRequest types them numberBoolean); stage
flags are true/false in both versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.calls import NEW_ID, Call, Ids, Step
from reconciler.kinds.decode import as_int, ids_by_key
from reconciler.kinds.pipelines.payloads import NewStage
from reconciler.kinds.pipelines.read import pipeline_deleted, stage_deleted
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import PIPELINE, Key

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

BULK_DELETE_CHUNK = 100  # keep the ids query string well under URL length limits


def write_pipeline(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            return [
                Call("POST", api, "/pipelines", _pipeline_body(change.after, api), creates=True)
            ]
        case Update():
            body = _pipeline_body({f.path: f.after for f in change.fields}, api)
            return [Call(_update_method(api), api, f"/pipelines/{change.id}", body)]
        case Delete():
            return [Call("DELETE", api, f"/pipelines/{change.id}")]


def write_stage(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            calls = [
                Call("POST", api, "/stages", _stage_body(change.after, ids, api), creates=True)
            ]
            position = change.after.get("position")
            wanted = isinstance(change.payload, NewStage) and change.payload.set_position
            if api == "v1" and wanted and position is not None:
                calls.append(Call("PUT", api, f"/stages/{NEW_ID}", {"order_nr": int(position)}))
            return calls
        case Update():
            fields = {f.path: f.after for f in change.fields}
            body = _stage_body(fields, ids, api)
            if api == "v1" and fields.get("position") is not None:
                body["order_nr"] = int(fields["position"])
            return [Call(_update_method(api), api, f"/stages/{change.id}", body)]
        case Delete():
            return [Call("DELETE", api, f"/stages/{change.id}")]


def delete_stages_in_bulk(changes: Sequence[Change], api: StagesApi) -> Sequence[Step] | None:
    """v1 only: one bulk request per chunk of stage deletes instead of one per stage."""
    if api != "v1" or len(changes) < 2 or not all(isinstance(c, Delete) for c in changes):
        return None
    stage_ids = [c.id for c in changes if c.id is not None]
    return [
        Call("DELETE", "v1", "/stages", params={"ids": ",".join(map(str, chunk))})
        for chunk in (
            stage_ids[i : i + BULK_DELETE_CHUNK]
            for i in range(0, len(stage_ids), BULK_DELETE_CHUNK)
        )
    ]


async def pipeline_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    items = [i for i in await client.list_all(api, "/pipelines") if not pipeline_deleted(i)]
    return ids_by_key(items, lambda i: (i["name"],), keys)


async def stage_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    """One list call: of the stages' pipeline when they share one, else of all stages."""
    known = {key[0]: live_id for key, live_id in ids.ids_of(PIPELINE).items()}
    names = {live_id: name for name, live_id in known.items()}
    wanted = {known[k[0]] for k in keys if k[0] in known}
    if not wanted:
        return {}
    params = {"pipeline_id": next(iter(wanted))} if len(wanted) == 1 else None
    items = await client.list_all(api, "/stages", params)
    live = [i for i in items if not stage_deleted(i) and as_int(i.get("pipeline_id")) in names]
    return ids_by_key(live, lambda i: (names[int(i["pipeline_id"])], i["name"]), keys)


def _update_method(api: StagesApi) -> Any:
    return "PATCH" if api == "v2" else "PUT"


def _pipeline_body(fields: Mapping[str, Any], api: StagesApi) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = fields["name"]
    if fields.get("deal_probability") is not None:
        enabled = bool(fields["deal_probability"])
        if api == "v2":
            body["is_deal_probability_enabled"] = enabled
        else:
            body["deal_probability"] = int(enabled)
    return body


def _stage_body(fields: Mapping[str, Any], ids: Ids, api: StagesApi) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = fields["name"]
    if "pipeline" in fields:
        body["pipeline_id"] = ids.id_of(PIPELINE, (fields["pipeline"],))
    if fields.get("deal_probability") is not None:
        body["deal_probability"] = int(fields["deal_probability"])
    if "rotten_days" in fields:
        days = fields["rotten_days"]
        # v2 types days_to_rotten as a plain integer: rotting off is the flag alone.
        body["is_deal_rot_enabled" if api == "v2" else "rotten_flag"] = days is not None
        if days is not None:
            body["days_to_rotten" if api == "v2" else "rotten_days"] = days
    return body
