"""The in-memory company: records, id sequences, soft deletes and the change log.

Single process, asyncio: handlers read and mutate the store without awaiting in between, so
no locks are needed. Domain rules live in the mixins (roles, pipelines and stages); this
module holds the data and what every rule shares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.sandbox.entities import (
    DEFAULT_ROLE_ID,
    DEFAULT_ROLE_NAME,
    ENTITY_TYPES,
    ChangeRecord,
    Deal,
    Pipeline,
    Role,
    Stage,
    User,
    dump_record,
    load_record,
)
from reconciler.sandbox.entities_billing import BILLING_ENTITY_TYPES
from reconciler.sandbox.entities_projects import PROJECT_ENTITY_TYPES
from reconciler.sandbox.store_billing import BillingRules
from reconciler.sandbox.store_pipelines import PipelineRules
from reconciler.sandbox.store_projects import ProjectRules
from reconciler.sandbox.store_roles import RoleRules

STATE_FORMAT = "pipedrive-sandbox-state"
DEFAULT_COMPANY = {"id": 1000001, "name": "Sandbox Company", "domain": "sandbox"}


class Store(RoleRules, PipelineRules, ProjectRules, BillingRules):
    """All records of one company. `wall_clock` gives epoch seconds for timestamps."""

    owner_is_admin = True  # the token's user; SandboxOptions.admin

    def __init__(self, wall_clock: Callable[[], float]) -> None:
        self._wall_clock = wall_clock
        self.company: dict[str, Any] = dict(DEFAULT_COMPANY)
        self.roles: dict[int, Role] = {}
        self.users: dict[int, User] = {}
        self.pipelines: dict[int, Pipeline] = {}
        self.stages: dict[int, Stage] = {}
        self.deals: dict[int, Deal] = {}
        self.changes: list[ChangeRecord] = []
        for kind in (*PROJECT_ENTITY_TYPES, *BILLING_ENTITY_TYPES):
            setattr(self, kind, {})
        self.next_ids: dict[str, int] = {kind: 1 for kind in ENTITY_TYPES if kind != "changes"}
        self.roles[DEFAULT_ROLE_ID] = Role(id=DEFAULT_ROLE_ID, name=DEFAULT_ROLE_NAME)
        self.next_ids["roles"] = DEFAULT_ROLE_ID + 1

    # -- dump / load ----------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """A JSON-ready copy of everything, deleted records included; `load` is its inverse."""
        data: dict[str, Any] = {"format": STATE_FORMAT, "version": 1}
        data["company"] = dict(self.company)
        data["next_ids"] = dict(self.next_ids)
        for kind in ENTITY_TYPES:
            records = getattr(self, kind)
            values = records if isinstance(records, list) else records.values()
            data[kind] = [dump_record(r) for r in values]
        return data

    @classmethod
    def load(cls, data: dict[str, Any], wall_clock: Callable[[], float]) -> Store:
        store = cls(wall_clock)
        for kind in ENTITY_TYPES:
            records = [load_record(kind, item) for item in data.get(kind, [])]
            if kind == "changes":
                store.changes = records
            else:
                setattr(store, kind, {r.id: r for r in records})
        store.company.update(data.get("company", {}))
        store.next_ids.update(data.get("next_ids", {}))
        for kind in store.next_ids:
            existing = getattr(store, kind)
            store.next_ids[kind] = max([store.next_ids[kind], *(i + 1 for i in existing)])
        if DEFAULT_ROLE_ID not in store.roles:
            store.roles[DEFAULT_ROLE_ID] = Role(id=DEFAULT_ROLE_ID, name=DEFAULT_ROLE_NAME)
        return store
