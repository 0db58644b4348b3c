"""The normalized state both sides are reduced to before planning.

Desired state (from the config) and live state (from Pipedrive) are the same type, so a
plan is a diff of two values. Fields are in the config's vocabulary with API quirks already
normalised: names instead of ids for references, real booleans, ints for numbers, None for
"off". Only the fields the config manages appear in a desired resource.

Kinds and their keys (the address is `kind/` + the key parts joined by `/`):

    pipeline        (name,)                 name, deal_probability
    stage           (pipeline, name)        name, pipeline, deal_probability, rotten_days, position
    role            (name,)                 name, parent
    role_settings   (role,)                 <*_default_visibility>: 1|3|5|7
    role_pipelines  (role,)                 visible: sorted pipeline names
    role_members    (role,)                 members: sorted member labels (emails)
    project         (title,)                title, board, phase, owner, status, ..., plan
    product_followers (product id,)         followers: sorted labels (emails)
    subscription    (deal id,)              type, currency, cadence, ..., cancelled

Read-only kinds that projects refer to (read, never planned): project_board (name,)
with `phases` {name: id}, project_template (title,) with `board`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

Key = tuple[str, ...]

PIPELINE = "pipeline"
STAGE = "stage"
ROLE = "role"
ROLE_SETTINGS = "role_settings"
ROLE_PIPELINES = "role_pipelines"
ROLE_MEMBERS = "role_members"
PROJECT = "project"
PRODUCT_FOLLOWERS = "product_followers"
SUBSCRIPTION = "subscription"
PROJECT_BOARD = "project_board"
PROJECT_TEMPLATE = "project_template"

# Dependency order: a kind only refers to kinds before it. Creates and updates run in this
# order, deletes in reverse.
# Projects refer to users (owner) and deals; followers to users: all read before them.
KINDS: tuple[str, ...] = (
    PIPELINE,
    STAGE,
    ROLE,
    ROLE_SETTINGS,
    ROLE_PIPELINES,
    ROLE_MEMBERS,
    PROJECT,
    PRODUCT_FOLLOWERS,
    SUBSCRIPTION,
)

# The kinds beyond roles, pipelines and stages (issue 6); /recents covers none of them.
EXTENDED_KINDS: tuple[str, ...] = (PROJECT, PRODUCT_FOLLOWERS, SUBSCRIPTION)

# Managed fields in config order, besides a project's title and a subscription's type.
PROJECT_FIELDS: tuple[str, ...] = (
    "board",
    "phase",
    "owner",
    "status",
    "description",
    "start_date",
    "end_date",
    "labels",
    "deals",
    "org",
    "person",
)
SUBSCRIPTION_FIELDS: tuple[str, ...] = (
    "currency",
    "cadence",
    "cycle_amount",
    "cycles_count",
    "infinite",
    "start_date",
    "description",
    "payments",
)

# Kinds that live inside a role and share its id and lifetime.
ROLE_ASPECTS: tuple[str, ...] = (ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS)


# Kinds whose key has more than one part; every other kind is keyed by one name.
KEY_PARTS: dict[str, int] = {STAGE: 2}


def address(kind: str, key: Key) -> str:
    """`kind/key`. A one-part key is written as it is, so `pipeline/EMEA/APAC` names the
    pipeline "EMEA/APAC"; the parts of a longer key escape `/` (and `%`) as in URLs, so
    `stage/EMEA%2FAPAC/Won` cannot be mistaken for a stage "APAC/Won" of pipeline "EMEA"."""
    if len(key) == 1:
        return f"{kind}/{key[0]}"
    return "/".join([kind, *(part.replace("%", "%25").replace("/", "%2F") for part in key)])


def parse_address(text: str) -> tuple[str, Key]:
    """The inverse of `address`; an unknown kind is read as keyed by one name."""
    kind, _, rest = text.partition("/")
    if not rest:
        return kind, ()
    if KEY_PARTS.get(kind, 1) == 1:
        return kind, (rest,)
    return kind, tuple(unquote(part) for part in rest.split("/"))


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
    stages_api: str = "v2"
    # Pipelines (config names) that declare `stages`: their stage list is authoritative.
    # A pipeline without a `stages` key leaves its stages unmanaged.
    pipelines_with_stages: frozenset[str] = frozenset()
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
