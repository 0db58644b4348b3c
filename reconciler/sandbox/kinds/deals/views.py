"""Deals as v1 (stage and pipeline deal lists) and v2 (`/deals`) show them.

v2 items carry every key of V2A's deal schema whose value the sandbox knows, typed as
documented. A key the schema types non-nullable is left out where the sandbox has no value
rather than sent as null (the documents require no key): `person_id`/`org_id` of a deal
linked to nobody, `won_time`/`lost_time` of a deal not won/lost, `expected_close_date`
(never set here). Nullable keys the sandbox has no value for are null.
"""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.http import v1_time, v2_time
from reconciler.sandbox.kinds.deals.rules import Deal
from reconciler.sandbox.kinds.pipelines import Pipelines
from reconciler.sandbox.kinds.users import Users

# Set by Pipedrive when a deal is created (V2A `origin`); the value its examples show.
ORIGIN = "ManuallyCreated"


def deal_v1(pipelines: Pipelines, users: Users, deal: Deal) -> dict[str, Any]:
    stage = pipelines.stages[deal.stage_id]
    owner = users.users.get(deal.user_id)
    return {
        "id": deal.id,
        "creator_user_id": deal.user_id,
        "user_id": deal.user_id,
        "stage_id": deal.stage_id,
        "title": deal.title,
        "value": deal.value,
        "currency": deal.currency,
        "add_time": v1_time(deal.add_time),
        "update_time": v1_time(deal.update_time),
        "stage_change_time": v1_time(deal.stage_change_time),
        "active": deal.status == "open" and not deal.deleted,
        "deleted": deal.deleted,
        "status": deal.status,
        "pipeline_id": deal.pipeline_id,
        "stage_order_nr": stage.order_nr,
        "owner_name": owner.name if owner else None,
        "formatted_value": f"€{deal.value:,.0f}",
        "weighted_value": deal.value,
    }


def _closing(deal: Deal) -> dict[str, Any]:
    closed = deal.status in ("won", "lost")
    found: dict[str, Any] = {
        "close_time": v2_time(deal.stage_change_time) if closed else None,
        "local_close_date": _day(deal) if closed else None,
        "local_won_date": _day(deal) if deal.status == "won" else None,
        "local_lost_date": _day(deal) if deal.status == "lost" else None,
    }
    if closed:
        found[f"{deal.status}_time"] = v2_time(deal.stage_change_time)
    return found


def _day(deal: Deal) -> str | None:
    return deal.stage_change_time.date().isoformat() if deal.stage_change_time else None


def deal_v2(deal: Deal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": deal.id,
        "title": deal.title,
        "creator_user_id": deal.user_id,
        "owner_id": deal.user_id,
        "value": deal.value,
        "stage_id": deal.stage_id,
        "pipeline_id": deal.pipeline_id,
        "currency": deal.currency,
        "archive_time": None,
        "add_time": v2_time(deal.add_time),
        "update_time": v2_time(deal.update_time),
        "stage_change_time": v2_time(deal.stage_change_time),
        "status": deal.status,
        "is_archived": False,
        "is_deleted": deal.deleted,
        "probability": None,
        "lost_reason": None,
        "visible_to": 3,
        **_closing(deal),
        "label_ids": [],
        "origin": ORIGIN,
        "origin_id": None,
        "channel": None,
        "channel_id": None,
        "source_lead_id": None,
        "arr": None,
        "mrr": None,
        "acv": None,
        "custom_fields": {},
    }
    for key in ("person_id", "org_id"):
        if getattr(deal, key) is not None:
            data[key] = getattr(deal, key)
    return data
