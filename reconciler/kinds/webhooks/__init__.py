"""Webhooks (`webhooks:`), through API v1 (`/webhooks`), keyed by name.

webhook (name,)   name, url, event (action.object), user (email), version, http_auth_user,
                  http_auth_password (desired: the password; live: "(sensitive)" or None;
                  never compared, never in a plan)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from reconciler.calls import Call
from reconciler.errors import ConfigIssue
from reconciler.kinds.comparing import by_export
from reconciler.kinds.exporting import Item, Notes, start, unique
from reconciler.kinds.named import check_named, desired_named
from reconciler.kinds.spec import DesiredPart, Export, KindSpec, Loaded, SectionSpec, Where
from reconciler.kinds.webhooks.io import read_webhooks, webhook_ids, write_webhook
from reconciler.kinds.webhooks.model import Webhook, writable_event
from reconciler.kinds.webhooks.plan import PASSWORD, WEBHOOK, plan_webhooks
from reconciler.planning.normalize import to_name
from reconciler.state import ROLE_MEMBERS, LiveState

__all__ = ["KINDS", "SECTION", "WEBHOOK", "passwords"]


def _fields(entry: Webhook) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": entry.name, "url": entry.url, "event": entry.event}
    if entry.user is not None:
        fields["user"] = entry.user.lower() if isinstance(entry.user, str) else entry.user
    if entry.version is not None:
        fields["version"] = entry.version
    if entry.http_auth is not None:
        fields["http_auth_user"] = entry.http_auth.user
        fields[PASSWORD] = entry.http_auth.password
    return fields


def desired_webhooks(loaded: Loaded) -> DesiredPart:
    return desired_named(loaded, "webhooks", WEBHOOK, _fields)


def passwords(config: Any) -> list[str]:
    """The config's webhook passwords: secrets the command line never prints."""
    hooks: list[Webhook] = config.webhooks
    return [h.http_auth.password for h in hooks if h.http_auth is not None]


def export_webhooks(live: LiveState, notes: Notes) -> list[Item]:
    """Webhooks by name; a password cannot be read back, so `http_auth` is left out with a
    note saying how to declare it."""
    items = []
    every = live.of_kind(WEBHOOK)
    for hook in unique(every, "webhook", "webhooks", notes):
        if not writable_event(str(hook.fields.get("event"))):
            notes.add(
                "webhooks",
                f"webhook '{hook.name}' listens to '{hook.fields.get('event')}', which the "
                "documents do not let a webhook be created with; left out (unmanaged)",
            )
            continue
        item = start(hook, every)
        for key in ("url", "event", "user", "version"):
            if hook.fields.get(key) is not None:
                item[key] = hook.fields[key]
        if hook.fields.get("http_auth_user"):
            notes.add(
                "webhooks",
                f"webhook '{hook.name}' sends HTTP auth as '{hook.fields['http_auth_user']}'; "
                "Pipedrive never shows the password, so declare it yourself: http_auth: "
                f"{{user: {hook.fields['http_auth_user']}, password: ${{HOOK_PASSWORD}}}}",
            )
        items.append(item)
    return items


def check_webhooks(config: Any, where: Where) -> list[ConfigIssue]:
    issues = check_named("webhooks", "webhook", config.webhooks, where)
    for index, hook in enumerate(config.webhooks):
        host = (urlsplit(hook.url).hostname or "").lower()
        if host == "pipedrive.com" or host.endswith(".pipedrive.com"):
            issues.append(
                where(("webhooks", index, "url")).issue(
                    "a webhook's url must not be a Pipedrive API endpoint"
                )
            )
    return issues


def count_webhooks(config: Any) -> Mapping[str, int]:
    return {"webhooks": len(config.webhooks)}


KINDS = (
    KindSpec(
        name=WEBHOOK,
        create_call=lambda api: Call("POST", "v1", "/webhooks"),
        section="webhooks",
        noun="webhook",
        plural="webhooks",
        prune="webhooks",
        protectable=True,
        depends_on=(ROLE_MEMBERS,),  # the people, for `user` by email
        normalisers={"name": to_name, "user": lambda v: v.lower() if isinstance(v, str) else v},
        planner=plan_webhooks,
        reader=read_webhooks,
        writer=write_webhook,
        lookup=webhook_ids,
        lookup_read=lambda api: Call("GET", "v1", "/webhooks"),
    ),
)

SECTION = SectionSpec(
    name="webhooks",
    noun="webhook",
    item=Webhook,
    description="Webhooks, matched by name. Pipedrive cannot update a webhook: any change "
    "replaces it. The HTTP auth password is write-only: sent on create, never printed.",
    kinds=(WEBHOOK,),
    merge_key="name",
    desired=desired_webhooks,
    export=Export(words=(WEBHOOK,), reads=(WEBHOOK, ROLE_MEMBERS), build=export_webhooks),
    compare=by_export(WEBHOOK, export_webhooks, "name"),
    checks=check_webhooks,
    count=count_webhooks,
)
