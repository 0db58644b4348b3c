"""What one kind declares, once, for everything generic to iterate over.

A *kind* is what an address names (`role`, `stage`, `role_settings`); a *section* is what a
config file declares (`roles:` holds roles with their settings, visibility and members). Each
kind family is one package of `reconciler.kinds`, registered once in that package's
registry, and declares:

    KindSpec     key, owner, pruning and protection, field normalisers, drift coverage,
                 and its planner, reader, writer and lookup
    SectionSpec  the config model of its section, how environments merge it, how it becomes
                 desired state, how it is exported and compared between companies, and its
                 offline checks

The planner, reader, guards, targets, cost, export, diff-envs, drift and validate are written
once against these and never name a kind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import BaseModel

from reconciler.calls import Call, Ids, Step
from reconciler.errors import ConfigIssue
from reconciler.kinds.exporting import Notes
from reconciler.planning.changes import Blocked, Change, Plan
from reconciler.state import DesiredState, Key, LiveId, LiveState, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient
    from reconciler.kinds.context import PlanContext, ReadContext
    from reconciler.kinds.outcome import KindOutcome

StagesApi = Literal["v1", "v2"]
Normaliser = Callable[[Any], Any]


Planner = Callable[["PlanContext"], "KindOutcome"]
Reader = Callable[["ReadContext"], Awaitable[None]]
# A change expanded, purely, into the calls that write it (`reconciler.calls`).
Writer = Callable[[Change, Ids, StagesApi], Sequence[Step]]
# Live ids by natural key, for the keys that have any (one list call where possible).
Lookup = Callable[
    ["PipedriveClient", Sequence[Key], Ids, StagesApi], Awaitable[Mapping[Key, Sequence[LiveId]]]
]
# Calls for a group of changes written together (v1's bulk stage delete), or None when the
# group is written change by change.
BatchWriter = Callable[[Sequence[Change], StagesApi], Sequence[Step] | None]


@dataclass(frozen=True)
class Facts:
    """What a blocker read; `warnings` go into the plan."""

    warnings: tuple[str, ...]


class Blocker(Protocol):
    """A rule that keeps changes out of a plan because of facts the plan does not read
    itself (deals in a stage): `wants` says from the first plan whether to read them,
    `blocked` which changes they block. The plan is then made again with those objects kept,
    so the changes that depend on them see them (`planning.finalise`)."""

    def wants(self, plan: Plan, live: LiveState) -> bool: ...

    async def read(
        self, client: PipedriveClient, plan: Plan, live: LiveState, api: StagesApi
    ) -> Facts: ...

    def blocked(self, plan: Plan, facts: Facts) -> list[Blocked]: ...


@dataclass(frozen=True)
class KindSpec:
    name: str  # the address prefix and the state vocabulary: "stage"
    section: str  # the config section declaring it: "pipelines"
    noun: str  # "stage", for messages
    plural: str  # "stages"
    key_parts: int = 1
    # The kind whose object holds this one: `--target pipeline/Sales` covers its stages, and
    # deleting the owner deletes what it holds.
    owner: str | None = None
    deleted_with_owner: bool = False  # deleting the owner deletes these objects too
    prune: str | None = None  # the `prune:` name when undeclared live objects may be deleted
    protectable: bool = False
    # Reading and planning order: kinds whose objects this one refers to.
    depends_on: tuple[str, ...] = ()
    normalisers: Mapping[str, Normaliser] = field(default_factory=dict)
    # Normalises every field the table above does not name (role settings: all numbers).
    normalise_other: Normaliser | None = None
    set_fields: frozenset[str] = frozenset()  # list fields compared regardless of order
    # `/recents` item that dates changes of this kind in `drift`; None: it cannot.
    recents_item: str | None = None
    # Read whenever its owner's kind is pruned, as deleting the owner needs it (a deleted
    # pipeline's stages hold deals; a deleted role's members move).
    read_with_owner: bool = False
    # Which declared objects need more than the list gives, by flag: `plan`, `payments`.
    flags: Callable[[DesiredState], Mapping[str, frozenset[str]]] | None = None
    planner: Planner | None = None  # None: planned by its owner's planner
    reader: Reader | None = None  # None: read by its owner's reader
    writer: Writer | None = None
    lookup: Lookup | None = None  # finds a create whose answer was lost
    # The list request `lookup` makes (its token cost goes into the plan's estimate).
    lookup_read: Callable[[StagesApi], Call] | None = None
    # The request that writes one new object (or, for a kind that is a setting of another,
    # one value): the doctor asks the documents whether it needs an admin.
    create_call: Callable[[StagesApi], Call] | None = None
    # `lookup` reads that list once per owner its keys name (phases: `/phases?board_id=`).
    lookup_per_owner: bool = False
    # The config key that pins a declared object to a live one (custom fields: `code`).
    pin: str = "id"
    # Whether each group of creates is checked against `lookup` right before and after it
    # runs, so a concurrent apply cannot create one object twice (`reconciler.conflicts`).
    guard_creates: bool = True
    batch: BatchWriter | None = None
    blockers: tuple[Blocker, ...] = ()
    # Orders changes of one level; default the address.
    tiebreak: Callable[[Change], tuple[Any, ...]] | None = None

    def normalise(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in fields.items():
            rule = self.normalisers.get(key, self.normalise_other)
            out[key] = rule(value) if rule is not None else _same(value)
        return out


def _same(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class Loaded(Protocol):
    """What a section's desired builder needs of a loaded config."""

    @property
    def config(self) -> Any: ...

    def origin(self, *path: str | int) -> str: ...


