"""What a plan is made of: a closed set of changes on addressed objects.

A change is a `Create`, an `Update` or a `Delete`, matched exhaustively. Every one names its
object by kind and natural key and carries the managed fields as the config wants them
(`after`) and as Pipedrive has them (`before`); references (a parent role, the pipeline of a
stage) are natural keys, resolved to ids when the change is written. What a kind's writer
needs beyond that is its `payload`, a frozen dataclass of that kind's (`NO_PAYLOAD` when it
needs nothing); a plan loaded from a file carries it as a `RawPayload`, only to be shown.

A replacement is a `Delete` and a `Create` of one address, both carrying `replaced` (why);
the delete runs first (`planning.order`), and renderers show the pair as one `-/+` line.

`level` orders changes of one kind (parents before children); the plan's execution order
(`order`, see `planning.order`) is derived from it, once, when the plan is assembled.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, ClassVar

from reconciler.planning.provenance import Provenance, Selection
from reconciler.state import Key, address


class Action(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "delete": "-"}[self.value]


@dataclass(frozen=True)
class FieldChange:
    path: str  # field name, dotted for nested values
    before: Any
    after: Any


@dataclass(frozen=True)
class Payload:
    """Kind-specific data for the writer. Subclasses are frozen dataclasses of JSON values
    (tuples for lists); `to_json` is what the plan file shows under `extra`."""

    def to_json(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def user_ids(self) -> tuple[int, ...]:
        """The people this change moves (drift dates it by their changes)."""
        return ()


@dataclass(frozen=True)
class NoPayload(Payload):
    pass


NO_PAYLOAD = NoPayload()


@dataclass(frozen=True)
class LiveRef(Payload):
    """The live id of an object whose id is not a number (a lead label's UUID): changes carry
    numeric ids in `id`, so such a change has `id` None and its id here."""

    live_id: str


@dataclass(frozen=True)
class RawPayload(Payload):
    """A payload as a plan file has it: shown and compared, never executed."""

    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in self.data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Payload):
        return value.to_json()
    return value


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if mapping is None else MappingProxyType(dict(mapping))


@dataclass(frozen=True, kw_only=True)
class _Change:
    kind: str
    key: Key
    payload: Payload = NO_PAYLOAD
    # Consequences a reviewer must see, e.g. "bob@example.com moves to (Unassigned users)".
    notes: tuple[str, ...] = ()
    # Why the object is replaced, on both halves of a replacement (a Delete of the live
    # object, then a Create of the same address): "Pipedrive cannot update a webhook",
    # "--replace". Empty for an ordinary change.
    replaced: str = ""
    # Erases values stored on records (a custom field deleted, an option removed): apply
    # refuses it without --allow-data-loss (`planning.guards`).
    destroys_data: bool = False
    level: int = 0
    order: tuple[Any, ...] = ()

    action: ClassVar[Action]

    @property
    def address(self) -> str:
        return address(self.kind, self.key)


@dataclass(frozen=True, kw_only=True)
class Create(_Change):
    after: Mapping[str, Any]
    action: ClassVar[Action] = Action.CREATE

    def __post_init__(self) -> None:
        object.__setattr__(self, "after", _frozen(self.after))

    @property
    def id(self) -> None:
        return None

    @property
    def before(self) -> None:
        return None

    @property
    def fields(self) -> tuple[FieldChange, ...]:
        return ()


@dataclass(frozen=True, kw_only=True)
class Update(_Change):
    id: int | None
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    fields: tuple[FieldChange, ...]
    action: ClassVar[Action] = Action.UPDATE

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", _frozen(self.before))
        object.__setattr__(self, "after", _frozen(self.after))


@dataclass(frozen=True, kw_only=True)
class Delete(_Change):
    id: int | None
    before: Mapping[str, Any] | None = None
    action: ClassVar[Action] = Action.DELETE

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", _frozen(self.before))

    @property
    def after(self) -> None:
        return None

    @property
    def fields(self) -> tuple[FieldChange, ...]:
        return ()


Change = Create | Update | Delete


@dataclass(frozen=True)
class Blocked:
    """A change the plan will not make because it would destroy data or Pipedrive refuses
    it: a stage holding deals, the last pipeline a role sees."""

    address: str
    reason: str
    hint: str


@dataclass(frozen=True)
class Unwritable:
    """What the config states but the tool cannot write here (stage order through API v2):
    a plan warns about it (`warning`, also in `Plan.warnings`); `drift` reports it as drift."""

    address: str
    field: str  # what differs, in words: "stage order"
    before: str  # as Pipedrive has it
    after: str  # as the config says
    hint: str  # how to fix it by hand
    warning: str


@dataclass(frozen=True)
class Refusal:
    """A safety guard the plan breaks: apply refuses it (exit 3) unless `override` is given."""

    guard: str  # "mass-delete" | "empty-list" | ...
    message: str  # names the numbers and the override
    override: str  # the command-line flag that allows it


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...] = ()
    unmanaged: tuple[str, ...] = ()  # addresses that exist only live and are left alone
    protected: tuple[str, ...] = ()  # addresses kept although the config would delete them
    blocked: tuple[Blocked, ...] = ()
    refusals: tuple[Refusal, ...] = ()
    warnings: tuple[str, ...] = ()
    unwritable: tuple[Unwritable, ...] = ()
    token_cost: int = 0  # estimated tokens apply will spend
    read_token_cost: int = 0  # tokens spent reading the company for this plan
    live_fingerprint: str = ""
    config_digest: str = ""
    stages_api: str = "v2"
    # `--target`/`--exclude` the plan was narrowed by; a saved narrowed plan applies only them.
    selection: Selection = field(default_factory=Selection)
    # The company, connection and tool the plan was made with; None for a bare `build_plan`.
    provenance: Provenance | None = None
    # When drifted objects last changed, by address (`drift`, from Pipedrive's recents).
    changed_at: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "delete": 0}
        for change in self.changes:
            counts[change.action.value] += 1
        return counts


def change_of(
    action: Action,
    kind: str,
    key: Key,
    *,
    id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    fields: tuple[FieldChange, ...] = (),
    notes: tuple[str, ...] = (),
    payload: Payload = NO_PAYLOAD,
    order: tuple[Any, ...] = (),
    level: int = 0,
    replaced: str = "",
    destroys_data: bool = False,
) -> Change:
    """A change of `action` from its parts (a plan file, a test): what an action has no
    use for (an update's `before` on a create) must be absent."""
    common: dict[str, Any] = {
        "kind": kind,
        "key": key,
        "notes": notes,
        "payload": payload,
        "order": order,
        "level": level,
        "replaced": replaced,
        "destroys_data": destroys_data,
    }
    match action:
        case Action.CREATE:
            if after is None or before is not None or fields or id is not None:
                raise ValueError("a create has `after` only")
            return Create(after=after, **common)
        case Action.UPDATE:
            if replaced:
                raise ValueError("an update is never a replacement")
            if before is None or after is None:
                raise ValueError("an update has `before` and `after`")
            return Update(id=id, before=before, after=after, fields=fields, **common)
        case Action.DELETE:
            if after is not None or fields:
                raise ValueError("a delete has no `after`")
            return Delete(id=id, before=before, **common)
