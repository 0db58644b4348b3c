"""Webhooks through API v1 (`/webhooks`), and the config's `webhooks` section.

As documented: no update (a change is a delete and a new webhook), POST answers 201, the
list is unpaginated, and answers carry `"status": "ok"` (errors `"status": "error"` with
`errors` by field, plus Pipedrive's generic error envelope). Decisions where the documents
are silent or loose:
- `http_auth_password` is write-only: answers show `null` when none was set and a fixed mask
  otherwise, never the value;
- requests take `event_action` create|change|delete|*, answers show it in the past tense
  (`added`, `updated`, `deleted`, `*`), as the documents' examples do (`"event_action":
  "added"`), for both versions;
- `subscription_url` must be an absolute http(s) URL that is not a Pipedrive API endpoint
  (a host ending in pipedrive.com, or this sandbox's own `/api/` paths): 400 otherwise;
- `user_id` must name an active user (default: the token's owner); `version` defaults to 2.0;
- DELETE removes the webhook from the list (it keeps `remove_time` in the state dump); a
  second DELETE is the documented 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_id
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.http import MISSING, Fields, error_body, read_body, v2_time
from reconciler.sandbox.kind import Kind, Rules, SeedBuild, alive
from reconciler.sandbox.kinds.users import Users

PAST_TENSE = {"create": "added", "change": "updated", "delete": "deleted", "*": "*"}
PASSWORD_MASK = "********"


@dataclass
class Webhook:
    id: int
    name: str
    subscription_url: str
    event_action: str
    event_object: str
    user_id: int
    owner_id: int
    version: str = "2.0"
    http_auth_user: str | None = None
    http_auth_password: str | None = None
    add_time: datetime | None = None
    remove_time: datetime | None = None
    deleted: bool = False


class WebhookFailure(ApiFailure):
    """A webhook error answer: Pipedrive's envelope plus the documented `errors` by field."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(status, message)
        self.field = field

    def response(self) -> JSONResponse:
        body = {
            "status": "error",
            **error_body(self.message),
            "errors": {self.field: [self.message]},
        }
        return JSONResponse(body, status_code=self.status)


def _check_url(url: str, own_host: str | None) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookFailure(400, "subscription_url", "invalid or non-reachable URL")
    host = parts.hostname.lower()
    own = own_host is not None and parts.netloc.lower() == own_host.lower()
    if host == "pipedrive.com" or host.endswith(".pipedrive.com") or (own and "/api/" in url):
        raise WebhookFailure(400, "subscription_url", "cannot be a Pipedrive API endpoint")


class Webhooks(Rules):
    tables: ClassVar[Mapping[str, type]] = {"webhooks": Webhook}
    webhooks: dict[int, Webhook]

    def listed(self) -> list[Webhook]:
        return sorted(alive(self.webhooks), key=lambda w: w.id)

    def add(self, fields: dict[str, Any], own_host: str | None = None) -> Webhook:
        """A new webhook from documented body fields, already typed."""
        _check_url(fields["subscription_url"], own_host)
        users = self.store.part(Users)
        user_id = fields.get("user_id", users.owner().id)
        if users.active_user(user_id) is None:
            raise WebhookFailure(400, "user_id", f"user {user_id} not found")
        found = Webhook(
            id=self.store.new_id("webhooks"),
            owner_id=users.owner().id,
            add_time=self.store.now(),
            **{**fields, "user_id": user_id},
        )
        self.webhooks[found.id] = found
        return found

    def delete(self, webhook_id: int) -> None:
        found = self.webhooks.get(webhook_id)
        if found is None or found.deleted:
            raise WebhookFailure(404, "id", "not found")
        found.deleted = True
        found.remove_time = self.store.now()


def webhook_v1(found: Webhook, company_id: int) -> dict[str, Any]:
    return {
        "id": found.id,
        "company_id": company_id,
        "owner_id": found.owner_id,
        "user_id": found.user_id,
        "event_action": PAST_TENSE[found.event_action],
        "event_object": found.event_object,
        "subscription_url": found.subscription_url,
        "version": found.version,
        "is_active": 1,
        "add_time": v2_time(found.add_time),
        "remove_time": v2_time(found.remove_time),
        "type": "general",
        "http_auth_user": found.http_auth_user,
        "http_auth_password": PASSWORD_MASK if found.http_auth_password else None,
        "remove_reason": None,
        "last_delivery_time": None,
        "last_http_status": None,
        "admin_id": found.owner_id,
        "name": found.name,
    }


def _answer(data: Any, status: int = 200) -> JSONResponse:
    body = {"status": "ok", "success": True} | ({} if data is MISSING else {"data": data})
    return JSONResponse(body, status_code=status)


async def list_webhooks(request: Request) -> JSONResponse:
    webhooks = part_of(request, Webhooks)
    company_id = webhooks.store.company["id"]
    return _answer([webhook_v1(w, company_id) for w in webhooks.listed()])


async def add_webhook(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    values = {
        "subscription_url": fields.string("subscription_url", required=True),
        "event_action": fields.string("event_action", required=True),
        "event_object": fields.string("event_object", required=True),
        "name": fields.string("name", required=True),
        "user_id": fields.integer("user_id"),
        "http_auth_user": fields.string("http_auth_user", empty_ok=True),
        "http_auth_password": fields.string("http_auth_password", empty_ok=True),
        "version": fields.string("version"),
    }
    values = {key: value for key, value in values.items() if value not in (MISSING, None)}
    webhooks = part_of(request, Webhooks)
    try:
        found = webhooks.add(values, request.headers.get("host"))
    except WebhookFailure as failure:
        return failure.response()
    return _answer(webhook_v1(found, webhooks.store.company["id"]), status=201)


async def delete_webhook(request: Request) -> JSONResponse:
    try:
        part_of(request, Webhooks).delete(path_id(request))
    except WebhookFailure as failure:
        return failure.response()
    return _answer(MISSING)


def seed_webhooks(build: SeedBuild) -> None:
    webhooks, users = build.store.part(Webhooks), build.store.part(Users)
    for index, spec in enumerate(build.config.webhooks):
        action, target = spec.event_parts()
        values: dict[str, Any] = {"subscription_url": spec.url, "event_action": action,
                                  "event_object": target, "name": spec.name}  # fmt: skip
        if spec.version is not None:
            values["version"] = spec.version
        if spec.http_auth is not None:
            values["http_auth_user"] = spec.http_auth.user
            values["http_auth_password"] = spec.http_auth.password
        if spec.user is not None:
            user_id = users.by_email(spec.user)
            if user_id is None:
                message = f"user {spec.user!r} is not among the seed's users"
                build.problem(("webhooks", index, "user"), message)
                continue
            values["user_id"] = user_id
        try:
            webhooks.add(values)
        except WebhookFailure as failure:
            build.problem(("webhooks", index), f"{failure.field}: {failure.message}")


KIND = Kind(
    name="webhooks",
    rules=Webhooks,
    v1_routes=[
        Route("/webhooks", list_webhooks, methods=["GET"]),
        Route("/webhooks", add_webhook, methods=["POST"]),
        Route("/webhooks/{id:int}", delete_webhook, methods=["DELETE"]),
    ],
    seed=seed_webhooks,
)
