"""Desired state and planning of subscriptions (v1 Subscriptions API), one per deal:
`subscription/<deal id>`.

Desired: type recurring|installment and the keys set (payments as dicts); cancelled: True
and cancel_end_date when cancelled. Only the keys set are compared. Pipedrive updates a
recurring subscription's `description`, `cycle_amount` and `payments` (PUT
/subscriptions/recurring/{id}, which needs an `effective_date`: the config's, else `today`,
shown in the change's notes) and an installment's `payments`; every other difference (type,
currency, cadence, cycles_count, infinite, start_date) cannot be made in place, so the change
*replaces* the subscription (delete, then create; its payment history goes with it, said in
the notes).

`cancelled:` cancels a live active recurring subscription (with the config's `end_date` or
Pipedrive's default, today). Cancelling is one way: a cancelled live subscription the config
declares without `cancelled:` is a warning, and nothing else about it is changed.
`update_deal_value` is sent with every write and never compared (Pipedrive does not return
it). Live subscriptions of undeclared deals are deleted under `prune: [subscriptions]`
(unless protected), else listed as unmanaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.projects.desired import plain
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.kinds.subscriptions.model import SUBSCRIPTION_FIELDS, Subscription
from reconciler.planning.changes import Change, Create, Delete, Payload, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import SUBSCRIPTION, Resource

_MUTABLE = {"recurring": ("description", "cycle_amount", "payments"), "installment": ("payments",)}
_COMPARED = ("type", *SUBSCRIPTION_FIELDS)


@dataclass(frozen=True)
class SubscriptionWrite(Payload):
    update_deal_value: bool | None = None
    cancel: bool = False
    end_date: str | None = None  # of a cancellation; None: Pipedrive's default, today
    replace: bool = False  # delete, then create: Pipedrive cannot change it in place
    effective_date: str | None = None  # of a recurring update


def desired_subscriptions(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    subscriptions: list[Subscription] = loaded.config.subscriptions
    for index, sub in enumerate(subscriptions):
        body = sub.recurring or sub.installment
        if body is None:
            continue  # reported by the offline checks
        fields: dict[str, Any] = {"type": "recurring" if sub.recurring else "installment"}
        fields |= {k: plain(v) for k, v in body.model_dump(exclude_unset=True).items()}
        fields["currency"] = fields["currency"].upper()
        if sub.cancelled is not None:
            fields["cancelled"] = True
            fields["cancel_end_date"] = plain(sub.cancelled.end_date)
        origin = loaded.origin("subscriptions", index)
        part.resources.append(Resource(SUBSCRIPTION, (str(sub.deal),), fields, origin=origin))
    return part


def plan_subscriptions(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    declared = set()
    for want in ctx.desired.of_kind(SUBSCRIPTION):
        declared.add(want.key)
        change = _plan_one(want, ctx.live.with_key(SUBSCRIPTION, want.key), ctx.today, out)
        if change is not None:
            out.changes.append(change)
    for have in sorted(ctx.live.of_kind(SUBSCRIPTION), key=lambda r: r.key):
        if have.key not in declared:
            ctx.leave_or_delete(SUBSCRIPTION, have, out, _delete)
    return out


def _delete(have: Resource) -> Delete:
    before = _shown(have.fields, have.fields)
    return Delete(kind=SUBSCRIPTION, key=have.key, id=have.id, before=before)


def _plan_one(
    want: Resource, have: Resource | None, today: str | None, out: KindOutcome
) -> Change | None:
    f = want.fields
    deal_value = f.get("update_deal_value")
    if have is None:
        payload = SubscriptionWrite(deal_value, bool(f.get("cancelled")), f.get("cancel_end_date"))
        return Create(kind=SUBSCRIPTION, key=want.key, after=_shown(f, f), payload=payload)
    if have.fields.get("cancelled"):
        if not f.get("cancelled"):
            out.warnings.append(
                f"{want.address} is cancelled in Pipedrive; a cancelled subscription cannot be "
                "reactivated, so it is left as it is (declare `cancelled:` to say so)"
            )
        return None
    keys = [k for k in _COMPARED if k in f]
    changed = list(diff_fields(have.fields, f, keys))
    kind = f["type"]
    immutable = sorted({c.path.split(".")[0] for c in changed} - set(_MUTABLE[kind]))
    notes: list[str] = []
    if immutable:
        payload = SubscriptionWrite(
            deal_value, bool(f.get("cancelled")), f.get("cancel_end_date"), replace=True
        )
        notes.append(
            f"replaced: Pipedrive cannot change {', '.join(immutable)} in place; "
            "the live subscription and its payment history are deleted and a new one created"
        )
    else:
        effective = None
        if changed and kind == "recurring":
            effective = f.get("effective_date") or today
            origin = "from the config" if f.get("effective_date") else "today"
            notes.append(f"the update takes effect from {effective} ({origin})")
        cancel = bool(f.get("cancelled"))
        if cancel:
            changed += diff_fields({"cancelled": False}, {"cancelled": True})
            notes.append(f"cancelled from {f.get('cancel_end_date') or 'today'}: one way")
        payload = SubscriptionWrite(
            deal_value,
            cancel,
            f.get("cancel_end_date") if cancel else None,
            effective_date=effective,
        )
    if not changed:
        return None
    return Update(
        kind=SUBSCRIPTION,
        key=want.key,
        id=have.id,
        before=_shown(have.fields, f),
        after=_shown(f, f),
        fields=tuple(changed),
        notes=tuple(notes),
        payload=payload,
    )


def _shown(fields: Any, declared: Any) -> dict[str, Any]:
    """The compared fields `declared` sets, as `fields` has them."""
    keys = [k for k in (*_COMPARED, "cancelled") if k in declared]
    return {k: fields.get(k) for k in keys}
