"""The in-memory company: one rules part per kind, the clock, id sequences, the change log.

Single process, asyncio: handlers read and mutate the store without awaiting in between, so
no locks are needed. Each kind's records and rules live in its part (`part(Roles)`); this
module holds what every kind shares and turns the whole into a state dump and back.

Every record keeps `deleted` instead of disappearing where Pipedrive soft-deletes ("Marks a
... as deleted"), so a dump keeps them and ids are never reused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, is_dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from reconciler.sandbox.kind import Rules
from reconciler.sandbox.kinds import KINDS

STATE_FORMAT = "pipedrive-sandbox-state"
DEFAULT_COMPANY = {"id": 1000001, "name": "Sandbox Company", "domain": "sandbox"}
R = TypeVar("R", bound=Rules)


@dataclass
class ChangeRecord:
    """One entry of the change log behind /recents."""

    time: datetime
    item: str  # "stage" | "pipeline" | "user"
    id: int


class Store:
    """All records of one company. `wall_clock` gives epoch seconds for timestamps."""

    owner_is_admin = True  # the token's user; SandboxOptions.admin

    def __init__(self, wall_clock: Callable[[], float]) -> None:
        self._wall_clock = wall_clock
        self.company: dict[str, Any] = dict(DEFAULT_COMPANY)
        self.changes: list[ChangeRecord] = []
        self._parts: dict[type[Rules], Rules] = {}
        self.next_ids: dict[str, int] = {}
        for kind in KINDS:
            part = kind.rules(self)
            self._parts[kind.rules] = part
            self.next_ids.update(dict.fromkeys(kind.rules.tables, 1))
        for part in self._parts.values():
            part.loaded()

    def part(self, rules: type[R]) -> R:
        found = self._parts[rules]
        assert isinstance(found, rules)
        return found

    # -- what every kind shares ------------------------------------------------------------

    def now(self) -> datetime:
        # Pipedrive timestamps have second precision.
        return datetime.fromtimestamp(int(self._wall_clock()), tz=UTC)

    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def next_ids_at_least(self, table: str, value: int) -> None:
        """For records whose ids the seed chooses (deals, activities, products)."""
        self.next_ids[table] = max(self.next_ids[table], value)

    def record_change(self, item: str, item_id: int) -> None:
        self.changes.append(ChangeRecord(time=self.now(), item=item, id=item_id))

    def refuse_delete(self, record: object) -> None:
        """Let every kind refuse the deletion of `record` before anything changes."""
        for part in self._parts.values():
            part.refuse_delete(record)

    def deleted(self, record: object) -> None:
        """Let every kind follow the deletion of `record` through its own records."""
        for part in self._parts.values():
            part.after_delete(record)

    def changed(self, record: object) -> None:
        for part in self._parts.values():
            part.after_change(record)

    # -- dump / load ----------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """A JSON-ready copy of everything, deleted records included; `load` is its inverse."""
        data: dict[str, Any] = {"format": STATE_FORMAT, "version": 1}
        data["company"] = dict(self.company)
        data["next_ids"] = dict(self.next_ids)
        for part in self._parts.values():
            for name in part.tables:
                data[name] = [_dump(record) for record in part.table(name).values()]
        data["changes"] = [_dump(change) for change in self.changes]
        return data

    @classmethod
    def load(cls, data: dict[str, Any], wall_clock: Callable[[], float]) -> Store:
        store = cls(wall_clock)
        for part in store._parts.values():
            table_types = part.tables
            for name, record_type in table_types.items():
                records = [_load(record_type, item) for item in data.get(name, [])]
                table = part.table(name)
                table.clear()
                table.update({record.id: record for record in records})
        store.changes = [_load(ChangeRecord, item) for item in data.get("changes", [])]
        store.company.update(data.get("company", {}))
        store.next_ids.update(
            {k: v for k, v in data.get("next_ids", {}).items() if k in store.next_ids}
        )
        for part in store._parts.values():
            for name in part.tables:
                # Integer ids only: lead labels are keyed by UUIDs and need no sequence.
                taken = [i + 1 for i in part.table(name) if isinstance(i, int)]
                store.next_ids[name] = max([store.next_ids[name], *taken])
            part.loaded()
        return store


def _dump(record: Any) -> dict[str, Any]:
    data = asdict(record)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _load(record_type: type, data: dict[str, Any]) -> Any:
    """A record from its dump: datetime fields (those typed so) parsed back from ISO text."""
    assert is_dataclass(record_type)
    values = dict(data)
    for spec in fields(record_type):
        value = values.get(spec.name)
        if isinstance(value, str) and "datetime" in str(spec.type):
            values[spec.name] = datetime.fromisoformat(value)
    return record_type(**values)
