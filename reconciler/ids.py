"""The live ids an apply refers to, by kind and natural key: what was read, the config names of
objects the plan renames, and every object created during the run."""

from __future__ import annotations

from collections.abc import Mapping

from reconciler import kinds
from reconciler.planning.changes import Plan
from reconciler.state import Key, LiveId, LiveState, address


class LiveIds:
    def __init__(self, default_role_id: int | None = None) -> None:
        self._ids: dict[str, dict[Key, LiveId]] = {}
        self._default_role_id = default_role_id

    @classmethod
    def of(cls, live: LiveState, plan: Plan) -> LiveIds:
        ids = cls(live.default_role_id)
        for resource in live.resources:
            if resource.id is not None:
                ids.add(resource.kind, resource.key, resource.id)
        # A renamed object is referred to by its new name from the start.
        for change in plan.changes:
            if change.id is not None and change.after is not None:
                ids.add(change.kind, change.key, change.id)
        return ids

    @property
    def default_role_id(self) -> int | None:
        return self._default_role_id

    def add(self, kind: str, key: Key, live_id: LiveId) -> None:
        self._ids.setdefault(kind, {})[key] = live_id

    def record(self, where: str, live_id: LiveId) -> None:
        """The id of an object created at address `where`."""
        kind, key = kinds.parse_address(where)
        self.add(kind, key, live_id)

    def id_of(self, kind: str, key: Key) -> int:
        found = self._ids.get(kind, {}).get(key)
        if not isinstance(found, int):  # writers refer by number; UUIDs are never referred to
            raise LookupError(f"{address(kind, key)} has no known id")
        return found

    def ids_of(self, kind: str) -> Mapping[Key, int]:
        return {k: v for k, v in self._ids.get(kind, {}).items() if isinstance(v, int)}
