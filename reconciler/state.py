"""The normalized state both sides are reduced to before planning.

Desired state (from the config) and live state (from Pipedrive) are the same type, so a
plan is a diff of two values. Fields are in the config's vocabulary with API quirks already
normalised: names instead of ids for references, real booleans, ints for numbers, None for
"off". Only the fields the config manages appear in a desired resource.

Each kind (its key, fields and rules) is declared in `reconciler.kinds`; the address of an
object is `kind/` + its key parts (see `address`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

Key = tuple[str, ...]
# The id of a change's live object: an int, except lead labels' UUID strings (a lead label
# resource keeps its UUID in its `label_id` field, as `Resource.id` is an int).
LiveId = int | str

PIPELINE = "pipeline"
STAGE = "stage"
ROLE = "role"
ROLE_SETTINGS = "role_settings"
ROLE_PIPELINES = "role_pipelines"
ROLE_MEMBERS = "role_members"
PROJECT = "project"
PRODUCT_FOLLOWERS = "product_followers"
SUBSCRIPTION = "subscription"
BOARD = "board"
PHASE = "phase"
PROJECT_TEMPLATE = "project_template"

# Read-only objects projects refer to (read, never planned): project_template (title,) with
# `board`.


def address(kind: str, key: Key) -> str:
    """`kind/key`. A one-part key is written as it is, so `pipeline/EMEA/APAC` names the
    pipeline "EMEA/APAC"; the parts of a longer key escape `/` (and `%`) as in URLs, so
    `stage/EMEA%2FAPAC/Won` cannot be mistaken for a stage "APAC/Won" of pipeline "EMEA"."""
    if len(key) == 1:
        return f"{kind}/{key[0]}"
    return "/".join([kind, *(part.replace("%", "%25").replace("/", "%2F") for part in key)])


def in_live_order(resources: Iterable[Resource]) -> list[Resource]:
    """Objects of a list Pipedrive keeps in order (stages, boards, phases) as it lists them:
    by `position`, then id."""
    return sorted(resources, key=lambda r: (r.fields.get("position") or 0, r.id or 0))


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Resource:
    """One object of one kind, on either side.

    `id` is the live id (None for desired objects unless pinned with `id:`). `renamed_from`,
    `protect` and `origin` (`file:line:column` of its config entry) only matter on the desired
    side.
    """

    kind: str
    key: Key
    fields: Mapping[str, Any]
    id: int | None = None
    renamed_from: tuple[str, ...] = ()
    protect: bool = False
    origin: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _frozen(self.fields))

    @property
    def address(self) -> str:
        return address(self.kind, self.key)

    @property
    def name(self) -> str:
        return self.key[-1]


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role_id: int | None
    active: bool = True


class _Indexed:
    """Lookups by kind, id and key, built once per state on first use (states are frozen)."""

    resources: tuple[Resource, ...]

    @cached_property
    def _by_kind(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for resource in self.resources:
            index.setdefault(resource.kind, []).append(resource)
        return index

    @cached_property
    def _by_id(self) -> dict[tuple[str, int], Resource]:
        index: dict[tuple[str, int], Resource] = {}
        for resource in self.resources:
            if resource.id is not None:
                index.setdefault((resource.kind, resource.id), resource)
        return index

    @cached_property
    def _by_key(self) -> dict[tuple[str, Key], Resource]:
        index: dict[tuple[str, Key], Resource] = {}
        for resource in self.resources:
            index.setdefault((resource.kind, resource.key), resource)
        return index

    def of_kind(self, kind: str) -> list[Resource]:
        """The resources of `kind`, in their order."""
        return list(self._by_kind.get(kind, ()))

    def with_id(self, kind: str, id_: int | None) -> Resource | None:
        """The first resource of `kind` with live id `id_`."""
        return None if id_ is None else self._by_id.get((kind, id_))

    def with_key(self, kind: str, key: Key) -> Resource | None:
        """The first resource of `kind` with `key`."""
        return self._by_key.get((kind, key))


@dataclass(frozen=True)
class LiveState(_Indexed):
    """What adapters read from Pipedrive. Resources may repeat a key (an ambiguity the
    planner reports), so they are a tuple, not a mapping."""

    resources: tuple[Resource, ...] = ()
    users: tuple[User, ...] = ()
    default_role_id: int | None = None
    # Kinds that were read; a kind not read (not managed by the config) has no live objects
    # here, which must not be mistaken for "none exist".
    kinds_read: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class DesiredState(_Indexed):
    resources: tuple[Resource, ...] = ()
    prune: frozenset[str] = frozenset()  # kinds (state vocabulary): "role", "pipeline"
    max_delete_percent: float = 30
    min_existing: int = 10
    stages_api: Literal["v1", "v2"] = "v2"
    # Addresses of declared objects whose children the config lists authoritatively (a
    # pipeline with a `stages` key): their undeclared live children are deleted.
    authoritative: frozenset[str] = frozenset()
    # Addresses never deleted: the config's top-level `protected` list plus every declared
    # object with `protect: true` (the planner keeps them and lists them in Plan.protected).
    protected: frozenset[str] = frozenset()
    # Origins of values inside a resource, for errors that point at one list entry:
    # key `entry_key(address, field, entry)`, e.g. "role_members/Sales:members:bob@x.com".
    entry_origins: Mapping[str, str] = field(default_factory=dict)

    def origin_of(self, resource: Resource, field_name: str, entry: object = None) -> str:
        """Where a field (or one entry of a list field) was written; the resource's own
        origin when the entry is not known."""
        found = self.entry_origins.get(entry_key(resource.address, field_name, entry))
        return found or resource.origin or "<config>"


def entry_key(address_: str, field_name: str, entry: object = None) -> str:
    return f"{address_}:{field_name}" if entry is None else f"{address_}:{field_name}:{entry}"
