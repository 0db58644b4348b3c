"""Subscriptions and their payment schedules as API v1 shows them (FACTS.md §10)."""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.http import v1_time
from reconciler.sandbox.kinds.subscriptions.rules import Subscription, lifetime_value, schedule


def subscription_v1(found: Subscription) -> dict[str, Any]:
    """A subscription; what it has no value for (an installment's cadence, an infinite one's
    cycle count) is left out: the V1O schema types those non-nullable. final_status alone is
    documented nullable."""
    data = {
        "id": found.id,
        "user_id": found.user_id,
        "deal_id": found.deal_id,
        "description": found.description,
        "is_active": found.is_active and not found.deleted,
        "cycles_count": found.cycles_count,
        "cycle_amount": found.cycle_amount,
        "infinite": found.infinite,
        "currency": found.currency,
        "cadence_type": found.cadence_type,
        "start_date": found.start_date,
        "end_date": found.end_date,
        "lifetime_value": lifetime_value(found),
        "final_status": found.final_status,
        "add_time": v1_time(found.add_time),
        "update_time": v1_time(found.update_time),
    }
    data = {key: value for key, value in data.items() if value is not None}
    data["final_status"] = found.final_status
    return data


def payments_v1(found: Subscription) -> list[dict[str, Any]]:
    """The payment schedule; ids are derived (subscription id x 1000 + position)."""
    rows = []
    previous: float | None = None
    plan = schedule(found)
    for index, (due_at, amount, payment_type, description) in enumerate(plan):
        if previous is None:
            movement = "new"
        elif index == len(plan) - 1 and not found.is_active:
            movement = "churn"
        elif amount > previous:
            movement = "expansion"
        elif amount < previous:
            movement = "contraction"
        else:
            movement = "recurring"
        rows.append(
            {
                "id": found.id * 1000 + index + 1,
                "subscription_id": found.id,
                "deal_id": found.deal_id,
                "is_active": found.is_active and not found.deleted,
                "amount": amount,
                "currency": found.currency,
                "change_amount": amount - (previous or 0),
                "due_at": due_at,
                "revenue_movement_type": movement,
                "payment_type": payment_type,
                "description": description,
                "add_time": v1_time(found.add_time),
                "update_time": v1_time(found.update_time),
            }
        )
        previous = amount
    return rows
