"""What one kind of the sandbox declares, and the base of its rules.

A kind (roles, pipelines with their stages, webhooks, ...) is one module of
`reconciler.sandbox.kinds`, listed once in that package's `KINDS`. Its `Kind` value names:

* `rules`: a `Rules` subclass, one instance per company (`Store.part`), owning the kind's
  record tables and the rules Pipedrive applies to them (what a write may do, what a
  delete takes with it);
* `v1_routes`/`v2_routes`: its Starlette routes, each served only as the documented
  operation of its path (`validation.documented_routes`); `before` runs ahead of them;
* `seed`: how its section of a seed file becomes records (`SeedBuild`);
* `uncosted_templates`: operations documented only before Pipedrive published token costs,
  so stats can still key them by their path template.

Kinds meet through the store: one kind reads another's part (`store.part(Pipelines)`), in
the order `KINDS` lists them, and reacts to another's records being deleted or changed
through the hooks below, so a kind that came first never needs to know those after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from starlette.requests import Request
from starlette.routing import BaseRoute

from reconciler.sandbox.failure import not_found

if TYPE_CHECKING:
    from reconciler.sandbox.seed_models import SeedConfig
    from reconciler.sandbox.store import Store

Loc = Sequence[str | int]
Record = TypeVar("Record")


class Rules:
    """One kind's records and rules inside one company.

    `tables` names each record table (the name a state dump uses) and its record type; the
    instance holds each table as an attribute of that name, `{id: record}`.
    """

    tables: ClassVar[Mapping[str, type]] = {}

    def __init__(self, store: Store) -> None:
        self.store = store
        for name in self.tables:
            setattr(self, name, {})

    def table(self, name: str) -> dict[Any, Any]:
        found: dict[Any, Any] = getattr(self, name)
        return found

    # Hooks, called on every kind's part: see Store.delete_cascading and Store.changed.
    def refuse_delete(self, record: object) -> None:
        """Raise an ApiFailure when this kind forbids deleting `record` (another kind's)."""

    def after_delete(self, record: object) -> None:
        """Follow a deletion of `record` (another kind's) through this kind's records."""

    def after_change(self, record: object) -> None:
        """Follow a change of `record` (another kind's) through this kind's records."""

    def loaded(self) -> None:
        """Called once the tables were filled from a state dump."""


def live(records: Mapping[Any, Record], record_id: Any, what: str) -> Record:
    """The record with that id unless it is missing or deleted (then a 404 naming `what`)."""
    record = records.get(record_id)
    if record is None or getattr(record, "deleted", False):
        raise not_found(what)
    return record


def alive(records: Mapping[Any, Record]) -> Iterator[Record]:
    return (r for r in records.values() if not getattr(r, "deleted", False))


@dataclass
class SeedBuild:
    """One seed being built: problems are collected with the location they come from."""

    store: Store
    config: SeedConfig
    problems: list[tuple[Loc, str]] = field(default_factory=list)

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append((loc, message))


@dataclass(frozen=True)
class Kind:
    name: str
    rules: type[Rules]
    v1_routes: Sequence[BaseRoute] = ()
    v2_routes: Sequence[BaseRoute] = ()
    before: Callable[[Request], None] | None = None
    seed: Callable[[SeedBuild], None] | None = None
    uncosted_templates: Sequence[str] = ()
