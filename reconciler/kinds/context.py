"""What a kind's planner and reader are handed: the two sides, what other kinds found, and
the people of the company.

`PlanContext` is pure data: the normalised desired and live states, the outcomes of kinds
planned earlier (a kind names the ones it needs in `KindSpec.depends_on`), and the addresses
the plan must keep. `ReadContext` is what readers share while reading: the client, the read
scope (which objects the config declares), and what earlier readers found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal, TypeVar

from reconciler.kinds.outcome import KindOutcome
from reconciler.state import DesiredState, LiveState, Resource, User

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient
    from reconciler.planning.changes import Change

StagesApi = Literal["v1", "v2"]
OutcomeT = TypeVar("OutcomeT", bound=KindOutcome)


class Users:
    """The company's people, found by email (any case) or id: the one user lookup."""

    def __init__(self, users: tuple[User, ...]) -> None:
        self.all = users
        self.by_id = {u.id: u for u in users}
        self.by_email = {u.email.lower(): u for u in users if u.email}

    def find(self, label: object) -> User | None:
        if isinstance(label, int) and not isinstance(label, bool):
            return self.by_id.get(label)
        return self.by_email.get(str(label).lower())


def user_label(user: User) -> str:
    """How a person is named in plans: their email, or `user <id>` without one."""
    return user.email.lower() if user.email else f"user {user.id}"


@dataclass
class PlanContext:
    desired: DesiredState
    live: LiveState
    today: str | None = None  # YYYY-MM-DD: when a recurring subscription update takes effect
    # Addresses the plan keeps although the config would delete them because deleting them
    # is blocked (deals in a stage, the last pipeline a role sees): see `planning.finalise`.
    blocked: frozenset[str] = frozenset()
    outcomes: dict[str, KindOutcome] = field(default_factory=dict)
    # What several planners derive from the same inputs, computed once (by its own name).
    memo: dict[str, object] = field(default_factory=dict)

    def outcome(self, kind: str, expected: type[OutcomeT]) -> OutcomeT:
        found = self.outcomes[kind]
        if not isinstance(found, expected):
            raise TypeError(f"{kind} planned a {type(found).__name__}, not {expected.__name__}")
        return found

    @cached_property
    def users(self) -> Users:
        return Users(self.live.users)

    def prunes(self, kind: str) -> bool:
        return kind in self.desired.prune

    def kept(self, resource: Resource, *also: str) -> str | None:
        """Why a live object the config drops is kept: "protected", "blocked" or None.
        `also` are more addresses that protect it (a former name, say)."""
        addresses = (resource.address, *also)
        if any(a in self.desired.protected for a in addresses):
            return "protected"
        if any(a in self.blocked for a in addresses):
            return "blocked"
        return None

    def leave_or_delete(
        self,
        kind: str,
        have: Resource,
        out: KindOutcome,
        delete: Callable[[Resource], Change],
        held: Sequence[Resource] = (),
    ) -> bool:
        """A live object no config entry matched: listed as unmanaged unless its kind is
        pruned; then kept, and listed as protected or blocked, when it or an object it holds
        (`held`, deleted with it: a pipeline's stages) is; else deleted. True when deleted."""
        if not self.prunes(kind):
            out.unmanaged.append(have.address)
            return False
        found = {r.address: why for r in (have, *held) if (why := self.kept(r)) is not None}
        if not found:
            out.changes.append(delete(have))
            return True
        found.setdefault(have.address, next(iter(found.values())))
        for where, why in found.items():
            (out.protected if why == "protected" else out.blocked).append(where)
        return False


@dataclass(frozen=True)
class Wanted:
    """Which objects of one kind a read must find: every live one (a pruned kind, export)
    or those the config declares, by name (former names included) or pinned id. `flags`
    names the objects needing more than the list gives (`plan`, `payments`, ...)."""

    every: bool = False
    names: frozenset[str] = frozenset()
    ids: frozenset[int] = frozenset()
    flags: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def covers(self, resource: Resource) -> bool:
        return self.every or resource.name in self.names or resource.id in self.ids

    def flagged(self, flag: str, resource: Resource) -> bool:
        marked = self.flags.get(flag, frozenset())
        return resource.name in marked or str(resource.id) in marked


@dataclass(frozen=True)
class ReadScope:
    kinds: frozenset[str]
    wanted: Mapping[str, Wanted] = field(default_factory=dict)

    def of(self, kind: str) -> Wanted:
        return self.wanted.get(kind, Wanted())


@dataclass
class ReadContext:
    client: PipedriveClient
    scope: ReadScope
    stages_api: StagesApi = "v2"
    resources: list[Resource] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    default_role_id: int | None = None
    # live id -> name, per kind, for readers that name references (a stage's pipeline)
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    def live(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.kind == kind]

    def name_of(self, kind: str, live_id: int | None) -> str | None:
        return None if live_id is None else self.names.get(kind, {}).get(live_id)
