"""Lead labels (`lead_labels:`), through API v1 (`/leadLabels`).

lead_label (name,)   name, color (as set); live also label_id (its UUID); a desired
                     label_id is an `id:` pin
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.errors import ConfigIssue
from reconciler.kinds.comparing import by_export
from reconciler.kinds.exporting import Item, Notes
from reconciler.kinds.lead_labels.io import lead_label_ids, read_lead_labels, write_lead_label
from reconciler.kinds.lead_labels.model import LeadLabel
from reconciler.kinds.lead_labels.plan import LEAD_LABEL, plan_lead_labels
from reconciler.kinds.named import check_named, desired_named, set_keys
from reconciler.kinds.spec import DesiredPart, Export, KindSpec, Loaded, SectionSpec, Where
from reconciler.planning.normalize import to_name
from reconciler.state import LiveState

__all__ = ["KINDS", "LEAD_LABEL", "SECTION"]


def desired_lead_labels(loaded: Loaded) -> DesiredPart:
    def fields_of(entry: LeadLabel) -> dict[str, Any]:
        pin = {"label_id": entry.id.lower()} if entry.id else {}
        return {"name": entry.name, **set_keys(entry, {"color": "color"}), **pin}

    return desired_named(loaded, "lead_labels", LEAD_LABEL, fields_of, pin=lambda entry: None)


def export_lead_labels(live: LiveState, notes: Notes) -> list[Item]:
    """Labels in Pipedrive's order; a shared name is written with its UUID pin."""
    every = live.of_kind(LEAD_LABEL)
    items = []
    for label in every:
        item: Item = {"name": label.name, "_id": label.fields.get("label_id")}
        if sum(1 for r in every if r.name == label.name) > 1:
            item["id"] = label.fields.get("label_id")
        item["color"] = label.fields.get("color")
        items.append(item)
    return items


def check_lead_labels(config: Any, where: Where) -> list[ConfigIssue]:
    return check_named("lead_labels", "lead label", config.lead_labels, where, pins=False)


def count_lead_labels(config: Any) -> Mapping[str, int]:
    return {"lead labels": len(config.lead_labels)}


KINDS = (
    KindSpec(
        name=LEAD_LABEL,
        create_call=lambda api: Call("POST", "v1", "/leadLabels"),
        section="lead_labels",
        noun="lead label",
        plural="lead labels",
        prune="lead_labels",
        protectable=True,
        normalisers={"name": to_name},
        planner=plan_lead_labels,
        reader=read_lead_labels,
        writer=write_lead_label,
        lookup=lead_label_ids,
        lookup_read=lambda api: Call("GET", "v1", "/leadLabels"),
    ),
)

SECTION = SectionSpec(
    name="lead_labels",
    noun="lead label",
    item=LeadLabel,
    description="Lead labels, matched by name (or their UUID `id`).",
    kinds=(LEAD_LABEL,),
    merge_key="name",
    desired=desired_lead_labels,
    export=Export(words=(LEAD_LABEL,), reads=(LEAD_LABEL,), build=export_lead_labels),
    compare=by_export(LEAD_LABEL, export_lead_labels, "name"),
    checks=check_lead_labels,
    count=count_lead_labels,
)
