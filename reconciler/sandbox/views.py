"""Records as Pipedrive shows them: v1 and v2 field names, types and timestamp formats."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from reconciler.sandbox.entities import DEFAULT_ROLE_ID, Pipeline, Role, Stage, User
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


# RoleSettings' four *_access_level keys exist "(only for default role)" and are read-only
# (FACTS.md §5). The documents give them no values; the sandbox shows the widest one, 7, as
# for the visibility keys.
ACCESS_LEVEL_KEYS = ("deal_access_level", "org_access_level", "person_access_level",
                     "product_access_level")  # fmt: skip
DEFAULT_ACCESS_LEVEL = 7


def settings_v1(role: Role) -> dict[str, Any]:
    settings: dict[str, Any] = dict(role.settings)
    if role.id == DEFAULT_ROLE_ID:
        settings.update(dict.fromkeys(ACCESS_LEVEL_KEYS, DEFAULT_ACCESS_LEVEL))
    return settings


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
        "access": [access_v1("sales", admin=user.id == store.owner().id and store.owner_is_admin)],
        "active_flag": user.active_flag,
        "timezone_name": "Europe/Tallinn",
        "timezone_offset": "+02:00",
        "role_id": user.role_id,
        "icon_url": None,
        "is_you": user.id == store.owner().id,
        "is_deleted": user.deleted,
    }


def access_v1(app: str, *, admin: bool) -> dict[str, Any]:
    """One UserAccess entry; permission sets are UUIDs, the same for every user of one kind."""
    kind = "admin" if admin else "regular"
    permission_set = uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox:{app}:{kind}")
    return {"app": app, "admin": admin, "permission_set_id": str(permission_set)}


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
