"""Request tables for the admin kinds (FACTS.md §14): custom fields of every entity with
their options, v2 boards and phases, activity types, lead labels and webhooks.
Placeholders as in `cases`; `{deal_field}` and the like are seeded fields' codes."""

from __future__ import annotations

from typing import Any

from .cases import V1, V2, Case

ENTITIES = ("deal", "person", "organization", "product", "project")
ALL_BLOCKS = {"include_fields": "ui_visibility,important_fields,required_fields"}


def _field_cases(entity: str) -> tuple[Case, ...]:
    base = f"{V2}/{entity}Fields"
    one = f"{base}/{{{entity}_field}}"
    # Product fields document ui_visibility alone; project field reads no include_fields.
    blocks = {"include_fields": "ui_visibility"} if entity == "product" else ALL_BLOCKS
    blocks = {"limit": 1} if entity == "project" else blocks
    return (
        Case("GET", base),
        Case("GET", base, params=blocks, label="every block"),
        Case("GET", base, params={"limit": 2}),
        Case("POST", base, {"field_name": "Notes", "field_type": "text"}),
        Case(
            "POST",
            base,
            {"field_name": "Tier", "field_type": "set", "options": [{"label": "Gold"}]},
            label="with options",
        ),
        Case("GET", one),
        *(() if entity == "project" else (Case("GET", one, params=blocks, label="blocks"),)),
        Case("PATCH", one, {"field_name": "Renamed"}),
        Case("PATCH", one, {"ui_visibility": {"details_visible_flag": False}}, label="hidden"),
        Case("DELETE", one),
        Case("POST", f"{one}/options", [{"label": "Extra"}, {"label": "More"}]),
        Case("PATCH", f"{one}/options", [{"id": 1, "label": "First"}]),
        Case("DELETE", f"{one}/options", [{"id": 1}, {"id": 2}]),
    )


def _deal_settings() -> dict[str, Any]:
    return {
        "ui_visibility": {
            "add_visible_flag": True,
            "show_in_pipelines": {"show_in_all": False, "pipeline_ids": ["{sales}"]},
        },
        "important_fields": {"enabled": True, "stage_ids": ["{lead}"]},
        "required_fields": {
            "enabled": True,
            "stage_ids": ["{won}"],
            "statuses": {"{sales}": ["won"]},
        },
    }


FIELD_CASES: tuple[Case, ...] = (
    *(case for entity in ENTITIES for case in _field_cases(entity)),
    Case("PATCH", f"{V2}/dealFields/{{deal_field}}", _deal_settings(), label="every setting"),
    Case(
        "PATCH", f"{V2}/dealFields/value", {"important_fields": {"enabled": True}}, label="system"
    ),
    Case(
        "POST",
        f"{V2}/dealFields",
        {
            "field_name": "Budget",
            "field_type": "monetary",
            "description": "In EUR",
            **_deal_settings(),
        },
        label="monetary with settings",
    ),
    Case(
        "PATCH",
        f"{V2}/personFields/{{person_field}}",
        {
            "ui_visibility": {"show_in_add_deal_dialog": {"show": True}},
            "important_fields": {"enabled": True, "stage_ids": ["{lead}"]},
            "required_fields": {"enabled": True},
        },
        label="every setting",
    ),
)

BOARD_CASES: tuple[Case, ...] = (
    Case("GET", f"{V2}/boards"),
    Case("POST", f"{V2}/boards", {"name": "Support"}),
    Case("POST", f"{V2}/boards", {"name": "First", "order_nr": 1}, label="at the top"),
    Case("GET", f"{V2}/boards/{{delivery}}"),
    Case("PATCH", f"{V2}/boards/{{delivery}}", {"name": "Delivery EU", "order_nr": 2}),
    Case("DELETE", f"{V2}/boards/{{ops}}"),
    Case("GET", f"{V2}/phases", params={"board_id": "{delivery}"}),
    Case("POST", f"{V2}/phases", {"name": "Review", "board_id": "{delivery}", "order_nr": 1}),
    Case("GET", f"{V2}/phases/{{kickoff}}"),
    Case("PATCH", f"{V2}/phases/{{kickoff}}", {"name": "Kick-off", "order_nr": 2}),
    Case("PATCH", f"{V2}/phases/{{todo}}", {"board_id": "{delivery}"}, label="to another board"),
    Case("DELETE", f"{V2}/phases/{{rollout}}"),
)

