"""Role settings: the five writable `*_default_visibility` keys.

Read from `GET /roles/{id}` (2 tokens, settings in `additional_data.settings`) rather than
`GET /roles/{id}/settings` (20 tokens), and only for roles whose settings the config declares.
Pipedrive writes one key per request.
"""

from __future__ import annotations

import asyncio

from reconciler.planning.changes import Action, Change
from reconciler.resources.base import ApplyContext, ReadContext, as_int
from reconciler.state import ROLE, ROLE_SETTINGS, DesiredState, Resource

WRITABLE_KEYS = (
    "deal_default_visibility",
    "lead_default_visibility",
    "org_default_visibility",
    "person_default_visibility",
    "product_default_visibility",
)


class RoleSettingsAdapter:
    kind = ROLE_SETTINGS
    depends_on: tuple[str, ...] = (ROLE,)

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(ROLE_SETTINGS))

    async def read(self, ctx: ReadContext) -> None:
        roles = ctx.wanted_live(ROLE, ROLE_SETTINGS)
        answers = await asyncio.gather(
            *(ctx.client.request("GET", "v1", f"/roles/{role.id}") for role in roles)
        )
        for role, answer in zip(roles, answers, strict=True):
            settings = (answer.additional_data or {}).get("settings") or {}
            fields = {key: as_int(settings.get(key)) for key in WRITABLE_KEYS}
            ctx.resources.append(Resource(ROLE_SETTINGS, role.key, fields, id=role.id))

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        role_id = change.id if change.id is not None else ctx.id_of(ROLE, *change.key)
        if change.action is Action.CREATE:
            wanted = {k: v for k, v in (change.after or {}).items() if v is not None}
        else:
            wanted = {f.path: f.after for f in change.fields}
        for key, value in sorted(wanted.items()):
            body = {"setting_key": key, "value": int(value)}
            await ctx.client.post("v1", f"/roles/{role_id}/settings", body)
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return None  # settings are written in place; nothing is ever created twice
