"""Product follower and subscription rules.

Decisions where Pipedrive documents nothing (FACTS.md §10, §13):
- following needs an active user; following twice is a 400; following a product the user
  is not permitted to see is allowed (the tool warns about it, Pipedrive does not refuse);
- a follower is removed by its relationship id (FACTS.md §12 item 12), only from its product;
- a deal has at most one subscription that is not deleted; a second one is a 400;
- a recurring subscription has `cycles_count` or `infinite`, not both; its `end_date` is its
  last payment's date (none when infinite) until it is cancelled;
- only an active recurring subscription can be updated or cancelled; an installment
  subscription is updated by replacing its payments;
- `update_deal_value` sets the deal's value to the monthly value (recurring) or the sum of
  the payments (installment).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reconciler.sandbox.entities_billing import Product, ProductFollower, Subscription
from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.store_core import StoreCore

if TYPE_CHECKING:
    from reconciler.sandbox.entities import Deal, User

CADENCES = ("weekly", "monthly", "quarterly", "yearly")
_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
_PER_MONTH = {"weekly": 52 / 12, "monthly": 1.0, "quarterly": 1 / 3, "yearly": 1 / 12}
# An infinite subscription lists this many future payments.
INFINITE_HORIZON = 12


class BillingRules(StoreCore):
    products: dict[int, Product]
    product_followers: dict[int, ProductFollower]
    subscriptions: dict[int, Subscription]
    deals: dict[int, Deal]
    users: dict[int, User]

    # -- products ------------------------------------------------------------------------

    def add_product(self, product_id: int, name: str, permitted: list[int] | None) -> Product:
        product = Product(product_id, name, permitted, owner_id=self.owner().id)
        product.add_time = self.now()
        self.products[product.id] = product
        self.next_ids_at_least("products", product_id + 1)
        return product

    def get_product(self, product_id: int) -> Product:
        product = self.products.get(product_id)
        if product is None or product.deleted:
            raise not_found("Product")
        return product

    def permitted_users(self, product_id: int) -> list[int]:
        product = self.get_product(product_id)
        active = [u.id for u in self.list_users() if u.active_flag]
        if product.permitted_user_ids is None:
            return active
        return [i for i in active if i in product.permitted_user_ids]

    def followers(self, product_id: int) -> list[ProductFollower]:
        self.get_product(product_id)
        found = self.product_followers.values()
        return sorted(
            (f for f in found if f.product_id == product_id and not f.deleted), key=lambda f: f.id
        )

    def follow(self, product_id: int, user_id: int) -> ProductFollower:
        self.get_product(product_id)
        user = self.users.get(user_id)
        if user is None or user.deleted or not user.active_flag:
            raise bad_request(f"Parameter 'user_id': user {user_id} not found")
        if any(f.user_id == user_id for f in self.followers(product_id)):
            raise bad_request(f"Parameter 'user_id': user {user_id} already follows the product")
        follower = ProductFollower(
            self.new_id("product_followers"), product_id, user_id, add_time=self.now()
        )
        self.product_followers[follower.id] = follower
        return follower

    def unfollow(self, product_id: int, follower_id: int) -> None:
        for follower in self.followers(product_id):
            if follower.id == follower_id:
                follower.deleted = True
                return
        raise not_found("Follower")

    # -- subscriptions --------------------------------------------------------------------

    def get_subscription(self, subscription_id: int) -> Subscription:
        found = self.subscriptions.get(subscription_id)
        if found is None or found.deleted:
            raise not_found("Subscription")
        return found

    def deal_subscription(self, deal_id: int) -> Subscription:
        for found in self.subscriptions.values():
            if found.deal_id == deal_id and not found.deleted:
                return found
        raise not_found("Subscription")

    def _deal_for_new(self, deal_id: int) -> Deal:
        deal = self.deals.get(deal_id)
        if deal is None or deal.deleted:
            raise bad_request(f"Parameter 'deal_id': deal {deal_id} not found")
        if any(s.deal_id == deal_id and not s.deleted for s in self.subscriptions.values()):
            raise bad_request(f"Parameter 'deal_id': deal {deal_id} already has a subscription")
        return deal

    def add_subscription(self, kind: str, deal_id: int, fields: dict[str, Any]) -> Subscription:
        """A new recurring or installment subscription from already-typed fields."""
        deal = self._deal_for_new(deal_id)
        update_value = fields.pop("update_deal_value", False)
        now = self.now()
        found = Subscription(
            id=self.new_id("subscriptions"),
            deal_id=deal.id,
            user_id=self.owner().id,
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
        found.update_time = self.now()
        if update_value:
            self.deals[found.deal_id].value = deal_value(found)
        return found

    def cancel_subscription(self, subscription_id: int, end_date: str | None) -> Subscription:
        found = self.update_subscription(subscription_id, "recurring", {})
        found.is_active = False
        found.final_status = "canceled"
        found.end_date = end_date or self.now().date().isoformat()
        return found

    def delete_subscription(self, subscription_id: int) -> Subscription:
        found = self.get_subscription(subscription_id)
        found.deleted = True
        found.update_time = self.now()
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
