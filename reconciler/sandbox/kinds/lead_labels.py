"""Lead labels through API v1 (`/leadLabels`), and the config's `lead_labels` section.

Ids are UUID strings (made from the company's label sequence, so a seed always gives the
same ids). DELETE is a hard delete ("Deletes a specific lead label"): the label is gone, and
PATCH or DELETE of an unknown id answers the documented 404. Names need not be unique (the
documents do not say), and the list is unpaginated and in creation order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_text
from reconciler.sandbox.failure import not_found
from reconciler.sandbox.http import MISSING, Fields, ok, read_body, v2_time
from reconciler.sandbox.kind import Kind, Rules, SeedBuild


@dataclass
class LeadLabel:
    id: str
    name: str
    color: str
    add_time: datetime | None = None
    update_time: datetime | None = None


class LeadLabels(Rules):
    tables: ClassVar[Mapping[str, type]] = {"lead_labels": LeadLabel}
    lead_labels: dict[str, LeadLabel]

    def listed(self) -> list[LeadLabel]:
        return list(self.lead_labels.values())  # creation order: dicts keep it, dumps too

    def get(self, label_id: str) -> LeadLabel:
        found = self.lead_labels.get(label_id)
        if found is None:
            raise not_found("Lead label")
        return found

    def add(self, name: str, color: str) -> LeadLabel:
        number = self.store.new_id("lead_labels")
        label_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox:lead-label:{number}"))
        now = self.store.now()
        found = LeadLabel(label_id, name, color, now, now)
        self.lead_labels[found.id] = found
        return found

    def update(self, label_id: str, changes: dict[str, Any]) -> LeadLabel:
        found = self.get(label_id)
        for key, value in changes.items():
            setattr(found, key, value)
        found.update_time = self.store.now()
        return found

    def delete(self, label_id: str) -> None:
        del self.lead_labels[self.get(label_id).id]


def lead_label_v1(found: LeadLabel) -> dict[str, Any]:
    return {
        "id": found.id,
        "name": found.name,
        "color": found.color,
        "add_time": v2_time(found.add_time),
        "update_time": v2_time(found.update_time),
    }


async def list_labels(request: Request) -> JSONResponse:
    return ok([lead_label_v1(label) for label in part_of(request, LeadLabels).listed()])


async def add_label(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    name = fields.string("name", required=True)
    color = fields.string("color", required=True)
    return ok(lead_label_v1(part_of(request, LeadLabels).add(name, color)))


async def update_label(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = {"name": fields.string("name"), "color": fields.string("color")}
    changes = {key: value for key, value in changes.items() if value is not MISSING}
    found = part_of(request, LeadLabels).update(str(path_text(request, "id")), changes)
    return ok(lead_label_v1(found))


async def delete_label(request: Request) -> JSONResponse:
    label_id = str(path_text(request, "id"))
    part_of(request, LeadLabels).delete(label_id)
    return ok({"id": label_id})


def seed_lead_labels(build: SeedBuild) -> None:
    labels = build.store.part(LeadLabels)
    for index, spec in enumerate(build.config.lead_labels):
        if spec.color is None:
            build.problem(("lead_labels", index), "`color` is needed to create a label")
        else:
            labels.add(spec.name, spec.color)


KIND = Kind(
    name="lead_labels",
    rules=LeadLabels,
    v1_routes=[
        Route("/leadLabels", list_labels, methods=["GET"]),
        Route("/leadLabels", add_label, methods=["POST"]),
        Route("/leadLabels/{id}", update_label, methods=["PATCH"]),
        Route("/leadLabels/{id}", delete_label, methods=["DELETE"]),
    ],
    seed=seed_lead_labels,
)
