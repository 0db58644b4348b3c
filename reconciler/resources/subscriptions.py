"""Subscriptions (v1, documented only up to the 2024-02-12 document), one per deal.

Reading: `GET /subscriptions/find/{dealId}` for each declared deal (plus `GET
/subscriptions/{id}/payments` when the config declares payments). Under `prune:
[subscriptions]`, and for `export`, every deal is scanned (`GET /api/v2/deals`, then a find
per deal), the only way to discover subscriptions the config does not declare: that costs a
find per deal (2 tokens), plus the payments (20 tokens) of each subscription found that the
config does not declare, since an exported installment subscription must list them. The
first deal is asked alone, so an account without the API answers once, not once per deal.

Pipedrive removed this API from live accounts in 2025. A 410, or a 404 that is not about a
missing subscription (an unknown path), means the account no longer serves it: reading
stops with `SubscriptionsRemoved` (exit 1) before anything is written, for any kind.

Writing: POST /subscriptions/recurring|installment, PUT /subscriptions/recurring/{id}
(with effective_date) or /subscriptions/installment/{id}, PUT
/subscriptions/recurring/{id}/cancel, DELETE /subscriptions/{id}.
"""

from __future__ import annotations

import asyncio
from typing import Any

from reconciler.errors import ApiError, NotFoundError, ReconcilerError
from reconciler.planning.changes import Action, Change
from reconciler.resources.base import ApplyContext, ReadContext, as_bool, as_int
from reconciler.state import SUBSCRIPTION, SUBSCRIPTION_FIELDS, DesiredState, Resource

REMOVED = (
    "Pipedrive removed the Subscriptions API from live accounts in 2025 (replaced by Product "
    "Subscriptions); this account answers {status} on {path}. Remove `subscriptions` from the "
    "configuration. Nothing was written."
)


class SubscriptionsRemoved(ReconcilerError):
    """The account no longer serves /subscriptions (exit 1)."""


class SubscriptionAdapter:
    kind = SUBSCRIPTION
    depends_on: tuple[str, ...] = ()

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(SUBSCRIPTION)) or SUBSCRIPTION in desired.prune

    async def read(self, ctx: ReadContext) -> None:
        declared = {int(r.name): r for r in ctx.desired.of_kind(SUBSCRIPTION)}
        deals = set(declared)
        if SUBSCRIPTION in ctx.desired.prune:
            deals |= {int(d["id"]) for d in await ctx.client.list_all("v2", "/deals")}

        async def one(deal_id: int) -> None:
            found = await _find(ctx, deal_id)
            if found is None:
                return
            fields = _fields(found)
            wanted = declared.get(deal_id)
            if wanted is None or "payments" in wanted.fields:
                rows = await _get(ctx, f"/subscriptions/{int(found['id'])}/payments") or []
                kind = "additional" if fields["type"] == "recurring" else "installment"
                fields["payments"] = [
                    {
                        "amount": p.get("amount"),
                        "description": p.get("description"),
                        "due_at": p.get("due_at"),
                    }
                    for p in rows
                    if p.get("payment_type") == kind and as_bool(p.get("is_active"), default=True)
                ]
            key = (str(deal_id),)
            ctx.resources.append(Resource(SUBSCRIPTION, key, fields, id=int(found["id"])))

        ordered = sorted(deals)
        if ordered:
            await one(ordered[0])  # a removed API stops here, before a request per deal
        await asyncio.gather(*(one(d) for d in ordered[1:]))

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        client = ctx.client
        extra = change.extra
        after = change.after or {}
        match change.action:
            case Action.CREATE:
                return await _create(ctx, change)
            case Action.UPDATE if extra.get("replace"):
                await client.delete("v1", f"/subscriptions/{change.id}")
                return await _create(ctx, change)
            case Action.UPDATE:
                changed = {c.path.split(".")[0] for c in change.fields} - {"cancelled"}
                body: dict[str, Any] = {k: _api(after[k]) for k in changed}
                if extra.get("update_deal_value") is not None:
                    body["update_deal_value"] = extra["update_deal_value"]
                if changed and after.get("type") == "recurring":
                    body["effective_date"] = extra.get("effective_date")
                    await client.put("v1", f"/subscriptions/recurring/{change.id}", body)
                elif changed:
                    await client.put("v1", f"/subscriptions/installment/{change.id}", body)
                if extra.get("cancel"):
                    await _cancel(ctx, change.id, extra.get("end_date"))
            case Action.DELETE:
                await client.delete("v1", f"/subscriptions/{change.id}")
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        found = await _find(ctx, int(change.key[-1]))
        return int(found["id"]) if found else None


