"""Subscriptions (legacy v1, FACTS.md §10): recurring or installment, one per deal.

Decisions where Pipedrive documents nothing (FACTS.md §10, §13):
- a deal has at most one subscription that is not deleted; a second one is a 400;
- a recurring subscription has `cycles_count` or `infinite`, not both; its `end_date` is its
  last payment's date (none when infinite) until it is cancelled;
- only an active recurring subscription can be updated or cancelled; an installment
  subscription is updated by replacing its payments;
- `update_deal_value` sets the deal's value to the monthly value (recurring) or the sum of
  the payments (installment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.kind import Rules, live
from reconciler.sandbox.kinds.deals import Deal, Deals
from reconciler.sandbox.kinds.users import Users

CADENCES = ("weekly", "monthly", "quarterly", "yearly")
_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
_PER_MONTH = {"weekly": 52 / 12, "monthly": 1.0, "quarterly": 1 / 3, "yearly": 1 / 12}
# An infinite subscription lists this many future payments.
INFINITE_HORIZON = 12


@dataclass
class Subscription:
    """A recurring or installment subscription of one deal.

    `payments` are the installments (installment) or the additional payments (recurring),
    each `{amount, description, due_at}` as sent.
    """

    id: int
    deal_id: int
    user_id: int
    kind: str  # "recurring" | "installment"
    currency: str
    description: str | None = None
    cadence_type: str | None = None
    cycles_count: int | None = None
    cycle_amount: int | None = None
    infinite: bool = False
    start_date: str | None = None
    end_date: str | None = None
    payments: list[dict[str, Any]] = field(default_factory=list)
    is_active: bool = True
    final_status: str | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


class Subscriptions(Rules):
    tables: ClassVar[Mapping[str, type]] = {"subscriptions": Subscription}
    subscriptions: dict[int, Subscription]

    def get_subscription(self, subscription_id: int) -> Subscription:
        return live(self.subscriptions, subscription_id, "Subscription")

    def deal_subscription(self, deal_id: int) -> Subscription:
        for found in self.subscriptions.values():
            if found.deal_id == deal_id and not found.deleted:
                return found
        raise not_found("Subscription")

    def _deal_for_new(self, deal_id: int) -> Deal:
        deal = self.store.part(Deals).live_deal(deal_id)
        if deal is None:
            raise bad_request(f"Parameter 'deal_id': deal {deal_id} not found")
        if any(s.deal_id == deal_id and not s.deleted for s in self.subscriptions.values()):
            raise bad_request(f"Parameter 'deal_id': deal {deal_id} already has a subscription")
        return deal

    def add_subscription(self, kind: str, deal_id: int, fields: dict[str, Any]) -> Subscription:
        """A new recurring or installment subscription from already-typed fields."""
        deal = self._deal_for_new(deal_id)
        update_value = fields.pop("update_deal_value", False)
        now = self.store.now()
        found = Subscription(
            id=self.store.new_id("subscriptions"),
            deal_id=deal.id,
            user_id=self.store.part(Users).owner().id,
            kind=kind,
            add_time=now,
            update_time=now,
            **fields,
        )
        if kind == "recurring" and (found.cycles_count is None) == (not found.infinite):
            raise bad_request("Exactly one of 'cycles_count' or 'infinite' must be set")
        _refresh_dates(found)
        self.subscriptions[found.id] = found
        if update_value:
            deal.value = deal_value(found)
        return found

    def update_subscription(
        self, subscription_id: int, kind: str, changes: dict[str, Any]
    ) -> Subscription:
        found = self.get_subscription(subscription_id)
        if found.kind != kind:
            raise bad_request(
                f"Subscription {subscription_id} is a {found.kind} subscription; use "
                f"PUT /subscriptions/{found.kind}/{subscription_id}"
            )
        if not found.is_active:
            raise bad_request(f"Subscription {subscription_id} is cancelled")
        update_value = changes.pop("update_deal_value", False)
        for key, value in changes.items():
            setattr(found, key, value)
        _refresh_dates(found)
        found.update_time = self.store.now()
        if update_value:
            self.store.part(Deals).deals[found.deal_id].value = deal_value(found)
        return found

    def cancel_subscription(self, subscription_id: int, end_date: str | None) -> Subscription:
        found = self.update_subscription(subscription_id, "recurring", {})
        found.is_active = False
        found.final_status = "canceled"
        found.end_date = end_date or self.store.now().date().isoformat()
        return found

    def delete_subscription(self, subscription_id: int) -> Subscription:
        found = self.get_subscription(subscription_id)
        found.deleted = True
        found.update_time = self.store.now()
        return found


def _add_cadence(start: date, cadence: str, cycles: int) -> date:
    if cadence == "weekly":
        return start + timedelta(weeks=cycles)
    months = start.month - 1 + cycles * _MONTHS[cadence]
    year, month = start.year + months // 12, months % 12 + 1
    for day in range(start.day, 27, -1):  # the 31st of a 30-day month falls back
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(start.day, 28))


def schedule(found: Subscription) -> list[tuple[str, float, str, str]]:
    """Every payment as `(due_at, amount, payment_type, description)`, in date order."""
    rows: list[tuple[str, float, str, str]] = []
    if found.kind == "recurring" and found.start_date and found.cadence_type:
        start = date.fromisoformat(found.start_date)
        count = found.cycles_count or INFINITE_HORIZON
        for cycle in range(count):
            due = _add_cadence(start, found.cadence_type, cycle)
            if found.end_date and not found.is_active and due.isoformat() > found.end_date:
                break
            rows.append((due.isoformat(), float(found.cycle_amount or 0), "recurring", ""))
    for payment in found.payments:
        kind = "installment" if found.kind == "installment" else "additional"
        rows.append(
            (
                str(payment.get("due_at", "")),
                float(payment.get("amount", 0)),
                kind,
                str(payment.get("description", "")),
            )
        )
    return sorted(rows, key=lambda row: row[0])


def _refresh_dates(found: Subscription) -> None:
    if found.kind == "installment":
        dates = sorted(str(p.get("due_at", "")) for p in found.payments)
        found.start_date, found.end_date = (dates[0], dates[-1]) if dates else (None, None)
        found.cycles_count = len(found.payments)
    elif found.is_active:
        recurring = [row for row in schedule(found) if row[2] == "recurring"]
        found.end_date = None if found.infinite or not recurring else recurring[-1][0]


def lifetime_value(found: Subscription) -> float:
    return sum(row[1] for row in schedule(found))


def deal_value(found: Subscription) -> float:
    if found.kind == "installment":
        return lifetime_value(found)
    return round((found.cycle_amount or 0) * _PER_MONTH[found.cadence_type or "monthly"], 2)