ACTIVITY_TYPE_CASES: tuple[Case, ...] = (
    Case("GET", f"{V1}/activityTypes"),
    Case("POST", f"{V1}/activityTypes", {"name": "Video call", "icon_key": "camera"}),
    Case(
        "POST",
        f"{V1}/activityTypes",
        {"name": "Site visit", "icon_key": "car", "color": "FFD700"},
        label="with color",
    ),
    Case("PUT", f"{V1}/activityTypes/{{type_demo}}", {"order_nr": 1, "color": "000000"}),
    Case("PUT", f"{V1}/activityTypes/{{type_call}}", {"name": "Phone call", "icon_key": "call"}),
    Case("DELETE", f"{V1}/activityTypes/{{type_demo}}"),
)

LEAD_LABEL_CASES: tuple[Case, ...] = (
    Case("GET", f"{V1}/leadLabels"),
    Case("POST", f"{V1}/leadLabels", {"name": "Warm", "color": "orange"}),
    Case("PATCH", f"{V1}/leadLabels/{{label_hot}}", {"color": "dark-gray"}),
    Case("PATCH", f"{V1}/leadLabels/{{label_hot}}", {"name": "Very hot"}, label="rename"),
    Case("DELETE", f"{V1}/leadLabels/{{label_hot}}"),
)

WEBHOOK_CASES: tuple[Case, ...] = (
    Case("GET", f"{V1}/webhooks"),
    Case(
        "POST",
        f"{V1}/webhooks",
        {
            "subscription_url": "https://hooks.example.com/a",
            "event_action": "create",
            "event_object": "deal",
            "name": "New deals",
        },
    ),
    Case(
        "POST",
        f"{V1}/webhooks",
        {
            "subscription_url": "https://hooks.example.com/b",
            "event_action": "*",
            "event_object": "*",
            "name": "All",
            "user_id": "{user_b}",
            "version": "1.0",
            "http_auth_user": "hook",
            "http_auth_password": "s3cret",
        },
        label="every key",
    ),
    Case("DELETE", f"{V1}/webhooks/{{webhook_sync}}"),
)

ADMIN_CASES = (*FIELD_CASES, *BOARD_CASES, *ACTIVITY_TYPE_CASES, *LEAD_LABEL_CASES, *WEBHOOK_CASES)

# Seed sections for conftest.SEED, in the config language.
ADMIN_SEED: dict[str, Any] = {
    "fields": {
        "deal": [
            {"name": "Priority", "type": "enum", "options": ["Low", "High"],
             "pipelines": ["Sales"], "important": {"Sales": ["Lead"]},
             "required_on": {"Sales": ["won"]}, "description": "How urgent"},
            {"name": "Value", "important": True},
        ],
        "person": [{"name": "Source", "type": "enum", "options": ["Inbound", "Outbound"],
                    "important": {"Sales": ["Lead"]}}],
        "organization": [{"name": "Industry", "type": "set", "options": ["IT", "Retail"]}],
        "product": [{"name": "Category", "type": "enum", "options": ["Hardware", "Software"]}],
        "project": [{"name": "Kind", "type": "enum", "options": ["Internal", "External"],
                     "required": True}],
    },
    "activity_types": [{"name": "Demo", "icon": "presentation", "color": "FFD700"}],
    "lead_labels": [{"name": "Hot", "color": "red"}, {"name": "Cold", "color": "blue"}],
    "webhooks": [{"name": "Deal sync", "url": "https://hooks.example.com/sync",
                  "event": "change.deal", "http_auth": {"user": "hook", "password": "pw"}}],
}  # fmt: skip
