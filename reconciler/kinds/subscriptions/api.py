"""Reading and writing subscriptions (v1, documented only up to the 2024-02-12 document).

Reading: `GET /subscriptions/find/{dealId}` for each declared deal (plus `GET
/subscriptions/{id}/payments` when the config declares payments). Under `prune:
[subscriptions]`, and for `export`, every deal is scanned (`GET /api/v2/deals`, then a find
per deal), the only way to discover subscriptions the config does not declare: that costs a
find per deal (2 tokens), plus the payments (20 tokens) of each subscription found that the
config does not declare, since an exported installment subscription must list them. The first
deal is asked alone, so an account without the API answers once, not once per deal.

Pipedrive removed this API from live accounts in 2025. A 410, or a 404 that is not about a
missing subscription (an unknown path), means the account no longer serves it: reading stops
with `SubscriptionsRemoved` (exit 1) before anything is written, for any kind.

Writing: POST /subscriptions/recurring|installment, PUT /subscriptions/recurring/{id} (with
effective_date) or /subscriptions/installment/{id}, PUT /subscriptions/recurring/{id}/cancel,
DELETE /subscriptions/{id}.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.calls import NEW_ID, Call, Ids, Step
from reconciler.errors import ApiError, NotFoundError, ReconcilerError
from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int
from reconciler.kinds.spec import StagesApi
from reconciler.kinds.subscriptions.model import SUBSCRIPTION_FIELDS
from reconciler.kinds.subscriptions.plan import SubscriptionWrite
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import SUBSCRIPTION, Key, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

REMOVED = (
    "Pipedrive removed the Subscriptions API from live accounts in 2025 (replaced by Product "
    "Subscriptions); this account answers {status} on {path}. Remove `subscriptions` from the "
    "configuration. Nothing was written."
)
PAYMENTS = "payments"


class SubscriptionsRemoved(ReconcilerError):
    """The account no longer serves /subscriptions (exit 1)."""


async def read_subscriptions(ctx: ReadContext) -> None:
    wanted = ctx.scope.of(SUBSCRIPTION)
    deals = {int(name) for name in wanted.names}
    if wanted.every:
        deals |= {int(d["id"]) for d in await ctx.client.list_all("v2", "/deals")}

    async def one(deal_id: int) -> None:
        found = await find_subscription(ctx.client, deal_id)
        if found is None:
            return
        fields = _fields(found)
        key = (str(deal_id),)
        if str(deal_id) not in wanted.names or str(deal_id) in wanted.flags.get(PAYMENTS, ()):
            rows = await _get(ctx.client, f"/subscriptions/{int(found['id'])}/payments") or []
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
        ctx.resources.append(Resource(SUBSCRIPTION, key, fields, id=int(found["id"])))

    ordered = sorted(deals)
    if ordered:
        await one(ordered[0])  # a removed API stops here, before a request per deal
    await asyncio.gather(*(one(d) for d in ordered[1:]))


def payments_flags(desired: Any) -> Mapping[str, frozenset[str]]:
    return {
        PAYMENTS: frozenset(r.name for r in desired.of_kind(SUBSCRIPTION) if "payments" in r.fields)
    }


def means_removed(error: ApiError) -> bool:
    """A 410, or a 404 that is not about a missing subscription (an unknown path): the
    account no longer serves the Subscriptions API."""
    missing_one = error.status == 404 and "subscription" in error.message.lower()
    return error.status == 410 or (error.status == 404 and not missing_one)


async def find_subscription(client: PipedriveClient, deal_id: int) -> dict[str, Any] | None:
    try:
        found = await _get(client, f"/subscriptions/find/{deal_id}")
    except NotFoundError as error:
        if not means_removed(error):
            return None  # this deal has none
        raise SubscriptionsRemoved(REMOVED.format(status=404, path=error.path)) from None
    return found if isinstance(found, dict) and found.get("id") is not None else None


async def _get(client: PipedriveClient, path: str) -> Any:
    try:
        return await client.get("v1", path)
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


def write_subscription(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    write = change.payload if isinstance(change.payload, SubscriptionWrite) else SubscriptionWrite()
    match change:
        case Create():
            return _create(change, write)
        case Update() if write.replace:
            return [Call("DELETE", "v1", f"/subscriptions/{change.id}"), *_create(change, write)]
        case Update():
            after = change.after
            changed = {c.path.split(".")[0] for c in change.fields} - {"cancelled"}
            body: dict[str, Any] = {k: _api(after[k]) for k in changed}
            if write.update_deal_value is not None:
                body["update_deal_value"] = write.update_deal_value
            calls = []
            if changed and after.get("type") == "recurring":
                body["effective_date"] = write.effective_date
                calls.append(Call("PUT", "v1", f"/subscriptions/recurring/{change.id}", body))
            elif changed:
                calls.append(Call("PUT", "v1", f"/subscriptions/installment/{change.id}", body))
            if write.cancel:
                calls.append(_cancel(str(change.id), write.end_date))
            return calls
        case Delete():
            return [Call("DELETE", "v1", f"/subscriptions/{change.id}")]


def _create(change: Change, write: SubscriptionWrite) -> list[Step]:
    after = change.after or {}
    body: dict[str, Any] = {"deal_id": int(change.key[-1]), "currency": after["currency"]}
    for name in SUBSCRIPTION_FIELDS[1:]:  # currency is always sent, above
        if after.get(name) is not None:
            body["cadence_type" if name == "cadence" else name] = _api(after[name])
    if write.update_deal_value is not None:
        body["update_deal_value"] = write.update_deal_value
    calls: list[Step] = [Call("POST", "v1", f"/subscriptions/{after['type']}", body, creates=True)]
    if write.cancel:
        calls.append(_cancel(NEW_ID, write.end_date))
    return calls


def _cancel(subscription: str, end_date: Any) -> Call:
    body = {"end_date": end_date} if end_date else {}
    return Call("PUT", "v1", f"/subscriptions/recurring/{subscription}/cancel", body)


async def subscription_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    """Pipedrive finds subscriptions by deal only: one request per key."""
    out: dict[Key, list[int]] = {}
    for key in keys:
        found = await find_subscription(client, int(key[-1]))
        if found:
            out[key] = [int(found["id"])]
    return out


def _api(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_api(v) for v in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value
