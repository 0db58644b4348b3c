"""Exporting product followers and subscriptions (see `export.EXPORTERS`).

- products: `{id, followers}` only for products someone follows. A product nobody follows
  is left out: its entry would say `followers: []`, which manages it (and would remove
  anyone who starts following it), and companies have many products and few followed ones.
  Followers are named as role members are (email; the user id when missing or shared).
- subscriptions: one per deal that has one (found by scanning deals, see
  `resources.subscriptions`), in deal order: `recurring` (currency, cadence, cycle_amount,
  `cycles_count` or `infinite: true`, start_date, description, additional `payments`) or
  `installment` (currency, payments), and `cancelled: {}` for a cancelled one (cancelling
  is one way; the live end date is not written, as `end_date` only matters when cancelling).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reconciler.config.labels import member_labels, sort_labels
from reconciler.state import PRODUCT_FOLLOWERS, SUBSCRIPTION, LiveState

if TYPE_CHECKING:
    from reconciler.config.export import Item, Notes

_RECURRING_KEYS = ("currency", "cadence", "cycle_amount", "cycles_count", "infinite")
_RECURRING_KEYS_AFTER = ("start_date", "description", "payments")


def export_products(live: LiveState, notes: Notes) -> list[Item]:
    """Products in id order, each with its followers (emails sorted, then ids)."""
    labels = member_labels(live.users)
    items = []
    for product in sorted(live.of_kind(PRODUCT_FOLLOWERS), key=lambda r: r.id or 0):
        relations = product.fields.get("relations") or {}
        followers = sort_labels(labels.get(int(uid), int(uid)) for uid in relations)
        # Unfollowed products too, so `export --update` keeps a declared `followers: []`;
        # `worth_exporting` leaves them out of what is written new.
        items.append({"id": product.id, "_id": product.id, "followers": followers})
    return items


def followed(item: Item) -> bool:
    """False for a product nobody follows: not written by a fresh export."""
    return "followers" not in item or bool(item["followers"])


def export_subscriptions(live: LiveState, notes: Notes) -> list[Item]:
    """Every live subscription, by deal id."""
    items = []
    for found in sorted(live.of_kind(SUBSCRIPTION), key=lambda r: int(r.name)):
        fields = found.fields
        item: Item = {"deal": int(found.name), "_id": found.id}
        if fields.get("type") == "recurring":
            body: dict[str, Any] = {}
            for key in (*_RECURRING_KEYS, *_RECURRING_KEYS_AFTER):
                value = fields.get(key)
                if key == "cycles_count" and fields.get("infinite"):
                    continue  # either a count or infinite, never both
                if key == "infinite" and not value:
                    continue
                if value not in (None, "", [], ()):
                    body[key] = _payments(value) if key == "payments" else value
            item["recurring"] = body
        else:
            item["installment"] = {
                "currency": fields.get("currency"),
                "payments": _payments(fields.get("payments") or ()),
            }
        if fields.get("cancelled"):
            item["cancelled"] = {}
        items.append(item)
    return items


def _payments(rows: Any) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        amount = row.get("amount")
        if isinstance(amount, float) and amount.is_integer():
            amount = int(amount)  # 500, as a config writes it, not 500.0
        payment = {"amount": amount}
        if row.get("description"):
            payment["description"] = row["description"]
        payment["due_at"] = row.get("due_at")
        out.append(payment)
    return out
