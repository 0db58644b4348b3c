"""Reading and writing webhooks (API v1): `GET /webhooks` (not paginated), `POST /webhooks`
(201), `DELETE /webhooks/{id}`. There is no update.

Only `general` webhooks are managed: those of type `application` or `automation` belong to
an installed app or an automation, which would break if a config pruned or replaced them.

Answers word the event action in the past tense (`added`) where requests take `create`;
both read as the request's word. A set password comes back masked (or null): it is read as
`(sensitive)`, never as its mask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.calls import Call, Ids, Step
from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_int, ids_by_key
from reconciler.kinds.spec import StagesApi
from reconciler.kinds.webhooks.plan import PASSWORD, SENSITIVE, WEBHOOK, WebhookWrite
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import Key, LiveId, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

_ACTIONS = {"added": "create", "updated": "change", "deleted": "delete", "merged": "change"}


def event_of(item: Mapping[str, Any]) -> str:
    action = str(item.get("event_action") or "*")
    return f"{_ACTIONS.get(action, action)}.{item.get('event_object') or '*'}"


async def read_webhooks(ctx: ReadContext) -> None:
    emails = {u.id: u.email for u in ctx.users}
    for item in _general(await ctx.client.get("v1", "/webhooks")):
        user = as_int(item.get("user_id"))
        fields = {
            "name": item["name"],
            "url": item.get("subscription_url"),
            "event": event_of(item),
            "user": emails.get(user or 0) or user,
            "version": item.get("version"),
            "http_auth_user": item.get("http_auth_user"),
            PASSWORD: SENSITIVE if item.get(PASSWORD) else None,
        }
        ctx.resources.append(Resource(WEBHOOK, (item["name"],), fields, id=int(item["id"])))


def _general(items: Any) -> list[Mapping[str, Any]]:
    return [i for i in items or [] if (i.get("type") or "general") == "general"]


def write_webhook(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            return [Call("POST", "v1", "/webhooks", _body(change), creates=True)]
        case Update():
            raise AssertionError("webhooks are replaced, never updated")
        case Delete():
            return [Call("DELETE", "v1", f"/webhooks/{change.id}")]


def _body(change: Create) -> dict[str, Any]:
    after = change.after
    action, _, target = str(after["event"]).partition(".")
    body: dict[str, Any] = {
        "subscription_url": after["url"],
        "event_action": action,
        "event_object": target,
        "name": after["name"],
    }
    write = change.payload if isinstance(change.payload, WebhookWrite) else WebhookWrite()
    if write.user_id is not None:
        body["user_id"] = write.user_id
    if after.get("version") is not None:
        body["version"] = after["version"]
    if after.get("http_auth_user") is not None:
        body["http_auth_user"] = after["http_auth_user"]
    if write.password is not None:
        body[PASSWORD] = write.password
    return body


async def webhook_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, Sequence[LiveId]]:
    items = _general(await client.get("v1", "/webhooks"))
    return ids_by_key(items, lambda i: (i["name"],), keys)