def means_removed(error: ApiError) -> bool:
    """A 410, or a 404 that is not about a missing subscription (an unknown path): the
    account no longer serves the Subscriptions API."""
    missing_one = error.status == 404 and "subscription" in error.message.lower()
    return error.status == 410 or (error.status == 404 and not missing_one)


async def _find(ctx: ReadContext | ApplyContext, deal_id: int) -> dict[str, Any] | None:
    try:
        found = await _get(ctx, f"/subscriptions/find/{deal_id}")
    except NotFoundError as error:
        if not means_removed(error):
            return None  # this deal has none
        raise SubscriptionsRemoved(REMOVED.format(status=404, path=error.path)) from None
    return found if isinstance(found, dict) and found.get("id") is not None else None


async def _get(ctx: ReadContext | ApplyContext, path: str) -> Any:
    try:
        return await ctx.client.get("v1", path)
    except ApiError as error:
        if error.status == 410:
            raise SubscriptionsRemoved(REMOVED.format(status=410, path=error.path)) from None
        raise


CADENCES = frozenset({"weekly", "monthly", "quarterly", "yearly"})
CANCELED_STATUSES = frozenset({"canceled", "cancelled"})


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    """What the planner compares. The documents leave two meanings open, so every plausible
    reading is taken: a subscription is cancelled when its `final_status` says so *or*
    `is_active` is false, and recurring only when `cadence_type` is one of the four documented
    cadences (an installment's may be absent, null, empty or "custom")."""
    cadence = str(item.get("cadence_type") or "").strip().lower()
    recurring = cadence in CADENCES
    final_status = str(item.get("final_status") or "").strip().lower()
    fields: dict[str, Any] = {
        "type": "recurring" if recurring else "installment",
        "currency": str(item.get("currency") or "").upper(),
        "cancelled": final_status in CANCELED_STATUSES
        or not as_bool(item.get("is_active"), default=True),
    }
    if recurring:
        fields |= {
            "cadence": cadence,
            "cycle_amount": as_int(item.get("cycle_amount")),
            "cycles_count": as_int(item.get("cycles_count")),
            "infinite": as_bool(item.get("infinite")),
            "start_date": item.get("start_date"),
            "description": item.get("description"),
        }
    return fields


async def _create(ctx: ApplyContext, change: Change) -> int:
    after = change.after or {}
    extra = change.extra
    body: dict[str, Any] = {"deal_id": int(change.key[-1]), "currency": after["currency"]}
    for name in SUBSCRIPTION_FIELDS[1:]:  # currency is always sent, above
        if after.get(name) is not None:
            body["cadence_type" if name == "cadence" else name] = _api(after[name])
    if extra.get("update_deal_value") is not None:
        body["update_deal_value"] = extra["update_deal_value"]
    path = f"/subscriptions/{after['type']}"
    created = await ctx.client.post("v1", path, body)
    new_id = int(created["id"])
    if extra.get("cancel"):
        await _cancel(ctx, new_id, extra.get("end_date"))
    return new_id


async def _cancel(ctx: ApplyContext, subscription_id: int | None, end_date: Any) -> None:
    body = {"end_date": end_date} if end_date else {}
    await ctx.client.put("v1", f"/subscriptions/recurring/{subscription_id}/cancel", body)


def _api(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_api(v) for v in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value
