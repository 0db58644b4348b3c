"""The one interface every resource kind implements, and the contexts they share.

An adapter knows one kind's API calls and nothing else: `read` turns Pipedrive's answers into
normalized `Resource`s (only for what the config manages), `apply` turns one planned `Change`
into API calls. Adapters never decide *what* to change; the planner did that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

# Re-exported: every adapter decodes Pipedrive's answers with these.
from reconciler.api.decode import as_bool as as_bool
from reconciler.api.decode import as_id
from reconciler.api.decode import as_int as as_int
from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.planning.changes import Change
from reconciler.state import PIPELINE, ROLE, DesiredState, Key, Resource, User, address

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


@dataclass
class ReadContext:
    """What has been read so far; later kinds look up ids and names read by earlier ones."""

    client: PipedriveClient
    desired: DesiredState
    stages_api: str = "v2"
    resources: list[Resource] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    default_role_id: int | None = None
    pipeline_names: dict[int, str] = field(default_factory=dict)  # live pipeline id -> name
    role_names: dict[int, str] = field(default_factory=dict)  # live role id -> name

    def live(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.kind == kind]

    def wanted_live(self, kind: str, aspect: str) -> list[Resource]:
        """Live objects of `kind` that a desired `aspect` (e.g. role_settings) may match:
        same name, a `renamed_from` name, or a pinned id. Lets adapters read per-object
        details only for objects the config manages."""
        names: set[str] = set()
        ids: set[int] = set()
        for wanted in self.desired.of_kind(aspect):
            parent = _find(self.desired.of_kind(kind), wanted.key)
            names.add(wanted.key[-1])
            if parent is not None:
                names.update(parent.renamed_from)
                if parent.id is not None:
                    ids.add(parent.id)
        return [r for r in self.live(kind) if r.name in names or r.id in ids]


def _find(resources: Iterable[Resource], key: tuple[str, ...]) -> Resource | None:
    return next((r for r in resources if r.key == key), None)


@dataclass
class ApplyContext:
    """Ids the applier knows: live objects by address, plus those created during this run."""

    client: PipedriveClient
    stages_api: str = "v2"
    ids: dict[str, int] = field(default_factory=dict)
    default_role_id: int | None = None
    users_by_id: dict[int, User] = field(default_factory=dict)

    @classmethod
    def from_live(
        cls,
        client: PipedriveClient,
        resources: Iterable[Resource],
        *,
        stages_api: str,
        default_role_id: int | None,
        users: Iterable[User] = (),
    ) -> ApplyContext:
        ids = {r.address: r.id for r in resources if r.id is not None}
        return cls(
            client,
            stages_api=stages_api,
            ids=ids,
            default_role_id=default_role_id,
            users_by_id={u.id: u for u in users},
        )

    def id_of(self, kind: str, *key: str) -> int:
        found = self.ids.get(address(kind, key))
        if found is None:
            raise LookupError(f"{address(kind, key)} has no known id")
        return found

    def role_id(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name == DEFAULT_ROLE_NAME and self.default_role_id is not None:
            return self.default_role_id
        return self.id_of(ROLE, name)

    def pipeline_ids(self) -> dict[str, int]:
        prefix = f"{PIPELINE}/"
        return {a[len(prefix) :]: i for a, i in self.ids.items() if a.startswith(prefix)}


class Adapter(Protocol):
    kind: str
    depends_on: tuple[str, ...]

    def wanted(self, desired: DesiredState) -> bool:
        """Whether the config manages this kind, so it must be read at all."""
        ...

    async def read(self, ctx: ReadContext) -> None:
        """Append this kind's live resources (and users, default role) to `ctx`."""
        ...

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        """Make one change; return the new id for a create."""
        ...

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        """Look a create up by its natural key (a lost response must not create twice)."""
        ...


@runtime_checkable
class KeyedLookup(Protocol):
    """A kind whose objects can be found by natural key: its creates are checked against
    what exists right before and after they are made (see `reconciler.conflicts`)."""

    async def live_ids(self, keys: Sequence[Key], ctx: ApplyContext) -> dict[Key, list[int]]:
        """Live ids per key, for the `keys` that have any."""
        ...


def ids_by_key(
    items: Iterable[dict[str, Any]], key_of: Callable[[dict[str, Any]], Key], keys: Iterable[Key]
) -> dict[Key, list[int]]:
    """The live ids of every item whose natural key is one of `keys`, sorted."""
    wanted = set(keys)
    out: dict[Key, list[int]] = {}
    for item in items:
        key = key_of(item)
        if key in wanted:
            out.setdefault(key, []).append(as_id(item["id"]))
    return {key: sorted(ids) for key, ids in out.items()}


def only(ids: list[int]) -> int | None:
    """The id when exactly one object has the key; none or several is not a match."""
    return ids[0] if len(ids) == 1 else None
