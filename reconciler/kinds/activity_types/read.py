"""Reading activity types (API v1): one `GET /activityTypes` (not paginated) lists every
type, deleted ones included; those are skipped, as a soft-deleted type is gone for planning."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.kinds.activity_types.plan import ACTIVITY_TYPE
from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int, ids_by_key
from reconciler.kinds.spec import StagesApi
from reconciler.state import Key, LiveId, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient
    from reconciler.calls import Ids


def active(item: Mapping[str, Any]) -> bool:
    return as_bool(item.get("active_flag"), default=True)


async def read_activity_types(ctx: ReadContext) -> None:
    for item in await ctx.client.get("v1", "/activityTypes") or []:
        if not active(item):
            continue
        fields = {
            "name": item["name"],
            "icon": item.get("icon_key"),
            "color": item.get("color"),
            "order_nr": as_int(item.get("order_nr")),
            "custom": as_bool(item.get("is_custom_flag"), default=True),
        }
        ctx.resources.append(Resource(ACTIVITY_TYPE, (item["name"],), fields, id=int(item["id"])))


async def activity_type_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, Sequence[LiveId]]:
    items = [i for i in await client.get("v1", "/activityTypes") or [] if active(i)]
    return ids_by_key(items, lambda i: (i["name"],), keys)
