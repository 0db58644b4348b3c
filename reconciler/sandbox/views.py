"""Records as Pipedrive shows them: v1 and v2 field names, types and timestamp formats."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from reconciler.sandbox.entities import Deal, Pipeline, Role, Stage, User
from reconciler.sandbox.store import Store

COMPANY_DETAILS = {"company_country": "EE", "company_industry": "IT Services"}


def v1_time(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def v2_time(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def role_v1(store: Store, role: Role, *, with_level: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": role.id,
        "parent_role_id": role.parent_role_id,
        "name": role.name,
        "active_flag": not role.deleted,
        # Strings, as the documents' examples show.
        "assignment_count": str(len(store.role_members(role.id))),
        "sub_role_count": str(len(store.sub_roles(role.id))),
    }
    if with_level:
        data["level"] = store.role_level(role)
    return data


def assignment_v1(role: Role, user: User) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "role_id": role.id,
        "parent_role_id": role.parent_role_id,
        "name": role.name,
        "active_flag": user.active_flag,
        "type": "1",
    }


def user_v1(store: Store, user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "default_currency": "EUR",
        "locale": "en_US",
        "lang": 1,
        "email": user.email,
        "phone": None,
        "activated": True,
        "last_login": v1_time(user.modified),
        "created": v1_time(user.created),
        "modified": v1_time(user.modified),
        "has_created_company": user.id == store.owner().id,
        "access": [{"app": "sales", "admin": user.id == store.owner().id}],
        "active_flag": user.active_flag,
        "timezone_name": "Europe/Tallinn",
        "timezone_offset": "+02:00",
        "role_id": user.role_id,
        "icon_url": None,
        "is_you": user.id == store.owner().id,
        "is_deleted": user.deleted,
    }


def me_v1(store: Store, user: User) -> dict[str, Any]:
    data = user_v1(store, user)
    data["company_id"] = store.company["id"]
    data["company_name"] = store.company["name"]
    data["company_domain"] = store.company["domain"]
    data.update(COMPANY_DETAILS)
    data["language"] = {"language_code": "en", "country_code": "US"}
    return data


def url_title(name: str) -> str:
    return re.sub(r"\s+", "-", name.strip())


def pipeline_v1(store: Store, pipeline: Pipeline, *, with_selected: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pipeline.id,
        "name": pipeline.name,
        "url_title": url_title(pipeline.name),
        "order_nr": pipeline.order_nr,
        "active": pipeline.active and not pipeline.deleted,
        "deal_probability": pipeline.deal_probability,
        "add_time": v1_time(pipeline.add_time),
        "update_time": v1_time(pipeline.update_time),
    }
    if with_selected:
        first = store.active_pipelines()[:1]
        data["selected"] = bool(first) and first[0].id == pipeline.id
    return data


def pipeline_v2(pipeline: Pipeline) -> dict[str, Any]:
    return {
        "id": pipeline.id,
        "name": pipeline.name,
        "order_nr": pipeline.order_nr,
        "is_deleted": pipeline.deleted,
        "is_deal_probability_enabled": pipeline.deal_probability,
        "add_time": v2_time(pipeline.add_time),
        "update_time": v2_time(pipeline.update_time),
    }


def stage_v1(store: Store, stage: Stage, *, with_pipeline: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": stage.id,
        "order_nr": stage.order_nr,
        "name": stage.name,
        "active_flag": not stage.deleted,
        "deal_probability": stage.deal_probability,
        "pipeline_id": stage.pipeline_id,
        "rotten_flag": stage.rotten_flag,
        "rotten_days": stage.rotten_days,
        "add_time": v1_time(stage.add_time),
        "update_time": v1_time(stage.update_time),
    }
    if with_pipeline:
        pipeline = store.pipelines[stage.pipeline_id]
        data["pipeline_name"] = pipeline.name
        data["pipeline_deal_probability"] = pipeline.deal_probability
    return data


def stage_v2(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "order_nr": stage.order_nr,
        "name": stage.name,
        "is_deleted": stage.deleted,
        "deal_probability": stage.deal_probability,
        "pipeline_id": stage.pipeline_id,
        "is_deal_rot_enabled": stage.rotten_flag,
        "days_to_rotten": stage.rotten_days,
        "add_time": v2_time(stage.add_time),
        "update_time": v2_time(stage.update_time),
    }


def deal_v1(store: Store, deal: Deal) -> dict[str, Any]:
    stage = store.stages[deal.stage_id]
    owner = store.users.get(deal.user_id)
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


def deal_v2(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "title": deal.title,
        "creator_user_id": deal.user_id,
        "owner_id": deal.user_id,
        "value": deal.value,
        "stage_id": deal.stage_id,
        "pipeline_id": deal.pipeline_id,
        "currency": deal.currency,
        "add_time": v2_time(deal.add_time),
        "update_time": v2_time(deal.update_time),
        "stage_change_time": v2_time(deal.stage_change_time),
        "status": deal.status,
        "is_archived": False,
        "is_deleted": deal.deleted,
        "probability": None,
        "visible_to": 3,
        "custom_fields": {},
    }
