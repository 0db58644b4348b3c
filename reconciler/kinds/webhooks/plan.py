"""Planning webhooks: matched by name (or `id`); Pipedrive cannot update a webhook, so any
difference in the keys set (url, event, user, version, http_auth user) is a replacement: a
delete of the live webhook, then a create, both marked `replaced`. The HTTP auth password is
write-only: sent on create (it rides in the payload, which shows it as `(sensitive)`), never
compared; rotate it with `apply --replace webhook/NAME`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Change, Create, Delete, Payload
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import match
from reconciler.state import Resource

WEBHOOK = "webhook"
SENSITIVE = "(sensitive)"
CANNOT_UPDATE = "Pipedrive cannot update a webhook"
PASSWORD = "http_auth_password"
_COMPARED = ("url", "event", "user", "version", "http_auth_user")


@dataclass(frozen=True)
class WebhookWrite(Payload):
    """The create's user id, resolved when planning, and the password, which the plan file
    shows as `(sensitive)`."""

    user_id: int | None = None
    password: str | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "password": SENSITIVE if self.password else None}


def plan_webhooks(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    wanted = ctx.desired.of_kind(WEBHOOK)
    if not wanted and not ctx.prunes(WEBHOOK):
        return out
    matching = match(wanted, ctx.live.of_kind(WEBHOOK))
    errors: list[str] = []
    for want in wanted:
        have = matching.live_for(want)
        try:
            create = _create(ctx, want)
        except PlanError as error:
            errors.extend(error.messages)
            continue
        if have is None:
            out.changes.append(create)
            continue
        keys = [k for k in _COMPARED if k in want.fields]
        if diff_fields(have.fields, create.after, keys) or have.name != want.name:
            replacement = dataclasses.replace(create, replaced=CANNOT_UPDATE)
            out.changes += [_delete(have, replaced=CANNOT_UPDATE), replacement]
    if errors:
        raise PlanError(errors)
    for have in matching.unmatched_live:
        ctx.leave_or_delete(WEBHOOK, have, out, _delete)
    return out


def _create(ctx: PlanContext, want: Resource) -> Create:
    after = {k: v for k, v in want.fields.items() if k != PASSWORD}
    user_id = None
    if want.fields.get("user") is not None:
        user = ctx.users.find(want.fields["user"])
        if user is None:
            raise PlanError(
                f"{want.origin}: user '{want.fields['user']}' of {want.address} is not a user"
            )
        user_id, after["user"] = user.id, user.email or user.id
    password = want.fields.get(PASSWORD)
    if password is not None:
        after[PASSWORD] = SENSITIVE
    return Create(kind=WEBHOOK, key=want.key, after=after, payload=WebhookWrite(user_id, password))


def _delete(have: Resource, replaced: str = "") -> Change:
    before: Mapping[str, Any] = dict(have.fields)
    return Delete(kind=WEBHOOK, key=have.key, id=have.id, before=before, replaced=replaced)
