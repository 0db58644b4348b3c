"""Records behind product followers and (legacy v1) subscriptions.

Products themselves are served read-only (v2 `GET /products`, to list them), with what
hangs off them: followers (each a relationship
with its own id, FACTS.md §12 item 12) and the permitted users. `permitted_user_ids` None
means every user may access the product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Product:
    id: int
    name: str
    permitted_user_ids: list[int] | None = None
    deleted: bool = False
    owner_id: int | None = None  # set when seeded: the token's owner
    add_time: datetime | None = None

    @property
    def update_time(self) -> datetime | None:
        return self.add_time  # products are only seeded, never changed


@dataclass
class ProductFollower:
    id: int
    product_id: int
    user_id: int
    add_time: datetime | None = None
    deleted: bool = False


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


BILLING_ENTITY_TYPES: dict[str, type] = {
    "products": Product,
    "product_followers": ProductFollower,
    "subscriptions": Subscription,
}
