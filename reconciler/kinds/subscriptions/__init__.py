"""Subscriptions of deals (`subscriptions:`), Pipedrive's v1 Subscriptions API.

subscription (deal id,)   type, currency, cadence, ..., payments, cancelled
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.config.checks import Where, one_entry_per
from reconciler.errors import ConfigIssue
from reconciler.kinds.comparing import by_export
from reconciler.kinds.spec import Export, KindSpec, SectionSpec
from reconciler.kinds.subscriptions.api import (
    payments_flags,
    read_subscriptions,
    subscription_ids,
    write_subscription,
)
from reconciler.kinds.subscriptions.export import export_subscriptions
from reconciler.kinds.subscriptions.model import Subscription
from reconciler.kinds.subscriptions.plan import desired_subscriptions, plan_subscriptions
from reconciler.planning.normalize import text, to_bool, to_int
from reconciler.state import SUBSCRIPTION


def _payments(value: Any) -> tuple[dict[str, Any], ...] | None:
    # Payments compare as a set of (due date, amount, description): order carries no meaning.
    if value is None:
        return None
    rows = [
        {
            "amount": float(p.get("amount") or 0),
            "description": p.get("description") or None,
            "due_at": str(p.get("due_at"))[:10],
        }
        for p in value
    ]
    return tuple(sorted(rows, key=lambda p: (p["due_at"], p["amount"], p["description"] or "")))


def check_subscriptions(config: Any, where: Where) -> list[ConfigIssue]:
    subscriptions: list[Subscription] = config.subscriptions
    issues = [*one_entry_per("subscriptions", "deal", subscriptions, where)]
    for i, sub in enumerate(subscriptions):
        here = ("subscriptions", i)
        if (sub.recurring is None) == (sub.installment is None):
            issues.append(
                where(here).issue(
                    f"subscription of deal {sub.deal}: declare exactly one of recurring or "
                    "installment"
                )
            )
        if sub.cancelled is not None and sub.recurring is None:
            issues.append(
                where((*here, "cancelled")).issue("only a recurring subscription can be cancelled")
            )
        recurring = sub.recurring
        if recurring is not None and (recurring.cycles_count is None) == (not recurring.infinite):
            issues.append(
                where((*here, "recurring")).issue(
                    "a recurring subscription needs either cycles_count or infinite: true, not both"
                )
            )
    return issues


def count_subscriptions(config: Any) -> Mapping[str, int]:
    return {"subscriptions": len(config.subscriptions)}


KINDS = (
    KindSpec(
        name=SUBSCRIPTION,
        create_call=lambda api: Call("POST", "v1", "/subscriptions/recurring"),
        section="subscriptions",
        noun="subscription",
        plural="subscriptions",
        prune="subscriptions",
        protectable=True,
        normalisers={
            "cycle_amount": to_int,
            "cycles_count": to_int,
            "infinite": to_bool,
            "payments": _payments,
            "description": text,
            "cancelled": to_bool,
        },
        flags=payments_flags,
        planner=plan_subscriptions,
        reader=read_subscriptions,
        writer=write_subscription,
        lookup=subscription_ids,
        # Pipedrive finds a subscription by its deal only, one request per deal: creates are
        # looked up when an answer is lost, not checked around every group.
        guard_creates=False,
    ),
)

SECTION = SectionSpec(
    name="subscriptions",
    noun="subscription",
    item=Subscription,
    description="Subscriptions of deals, keyed by deal id (Pipedrive removed this API from "
    "live accounts in 2025).",
    kinds=(SUBSCRIPTION,),
    merge_key="deal",
    desired=desired_subscriptions,
    export=Export(words=(SUBSCRIPTION,), reads=(SUBSCRIPTION,), build=export_subscriptions),
    compare=by_export(SUBSCRIPTION, export_subscriptions, "deal"),
    checks=check_subscriptions,
    count=count_subscriptions,
)