@dataclass
class DesiredPart:
    """What a section adds to the desired state."""

    resources: list[Resource] = field(default_factory=list)
    # entry key (`state.entry_key`) -> origin, for errors pointing at one list entry
    entry_origins: dict[str, str] = field(default_factory=dict)
    # addresses of objects whose children the config lists authoritatively (a pipeline's
    # `stages:`): undeclared children are deleted
    authoritative: set[str] = field(default_factory=set)


Item = dict[str, Any]


@dataclass(frozen=True)
class Export:
    """How a section is written from the live company (`export`)."""

    words: tuple[str, ...]  # `--kind` words that choose it besides the section name
    reads: tuple[str, ...]  # kinds read for it
    build: Callable[[LiveState, Notes], list[Item]]
    # False for an item not worth writing new (a product nobody follows, a fresh default role)
    worth: Callable[[Item, LiveState], bool] = lambda item, live: True


Where = Callable[[tuple[str | int, ...]], Any]  # document path -> Pos (`config.locations`)


@dataclass(frozen=True)
class SectionSpec:
    name: str  # the config key and the exported file's stem: "roles"
    noun: str  # what one entry is, for messages: "role"
    item: type[BaseModel]  # one entry of the section's list
    description: str
    kinds: tuple[str, ...]
    merge_key: str  # environments merge list entries by it: "name"
    # nested lists merged by a key too: ("stages",) -> "name" inside a pipeline
    nested_merge: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    # keys that exclude each other inside a nested mapping, by its path (a role's pipelines:
    # `visible` or `hidden`): an environment setting one drops the others from the base
    alternatives: Mapping[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    desired: Callable[[Loaded], DesiredPart] | None = None
    export: Export | None = None
    # diff-envs: kinds compared by planning company A's objects (these fields of them, or
    # all when None) as the desired state of company B ...
    compared: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)
    # ... and what is compared otherwise: changes turning B's objects into A's
    compare: Callable[[LiveState, LiveState], list[Change]] | None = None
    checks: Callable[[Any, Where], list[ConfigIssue]] | None = None
    # validate's summary: noun -> count, e.g. {"pipelines": 3, "stages": 14}
    count: Callable[[Any], Mapping[str, int]] | None = None
    # A section that is a mapping of lists rather than one list (`fields:` by entity): its
    # model, and the mapping's keys. Each list is merged by `merge_key`; exported items say
    # which list they belong to with a `_group` key.
    model: type[BaseModel] | None = None
    groups: tuple[str, ...] = ()


def in_list_order(change: Change) -> tuple[Any, ...]:
    """The tiebreak of a kind whose objects are a list in Pipedrive's order (stages, boards,
    phases): by owner, then the position the change writes, then name."""
    fields = change.after or change.before or {}
    position = fields.get("position")
    return (*change.key[:-1], position if isinstance(position, int) else 0, change.key[-1])
