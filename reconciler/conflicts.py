"""Two applies at once must not create one object twice; Pipedrive has no lock to stop them.

Right before a group of creates runs, the kind's list is read again (one call) and an object
that appeared since the plan under a key the group would create is a conflict: apply stops
(exit 5) and creates nothing. Right after the group, the list is read once more, which also
serves as the check before the kind's next group. If another run created the same key in
between, both runs see two objects: the one whose copy has the higher id deletes its own
copy and stops, the other goes on, so exactly one object remains whatever the timing.

Kinds are checked when they can find objects by natural key and say so
(`KindSpec.lookup`, `KindSpec.guard_creates`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reconciler import kinds
from reconciler.calls import Call
from reconciler.errors import NotFoundError, ReconcilerError
from reconciler.ids import LiveIds
from reconciler.kinds.spec import Lookup, StagesApi
from reconciler.planning.changes import Change, Create, Delete, LiveRef
from reconciler.state import Key, LiveId

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


@dataclass(frozen=True)
class Conflict:
    change: Change
    message: str


class CreateGuard:
    """Checks the creates of one apply run against what exists right before and after."""

    def __init__(
        self, client: PipedriveClient, ids: LiveIds, changes: Sequence[Change], api: StagesApi
    ) -> None:
        self._client = client
        self._ids = ids
        self._api = api
        self._keys: dict[str, list[Key]] = {}
        for change in changes:
            if isinstance(change, Create) and _lookup(change.kind) is not None:
                self._keys.setdefault(change.kind, []).append(change.key)
        # The last list read, by kind: still current for the kind's next group, since this
        # run writes nothing of that kind in between.
        self._last: tuple[str, Mapping[Key, Sequence[LiveId]]] | None = None

    async def before(self, group: Sequence[Change]) -> list[Conflict]:
        creates = self._creates(group)
        if not creates:
            return []
        live = await self._read(creates[0].kind, reuse=True)
        return [
            Conflict(
                change,
                f"{change.address} appeared in Pipedrive after the plan was made "
                f"(id {', '.join(map(str, live[change.key]))}); another apply may be running, "
                "so this one stopped without creating it",
            )
            for change in creates
            if live.get(change.key)
        ]

    async def after(self, group: Sequence[Change], created: Mapping[str, LiveId]) -> list[Conflict]:
        """`created` holds the ids this run got for the group's creates, by address."""
        creates = [c for c in self._creates(group) if c.address in created]
        if not creates:
            return []
        live = await self._read(creates[0].kind, reuse=False)
        conflicts = []
        for change in creates:
            ours = created[change.address]
            others = [i for i in live.get(change.key, []) if i != ours]
            if others and min(map(_rank, others)) < _rank(ours):
                conflicts.append(Conflict(change, await self._withdraw(change, ours, others)))
        return conflicts

    def _creates(self, group: Sequence[Change]) -> list[Change]:
        return [c for c in group if isinstance(c, Create) and c.kind in self._keys]

    async def _read(self, kind: str, *, reuse: bool) -> Mapping[Key, Sequence[LiveId]]:
        if reuse and self._last is not None and self._last[0] == kind:
            return self._last[1]
        lookup = _lookup(kind)
        assert lookup is not None  # only kinds with a lookup have keys
        live = await lookup(self._client, self._keys[kind], self._ids, self._api)
        self._last = (kind, live)
        return live

    async def _withdraw(self, change: Change, ours: LiveId, others: list[LiveId]) -> str:
        """Delete this run's copy of an object another run created first."""
        first = min(others, key=_rank)
        seen = f"another run created {change.address} at the same time (id {first})"
        self._last = None
        if isinstance(ours, int):
            copy = Delete(kind=change.kind, key=change.key, id=ours)
        else:
            copy = Delete(kind=change.kind, key=change.key, id=None, payload=LiveRef(ours))
        writer = kinds.kind(change.kind).writer
        assert writer is not None
        try:
            for step in writer(copy, self._ids, self._api):
                if isinstance(step, Call):  # a delete is plain calls
                    await self._client.request(step.method, step.version, step.path, json=step.body)
        except NotFoundError:
            pass
        except ReconcilerError as exc:
            return f"{seen}; removing this run's copy (id {ours}) failed: {exc}"
        return f"{seen}; this run removed its own copy (id {ours}) and stopped"


def _rank(live_id: LiveId) -> tuple[int, str]:
    """Which of two copies stays: the lower id. UUIDs say nothing about age, but both runs
    rank them alike, so exactly one copy remains either way."""
    return (live_id, "") if isinstance(live_id, int) else (0, live_id)


def _lookup(kind: str) -> Lookup | None:
    if not kinds.known(kind):
        return None
    spec = kinds.kind(kind)
    return spec.lookup if spec.guard_creates else None
