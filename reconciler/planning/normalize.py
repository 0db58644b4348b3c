"""The one place field values are normalised before comparing, on both sides.

Live values can still be sloppy (ints as strings, 0/1 or "true" for booleans, lists in any
order); desired values come from YAML. Both go through `normalize_fields(kind, fields)`, so
representation differences never show up as drift. Set-like lists become sorted tuples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.state import (
    PIPELINE,
    PROJECT,
    ROLE,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    SUBSCRIPTION,
    Resource,
)


def to_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in ("", "none", "null"):
        return None
    return text not in ("0", "false", "no", "off")


def to_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    text = str(value).strip()
    if text == "" or text.lower() in ("none", "null"):
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def to_name(value: Any) -> str | None:
    return None if value is None else str(value)


def _rotten_days(value: Any) -> int | None:
    days = to_int(value)
    # 0 days is how some payloads spell "rotting off".
    return days if days else None


def _parent(value: Any) -> str | None:
    # A role under the default role is a top-level role, as adapters read it.
    name = to_name(value)
    return None if name in (None, "", DEFAULT_ROLE_NAME) else name


def _name_set(value: Any) -> tuple[str, ...]:
    return tuple(sorted({str(v) for v in value or ()}))


def _id_set(value: Any) -> tuple[int, ...] | None:
    return None if value is None else tuple(sorted({int(v) for v in value}))


def _payments(value: Any) -> tuple[dict[str, Any], ...] | None:
    # Payments compare as a set of (due date, amount, description): order carries no meaning.
    if value is None:
        return None
    rows = [
        {
            "amount": float(p.get("amount") or 0),
            "description": p.get("description") or None,
            "due_at": str(p.get("due_at"))[:10],
        }
        for p in value
    ]
    return tuple(sorted(rows, key=lambda p: (p["due_at"], p["amount"], p["description"] or "")))


def _text(value: Any) -> str | None:
    # Pipedrive gives unset text as "" or null alike.
    return None if value in (None, "") else str(value)


_FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    PIPELINE: {"name": to_name, "deal_probability": to_bool},
    STAGE: {
        "name": to_name,
        "pipeline": to_name,
        "pipeline_id": to_int,
        "deal_probability": to_int,
        "rotten_days": _rotten_days,
        "position": to_int,
    },
    ROLE: {"name": to_name, "parent": _parent},
    ROLE_PIPELINES: {"visible": _name_set},
    PROJECT: {
        "labels": _id_set,
        "deals": _id_set,
        "org": to_int,
        "person": to_int,
        "archived": to_bool,
        "description": _text,
        "start_date": _text,
        "end_date": _text,
    },
    SUBSCRIPTION: {
        "cycle_amount": to_int,
        "cycles_count": to_int,
        "infinite": to_bool,
        "payments": _payments,
        "description": _text,
        "cancelled": to_bool,
    },
}


def normalize_fields(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """`fields` with each known field in its canonical type; unknown fields kept as they are.

    role_members labels (emails and ids) are left alone: the planner resolves them to users."""
    if kind == ROLE_SETTINGS:
        return {key: to_int(value) for key, value in fields.items()}
    rules = _FIELDS.get(kind, {})
    return {key: rules.get(key, _same)(value) for key, value in fields.items()}


def normalize(resource: Resource) -> Resource:
    return dataclasses.replace(resource, fields=normalize_fields(resource.kind, resource.fields))


def _same(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    return value
