"""Reading and writing lead labels (API v1): `GET /leadLabels` (not paginated), `POST /leadLabels`,
`PATCH /leadLabels/{id}`, `DELETE /leadLabels/{id}` (a hard delete). Ids are UUIDs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reconciler.calls import Call, Ids, Step
from reconciler.kinds.context import ReadContext
from reconciler.kinds.lead_labels.plan import LEAD_LABEL
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, LiveRef, Update
from reconciler.state import Key, LiveId, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_lead_labels(ctx: ReadContext) -> None:
    for item in await ctx.client.get("v1", "/leadLabels") or []:
        fields = {"name": item["name"], "color": item.get("color"), "label_id": str(item["id"])}
        ctx.resources.append(Resource(LEAD_LABEL, (item["name"],), fields))


def write_lead_label(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            body = {"name": change.after["name"], "color": change.after["color"]}
            return [Call("POST", "v1", "/leadLabels", body, creates=True)]
        case Update():
            body = {f.path: f.after for f in change.fields}
            return [Call("PATCH", "v1", f"/leadLabels/{_uuid(change)}", body)]
        case Delete():
            return [Call("DELETE", "v1", f"/leadLabels/{_uuid(change)}")]


def _uuid(change: Change) -> str:
    if isinstance(change.payload, LiveRef):
        return change.payload.live_id
    return "{id}"  # a plan file's change, only ever estimated


async def lead_label_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, Sequence[LiveId]]:
    wanted = set(keys)
    found: dict[Key, list[LiveId]] = {}
    for item in await client.get("v1", "/leadLabels") or []:
        if (item["name"],) in wanted:
            found.setdefault((item["name"],), []).append(str(item["id"]))
    return found
