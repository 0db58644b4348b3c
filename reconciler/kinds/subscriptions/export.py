"""Exporting subscriptions: one per deal that has one (found by scanning deals), in deal
order: `recurring` (currency, cadence, cycle_amount, `cycles_count` or `infinite: true`,
start_date, description, additional `payments`) or `installment` (currency, payments), and
`cancelled: {}` for a cancelled one (cancelling is one way; the live end date is not written,
as `end_date` only matters when cancelling)."""

from __future__ import annotations

from typing import Any

from reconciler.kinds.exporting import Item, Notes
from reconciler.state import SUBSCRIPTION, LiveState

_RECURRING_KEYS = ("currency", "cadence", "cycle_amount", "cycles_count", "infinite")
_RECURRING_KEYS_AFTER = ("start_date", "description", "payments")


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
