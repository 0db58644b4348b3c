"""Reading roles, their settings, the pipelines they see and their people (API v1).

- roles: `GET /roles`. The default role "(Unassigned users)" is read so others can refer to
  it. Pipedrive gives top-level roles `parent_role_id: null`, or in its own example the
  default role's id or the role's own id; all three mean "no parent" here.
- settings: `GET /roles/{id}` (2 tokens, settings in `additional_data.settings`) rather than
  `GET /roles/{id}/settings` (20 tokens), only for roles whose settings the config declares.
- pipelines seen: `GET /roles/{id}/pipelines?visible=true`, only for roles whose visibility the
  config declares.
- people: one `GET /users` for the whole company, whose users carry their `role_id`, instead
  of a request per role.
"""

from __future__ import annotations

import asyncio
from typing import Any

from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int
from reconciler.kinds.roles.model import SETTING_KEYS
from reconciler.state import PIPELINE, ROLE, ROLE_PIPELINES, ROLE_SETTINGS, Resource, User


async def read_roles(ctx: ReadContext) -> None:
    items = [i for i in await ctx.client.list_all("v1", "/roles") if role_active(i)]
    default = next((i for i in items if i["name"] == DEFAULT_ROLE_NAME), None)
    ctx.default_role_id = int(default["id"]) if default else None
    names = {int(i["id"]): i["name"] for i in items}
    ctx.names.setdefault(ROLE, {}).update(names)
    for item in items:
        role_id = int(item["id"])
        parent_id = as_int(item.get("parent_role_id"))
        top = parent_id is None or parent_id in (role_id, ctx.default_role_id)
        parent = None if top or parent_id is None else names.get(parent_id)
        fields = {"name": item["name"], "parent": parent}
        ctx.resources.append(Resource(ROLE, (item["name"],), fields, id=role_id))


def role_active(item: dict[str, Any]) -> bool:
    return as_bool(item.get("active_flag"), default=True)


async def read_settings(ctx: ReadContext) -> None:
    wanted = ctx.scope.of(ROLE_SETTINGS)
    roles = [r for r in ctx.live(ROLE) if wanted.covers(r)]
    answers = await asyncio.gather(
        *(ctx.client.request("GET", "v1", f"/roles/{role.id}") for role in roles)
    )
    for role, answer in zip(roles, answers, strict=True):
        settings = (answer.additional_data or {}).get("settings") or {}
        fields = {key: as_int(settings.get(key)) for key in SETTING_KEYS}
        ctx.resources.append(Resource(ROLE_SETTINGS, role.key, fields, id=role.id))


async def read_visibility(ctx: ReadContext) -> None:
    wanted = ctx.scope.of(ROLE_PIPELINES)
    roles = [r for r in ctx.live(ROLE) if wanted.covers(r)]
    answers = await asyncio.gather(
        *(
            ctx.client.get("v1", f"/roles/{role.id}/pipelines", {"visible": "true"})
            for role in roles
        )
    )
    for role, data in zip(roles, answers, strict=True):
        ids = [as_int(i) for i in (data or {}).get("pipeline_ids") or []]
        visible = sorted({name for i in ids if (name := ctx.name_of(PIPELINE, i)) is not None})
        ctx.resources.append(Resource(ROLE_PIPELINES, role.key, {"visible": visible}, id=role.id))


async def read_people(ctx: ReadContext) -> None:
    for item in await ctx.client.list_all("v1", "/users"):
        if as_bool(item.get("is_deleted", False)):
            continue
        ctx.users.append(
            User(
                id=int(item["id"]),
                email=str(item.get("email") or "").lower(),
                name=str(item.get("name") or ""),
                role_id=as_int(item.get("role_id")),
                active=as_bool(item.get("active_flag"), default=True),
            )
        )
