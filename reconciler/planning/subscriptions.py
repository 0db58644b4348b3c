"""Planning subscriptions (v1 Subscriptions API), one per deal: `subscription/<deal id>`.

Only the keys set are compared. Pipedrive updates a recurring subscription's `description`,
`cycle_amount` and `payments` (PUT /subscriptions/recurring/{id}, which needs an
`effective_date`: the config's, else `today`, shown in the change's notes) and an
installment's `payments`; every other difference (type, currency, cadence, cycles_count,
infinite, start_date) cannot be made in place, so the change *replaces* the subscription
(`extra["replace"]`: delete, then create; its payment history goes with it, said in the notes).

`cancelled:` cancels a live active recurring subscription (`extra["cancel"]`, with the
config's `end_date` or Pipedrive's default, today). Cancelling is one way: a cancelled live
subscription the config declares without `cancelled:` is a warning, and nothing else about
it is changed. `update_deal_value` is sent with every write and never compared (Pipedrive
does not return it). Live subscriptions of undeclared deals are deleted under
`prune: [subscriptions]`, else listed as unmanaged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.order import with_order
from reconciler.state import SUBSCRIPTION, SUBSCRIPTION_FIELDS, DesiredState, LiveState, Resource

_MUTABLE = {"recurring": ("description", "cycle_amount", "payments"), "installment": ("payments",)}
_COMPARED = ("type", *SUBSCRIPTION_FIELDS)


@dataclass
class SubscriptionOutcome:
    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_subscriptions(
    desired: DesiredState, live: LiveState, today: str | None = None
) -> SubscriptionOutcome:
    out = SubscriptionOutcome()
    have_of = {r.key: r for r in live.of_kind(SUBSCRIPTION)}
    declared = set()
    for want in desired.of_kind(SUBSCRIPTION):
        declared.add(want.key)
        have = have_of.get(want.key)
        change = _plan_one(want, have, today, out)
        if change is not None:
            out.changes.append(with_order(change))
    protected = getattr(desired, "protected", frozenset())
    for key, have in sorted(have_of.items()):
        if key in declared:
            continue
        if SUBSCRIPTION in desired.prune and have.address not in protected:
            before = _shown(have.fields, have.fields)
            out.changes.append(
                with_order(Change(Action.DELETE, SUBSCRIPTION, key, have.id, before))
            )
        else:
            out.unmanaged.append(have.address)
    return out


def _plan_one(
    want: Resource, have: Resource | None, today: str | None, out: SubscriptionOutcome
) -> Change | None:
    f = want.fields
    write = {"update_deal_value": f.get("update_deal_value")}
    if have is None:
        extra = {**write, "cancel": bool(f.get("cancelled")), "end_date": f.get("cancel_end_date")}
        return Change(Action.CREATE, SUBSCRIPTION, want.key, after=_shown(f, f), extra=extra)
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
    immutable = [
        c.path.split(".")[0] for c in changed if c.path.split(".")[0] not in _MUTABLE[kind]
    ]
    extra: dict[str, Any] = dict(write)
    notes: list[str] = []
    if immutable:
        extra |= {"replace": True, "cancel": bool(f.get("cancelled"))}
        extra["end_date"] = f.get("cancel_end_date")
        notes.append(
            f"replaced: Pipedrive cannot change {', '.join(sorted(set(immutable)))} in place; "
            "the live subscription and its payment history are deleted and a new one created"
        )
    else:
        if changed and kind == "recurring":
            effective = f.get("effective_date") or today
            extra["effective_date"] = effective
            origin = "from the config" if f.get("effective_date") else "today"
            notes.append(f"the update takes effect from {effective} ({origin})")
        if f.get("cancelled"):
            changed += diff_fields({"cancelled": False}, {"cancelled": True})
            extra |= {"cancel": True, "end_date": f.get("cancel_end_date")}
            notes.append(f"cancelled from {f.get('cancel_end_date') or 'today'}: one way")
    if not changed:
        return None
    return Change(
        Action.UPDATE,
        SUBSCRIPTION,
        want.key,
        have.id,
        _shown(have.fields, f),
        _shown(f, f),
        tuple(changed),
        notes=tuple(notes),
        extra=extra,
    )


def _shown(fields: Any, declared: Any) -> dict[str, Any]:
    """The compared fields `declared` sets, as `fields` has them."""
    keys = [k for k in (*_COMPARED, "cancelled") if k in declared]
    return {k: fields.get(k) for k in keys}
