"""The API calls a change is written with: plain data, made by each kind's writer.

A writer expands a change, purely, into `Step`s: `Call`s in order, and where a later call
needs answers the plan cannot know (a new project's tasks, made by its template), a
`Deferred` that reads them and returns its calls. The applier (`reconciler.apply`) sends
them, and the plan's token cost is the sum over the same expansion (`planning.cost`), so the
estimate and the writes cannot disagree.

`{new}` in a later call's path stands for the id the change's `creates` call answered with.
A call is idempotent when sending it twice lands on the same state: every GET, PUT, PATCH
and DELETE, and a POST marked `upsert` (a role setting, a role assignment). A create whose
answer is lost is looked up by the kind's natural key before it is sent again; any other
POST whose answer is lost is never sent again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from reconciler.state import Key, LiveId

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Version = Literal["v1", "v2"]
NEW_ID = "{new}"


@dataclass(frozen=True)
class Call:
    method: Method
    version: Version
    path: str
    body: Any = None
    params: Mapping[str, Any] | None = None
    creates: bool = False  # its answer's `id` is the new object's id
    upsert: bool = False  # a POST that sets a value: sending it again does no harm

    @property
    def idempotent(self) -> bool:
        return self.method != "POST" or self.upsert

    def with_new_id(self, new_id: LiveId | None) -> Call:
        if new_id is None or NEW_ID not in self.path:
            return self
        return Call(
            self.method,
            self.version,
            self.path.replace(NEW_ID, str(new_id)),
            self.body,
            self.params,
            self.creates,
            self.upsert,
        )


@dataclass(frozen=True)
class Deferred:
    """Calls that need reads first: `expand(client, new_id)` reads and returns them.
    `estimate` stands in for them in the plan's token cost; `what` names them in errors."""

    expand: Callable[[PipedriveClient, int | None], Awaitable[Sequence[Call]]]
    estimate: Sequence[Call]
    what: str


Step = Call | Deferred


class Ids(Protocol):
    """Live ids a writer refers to, by natural key, including objects created earlier in
    the same run. `None` only while estimating a plan's cost, when new ids are unknown."""

    def id_of(self, kind: str, key: Key) -> int | None: ...

    def ids_of(self, kind: str) -> Mapping[Key, int]: ...

    @property
    def default_role_id(self) -> int | None: ...


class Unknown:
    """Ids while estimating cost: every reference resolves to a placeholder."""

    default_role_id: int | None = 0

    def id_of(self, kind: str, key: Key) -> int | None:
        return 0

    def ids_of(self, kind: str) -> Mapping[Key, int]:
        return {}
