"""Exporting pipelines: in id order, each with `deal_probability` and all its `stages` in live
order (stage `deal_probability`; `rotten_days` only when rotting is on, as absent means off).
A pipeline with two stages of one name keeps its stages unmanaged (a config cannot declare
one name twice), with a note."""

from __future__ import annotations

from collections import Counter

from reconciler.kinds.exporting import (
    Item,
    Notes,
    declarable,
    start,
    undeclarable_note,
    unique,
)
from reconciler.state import PIPELINE, STAGE, LiveState, Resource, in_live_order


def export_pipelines(live: LiveState, notes: Notes) -> list[Item]:
    items = []
    stages = live.of_kind(STAGE)
    every = live.of_kind(PIPELINE)
    for pipeline in unique(every, "pipeline", "pipelines", notes):
        item = start(pipeline, every)
        item["deal_probability"] = bool(pipeline.fields.get("deal_probability"))
        own = in_live_order(s for s in stages if s.fields.get("pipeline_id") == pipeline.id)
        twice = sorted(n for n, c in Counter(s.name for s in own).items() if c > 1)
        if twice:
            notes.add(
                "pipelines",
                f"stages of pipeline '{pipeline.name}' are not managed: more than one stage "
                f"is named {', '.join(repr(n) for n in twice)}; rename one in Pipedrive",
            )
        else:
            item["stages"] = [_stage(s) for s in own]
            for stage in own:
                if (note := undeclarable_note("stage", stage)) is not None:
                    notes.add("pipelines", note)
        items.append(item)
    return items


def _stage(stage: Resource) -> Item:
    item: Item = {"name": declarable(stage.name), "_id": stage.id}
    if item["name"] != stage.name:
        item["id"] = stage.id
    if stage.fields.get("deal_probability") is not None:
        item["deal_probability"] = stage.fields["deal_probability"]
    if stage.fields.get("rotten_days"):
        item["rotten_days"] = stage.fields["rotten_days"]
    return item
