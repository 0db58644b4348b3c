"""Stage and pipeline body fields, read alike from v1 and v2 bodies, in record attribute names."""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields

# (v1 name, v2 name, store attribute)
STAGE_FIELDS = (
    ("name", "name", "name"),
    ("pipeline_id", "pipeline_id", "pipeline_id"),
    ("deal_probability", "deal_probability", "deal_probability"),
    ("rotten_flag", "is_deal_rot_enabled", "rotten_flag"),
    ("rotten_days", "days_to_rotten", "rotten_days"),
)


def stage_values(fields: Fields, *, with_order: bool = False) -> dict[str, Any]:
    """The stage attributes a body sets, validated; absent fields are left out."""
    v2 = fields.version == "v2"
    values: dict[str, Any] = {}
    for v1_name, v2_name, attribute in STAGE_FIELDS:
        name = v2_name if v2 else v1_name
        if attribute == "name":
            value = fields.string(name)
        elif attribute == "rotten_flag":
            value = fields.boolean(name)
        else:
            value = fields.integer(name, nullable=attribute in ("rotten_days",))
        if value is not MISSING:
            values[attribute] = value
    if with_order:
        order = fields.integer("order_nr")
        if order is not MISSING:
            values["order_nr"] = order
    probability = values.get("deal_probability")
    if probability is not None and not 0 <= probability <= 100:
        raise bad_request("deal_probability must be between 0 and 100")
    if "deal_probability" in values and probability is None:
        raise bad_request("deal_probability must be an integer between 0 and 100")
    days = values.get("rotten_days")
    if days is not None and days < 1:
        name = "days_to_rotten" if v2 else "rotten_days"
        raise bad_request(f"{name} must be a positive integer")
    return values


def pipeline_values(fields: Fields) -> dict[str, Any]:
    """Pipeline attributes from a v1 (deal_probability, order_nr, active) or v2 body."""
    values: dict[str, Any] = {}
    name = fields.string("name")
    if name is not MISSING:
        values["name"] = name
    if fields.version == "v2":
        probability = fields.boolean("is_deal_probability_enabled")
    else:
        probability = fields.boolean("deal_probability")
        for key, value in (
            ("order_nr", fields.integer("order_nr")),
            ("active", fields.boolean("active")),
        ):
            if value is not MISSING:
                values[key] = value
    if probability is not MISSING:
        values["deal_probability"] = probability
    return values
