"""Deals: only what the tool needs to see (which stage holds deals), made by seeds.

Deals follow their stage: a stage moved to another pipeline takes its deals along, and a
deleted stage deletes them (FACTS.md §12.5; the pessimistic model of the pipelines kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from reconciler.sandbox.kind import Rules
from reconciler.sandbox.kinds.pipelines import Stage


@dataclass
class Deal:
    id: int
    title: str
    stage_id: int
    pipeline_id: int
    user_id: int
    status: str = "open"
    value: float = 0
    currency: str = "EUR"
    person_id: int | None = None
    org_id: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    stage_change_time: datetime | None = None
    deleted: bool = False


class Deals(Rules):
    tables: ClassVar[Mapping[str, type]] = {"deals": Deal}
    deals: dict[int, Deal]

    def active_deals(self) -> list[Deal]:
        return [d for d in sorted(self.deals.values(), key=lambda d: d.id) if not d.deleted]

    def stage_deals(self, stage_id: int) -> list[Deal]:
        return [d for d in self.active_deals() if d.stage_id == stage_id]

    def live_deal(self, deal_id: int) -> Deal | None:
        deal = self.deals.get(deal_id)
        return deal if deal is not None and not deal.deleted else None

    def create_deal(self, title: str, stage: Stage, user_id: int) -> Deal:
        now = self.store.now()
        deal = Deal(
            id=self.store.new_id("deals"),
            title=title,
            stage_id=stage.id,
            pipeline_id=stage.pipeline_id,
            user_id=user_id,
            add_time=now,
            update_time=now,
            stage_change_time=now,
        )
        self.deals[deal.id] = deal
        return deal

    def after_delete(self, record: object) -> None:
        if isinstance(record, Stage):
            for deal in self.stage_deals(record.id):
                deal.deleted = True
                deal.update_time = record.update_time

    def after_change(self, record: object) -> None:
        if isinstance(record, Stage):
            for deal in self.stage_deals(record.id):
                deal.pipeline_id = record.pipeline_id
