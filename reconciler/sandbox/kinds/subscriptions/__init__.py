"""Subscriptions (v1, documented until Pipedrive removed them, FACTS.md §10), and the
config's `subscriptions` section as a seed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.kinds.subscriptions.model import Subscription as SubscriptionSpec
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.kind import Kind, SeedBuild
from reconciler.sandbox.kinds.subscriptions import routes
from reconciler.sandbox.kinds.subscriptions.rules import Subscription, Subscriptions

__all__ = ["KIND", "Subscription", "Subscriptions"]

# Documented only in the 2024-02-12 document, which predates x-token-cost (so they are not
# in token_costs.json): stats key them by these templates too.
UNCOSTED_TEMPLATES = (
    "GET /subscriptions/find/{dealId}",
    "GET /subscriptions/{id}/payments",
    "GET /subscriptions/{id}",
    "DELETE /subscriptions/{id}",
    "POST /subscriptions/recurring",
    "POST /subscriptions/installment",
    "PUT /subscriptions/recurring/{id}/cancel",
    "PUT /subscriptions/recurring/{id}",
    "PUT /subscriptions/installment/{id}",
)


def seed_subscriptions(build: SeedBuild) -> None:
    part = build.store.part(Subscriptions)
    for index, spec in enumerate(build.config.subscriptions):
        try:
            kind, fields = _subscription_fields(spec)
            found = part.add_subscription(kind, spec.deal, fields)
            if spec.cancelled is not None:
                end = spec.cancelled.end_date
                part.cancel_subscription(found.id, end.isoformat() if end else None)
        except (ApiFailure, ValueError) as exc:
            message = exc.message if isinstance(exc, ApiFailure) else str(exc)
            build.problem(("subscriptions", index), message)


def _subscription_fields(spec: SubscriptionSpec) -> tuple[str, dict[str, Any]]:
    if (spec.recurring is None) == (spec.installment is None):
        raise ValueError("give exactly one of `recurring` or `installment`")
    if spec.installment is not None:
        if spec.cancelled is not None:
            raise ValueError("only a recurring subscription can be cancelled")
        return "installment", {
            "currency": spec.installment.currency.upper(),
            "payments": _payments(spec.installment.payments),
            "update_deal_value": bool(spec.installment.update_deal_value),
        }
    recurring = spec.recurring
    assert recurring is not None
    fields: dict[str, Any] = {
        "currency": recurring.currency.upper(),
        "cadence_type": recurring.cadence,
        "cycle_amount": recurring.cycle_amount,
        "cycles_count": recurring.cycles_count,
        "infinite": bool(recurring.infinite),
        "start_date": recurring.start_date.isoformat(),
        "description": recurring.description,
        "payments": _payments(recurring.payments or []),
        "update_deal_value": bool(recurring.update_deal_value),
    }
    return "recurring", fields


def _payments(payments: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"amount": p.amount, "description": p.description or "", "due_at": p.due_at.isoformat()}
        for p in payments
    ]


KIND = Kind(
    name="subscriptions",
    rules=Subscriptions,
    v1_routes=routes.ROUTES,
    before=routes.check_served,
    seed=seed_subscriptions,
    uncosted_templates=UNCOSTED_TEMPLATES,
)
