"""Look-alikes: a create beside an unmatched live object that is probably the same one.

Matching compares names as written, so a live "Sales" is not the config's "sales", nor a
live "Sales " the config's "Sales": the plan would create a second object and leave (or
delete) the first. This never changes the plan; it warns, for every kind keyed by name, when
a create's name differs from an unmatched live object's of the same kind (and the same owner,
for a stage) only in case or surrounding whitespace. Kinds that can tell more (a pipeline by
its stages, a stage by its position) warn in their own planners with `did_you_mean`;
`renamed_holders` is what a holder kind (pipelines, boards) calls to recognise one of its
objects by what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from reconciler import kinds
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Change, Create, Delete
from reconciler.planning.match import Matching
from reconciler.state import DesiredState, Key, LiveState, Resource


def spelling_difference(wanted: str, live: str) -> str | None:
    """How two different names differ when only by case and surrounding whitespace, else
    None: "case", "surrounding whitespace" or "case and surrounding whitespace"."""
    if wanted == live or _folded(wanted) != _folded(live):
        return None
    spaced = wanted.strip() != wanted or live.strip() != live
    cased = wanted.strip() != live.strip()
    if spaced and cased:
        return "case and surrounding whitespace"
    return "surrounding whitespace" if spaced else "case"


def did_you_mean(
    origin: str | None,
    address: str,
    noun: str,
    live_name: str,
    live_id: object,
    why: str,
    pin: str = "id",
) -> str:
    """The warning's one wording: `... did you mean 'X'? add renamed_from or id: ...`;
    `pin` is the key that pins the kind's objects (`code` for custom fields)."""
    ident = f" ({pin} {live_id})" if live_id is not None else ""
    pinned = f" or {pin}: {live_id}" if live_id is not None else ""
    return (
        f"{origin or '<config>'}: {address} is created although the live {noun} "
        f"'{live_name}'{ident} {why}: did you mean '{live_name}'? add renamed_from or {pin}: "
        f"to match it (renamed_from: [{live_name}]{pinned})"
    )


def lookalike_warnings(
    creates: Iterable[Change],
    outcomes: Sequence[KindOutcome],
    desired: DesiredState,
    live: LiveState,
) -> list[str]:
    """A warning for each create whose name only differs in spelling from a live object of
    its kind the plan leaves unmatched (unmanaged, deleted, protected or kept as blocked)."""
    unmatched: dict[tuple[str, Key], object] = {}  # -> the value that would pin it
    for outcome in outcomes:
        for change in outcome.changes:
            if isinstance(change, Delete):
                unmatched[(change.kind, change.key)] = _pin(live, change.kind, change.key)
        for found in (*outcome.unmanaged, *outcome.protected, *outcome.blocked):
            kind, key = kinds.parse_address(found)
            unmatched.setdefault((kind, key), _pin(live, kind, key))
    # Indexed by the spelling-free name, so a plan of thousands of creates stays linear.
    alike: dict[tuple[str, Key, str], list[tuple[str, object]]] = {}
    for (kind, key), live_id in unmatched.items():
        alike.setdefault((kind, key[:-1], _folded(key[-1])), []).append((key[-1], live_id))
    warnings = []
    for change in creates:
        if not isinstance(change, Create) or not kinds.known(change.kind):
            continue
        name = change.key[-1]
        for live_name, live_id in alike.get((change.kind, change.key[:-1], _folded(name)), ()):
            why = spelling_difference(name, live_name)
            if why is None:
                continue
            want = desired.with_key(change.kind, change.key)
            origin = want.origin if want is not None else None
            spec = kinds.kind(change.kind)
            text = f"differs from it only in {why}"
            warnings.append(
                did_you_mean(origin, change.address, spec.noun, live_name, live_id, text, spec.pin)
            )
    return warnings


def _pin(live: LiveState, kind: str, key: Key) -> object:
    resource = live.with_key(kind, key)
    if resource is None or not kinds.known(kind):
        return None
    pin = kinds.kind(kind).pin
    return resource.id if pin == "id" else resource.fields.get(pin)


def _folded(name: str) -> str:
    return name.strip().casefold()


def renamed_holders(
    matching: Matching,
    declared: Mapping[str, Sequence[Resource]],
    held_of: Callable[[Resource], Sequence[Resource]],
    children: str,
) -> list[str]:
    """For each created holder declaring `children` (`declared` by its name), the unmatched
    live one sharing at least half of the children of both (the most shared when several
    do): a pipeline renamed in Pipedrive, recognised by its stages."""
    warnings = []
    for want in matching.unmatched_desired:
        wanted = {c.name for c in declared.get(want.name, ())}
        if not wanted or spelled_alike(want, matching.unmatched_live):
            continue  # the generic check says it
        best: tuple[int, Resource] | None = None
        for have in matching.unmatched_live:
            held = {c.name for c in held_of(have)}
            shared = len(wanted & held)
            alike = shared and 2 * shared >= max(len(wanted), len(held))
            if alike and (best is None or shared > best[0]):
                best = (shared, have)
        if best is not None:
            shared, have = best
            why = f"holds the same {children} ({shared} of its {len(held_of(have))} by name)"
            noun = kinds.kind(want.kind).noun
            warnings.append(did_you_mean(want.origin, want.address, noun, have.name, have.id, why))
    return warnings


def spelled_alike(want: Resource, live: Sequence[Resource]) -> bool:
    return any(spelling_difference(want.name, have.name) for have in live)
