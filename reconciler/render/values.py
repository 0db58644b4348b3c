"""Pieces every human renderer shares: value formatting, set deltas, kind order, wording.

The text and Markdown renderers word the same facts; keeping the facts here means a plan and
a drift report, or a terminal and a PR comment, never disagree about what a change does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reconciler import kinds
from reconciler.planning.changes import Action, Change, FieldChange, Plan
from reconciler.planning.provenance import partial_warning

# Fields whose lists are sets: a change shows the items added and removed, not two lists.
SET_FIELDS = frozenset(name for spec in kinds.KINDS for name in spec.set_fields)


def counted(number: int, noun: str) -> str:
    """`1 change`, `3 changes`: a count with its noun, plural (a trailing s) unless one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def format_value(value: Any) -> str:
    """One value as a reviewer reads it: JSON (strings quoted, None as null), keys sorted."""
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=format_value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def item_label(item: Any) -> str:
    """A set member as shown in a delta: bare strings (emails, names), other values as JSON."""
    return item if isinstance(item, str) else format_value(item)


@dataclass(frozen=True)
class SetDelta:
    added: tuple[Any, ...]
    removed: tuple[Any, ...]


def set_delta(change: FieldChange) -> SetDelta | None:
    """Items added and removed when the field is a set-valued list on both sides, else None.

    A side that is None counts as the empty set, so `members: null -> [a]` reads `+ a`.
    """
    name = change.path.rsplit(".", 1)[-1]
    if name not in SET_FIELDS:
        return None
    before, after = change.before, change.after
    if not all(v is None or isinstance(v, (list, tuple, set, frozenset)) for v in (before, after)):
        return None
    before_items = list(before or ())
    after_items = list(after or ())
    added = [v for v in after_items if v not in before_items]
    removed = [v for v in before_items if v not in after_items]
    return SetDelta(tuple(sorted(added, key=item_label)), tuple(sorted(removed, key=item_label)))


def ordered_kinds(names: Iterable[str]) -> list[str]:
    """Kinds in dependency order (the registry's), kinds unknown to it after them by name."""
    present = set(names)
    known = [k for k in kinds.NAMES if k in present]
    return known + sorted(present - set(kinds.NAMES))


def changes_by_kind(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """Changes grouped by kind, kinds in dependency order, plan order kept inside a kind."""
    groups: dict[str, list[Change]] = {k: [] for k in ordered_kinds(c.kind for c in changes)}
    for change in changes:
        groups[change.kind].append(change)
    return groups


REPLACE_SYMBOL = "-/+"


def replacement_creates(changes: Sequence[Change]) -> dict[str, Change]:
    """The create half of each replacement, by address: renderers show it on its delete's
    `-/+` line rather than as a change of its own."""
    return {c.address: c for c in changes if c.replaced and c.action is Action.CREATE}


def shown_changes(changes: Sequence[Change]) -> list[Change]:
    """The changes a renderer lists: a replacement once, as its delete half."""
    paired = {c.address for c in changes if c.replaced and c.action is Action.DELETE}
    return [c for c in changes if not (c.action is Action.CREATE and c.address in paired)]


def replacement_fields(delete: Change, create: Change | None) -> list[FieldChange]:
    """What a replacement changes: every field the new object sets that differs from the old
    one's (none for a forced replacement of an unchanged object)."""
    before, after = dict(delete.before or {}), dict((create.after if create else None) or {})
    return [
        FieldChange(name, before.get(name), value)
        for name, value in sorted(after.items())
        if name not in before or before[name] != value
    ]


def create_fields(change: Change) -> list[tuple[str, Any]]:
    """The fields a create sets, sorted by name, from `after`."""
    return sorted((change.after or {}).items())


def drift_note(change: Change, plan: Plan) -> str | None:
    """When a drifted object last changed, if `drift` found it in Pipedrive's recents (which
    never say who)."""
    when = plan.changed_at.get(change.address)
    return f"last changed at {when}" if when else None


def plan_summary(plan: Plan) -> str:
    """`2 to create, 1 to update, 0 to delete` (no trailing full stop)."""
    counts = plan.summary()
    return (
        f"{counts['create']} to create, {counts['update']} to update, {counts['delete']} to delete"
    )


# How drift words each action, and its summary order: changed, missing, only in Pipedrive.
DRIFT_PHRASES = {
    Action.UPDATE: "has changed outside the configuration",
    Action.CREATE: "is missing from Pipedrive",
    Action.DELETE: "exists only in Pipedrive",
}


def drifted(plan: Plan) -> bool:
    """Whether `drift` has anything to report (and exits 2): changes, blocked deletes, or
    what the config states but the tool cannot write (v2 stage order)."""
    return bool(plan.changes or plan.blocked or plan.unwritable)


def drift_summary(plan: Plan) -> str:
    """`1 changed outside the configuration, 2 missing from Pipedrive, 1 only in Pipedrive
    (1 unmanaged)`: every object the report lists counts once, stage order drift as changed,
    and live objects left alone (unmanaged, protected, blocked) as only in Pipedrive."""
    counts = plan.summary()
    changed = counts["update"] + len(plan.unwritable)
    kept = {
        "unmanaged": len(plan.unmanaged),
        "protected": len(plan.protected),
        "blocked": len(plan.blocked),
    }
    only = counts["delete"] + sum(kept.values())
    detail = ", ".join(f"{n} {word}" for word, n in kept.items() if n)
    return (
        f"{changed} changed outside the configuration, "
        f"{counts['create']} missing from Pipedrive, {only} only in Pipedrive"
        + (f" ({detail})" if detail else "")
    )


def unwritable_drift(plan: Plan) -> list[tuple[str, str, str]]:
    """Drift the tool cannot write, as (address, field description, hint) for the drift
    renderers, worded like a changed field."""
    return [
        (
            u.address,
            f"{u.field}: Pipedrive has {u.before}, the configuration says {u.after}",
            u.hint,
        )
        for u in plan.unwritable
    ]


def printable(text: str) -> str:
    """Text with control characters escaped, so a hostile name cannot move the cursor,
    colour the terminal or forge extra lines."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def describe_field(change: FieldChange, *, drift: bool, arrow: str = "->") -> str:
    """One field change in words, without its path.

    Plan: `1 -> 3`, or for a set `[+ carol@example.com, - bob@example.com]`. Drift reads
    `before` as what Pipedrive has and `after` as what the configuration says.
    """
    delta = set_delta(change)
    if delta is None:
        before, after = format_value(change.before), format_value(change.after)
        if drift:
            return f"Pipedrive has {before}, the configuration says {after}"
        return f"{before} {arrow} {after}"
    if not drift:
        items = [f"+ {item_label(v)}" for v in delta.added]
        items += [f"- {item_label(v)}" for v in delta.removed]
        return f"[{', '.join(items)}]" if items else _REORDERED
    parts = []
    if delta.added:
        parts.append(f"missing from Pipedrive: {', '.join(item_label(v) for v in delta.added)}")
    if delta.removed:
        parts.append(f"only in Pipedrive: {', '.join(item_label(v) for v in delta.removed)}")
    return "; ".join(parts) or _REORDERED


# A set field listed as changed with the same items: the planner saw an order change.
_REORDERED = "same items in a different order"


def header_lines(plan: Plan) -> list[str]:
    """What a plan opens with: the company and environment it is for, and a loud line when
    --target/--exclude narrowed it."""
    lines = []
    if plan.provenance is not None:
        lines.append(f"Pipedrive company: {plan.provenance.describe()}")
    if plan.selection.partial:
        lines.append(partial_warning(plan.selection))
    return lines


REFUSAL = "apply will refuse: "


# How a change that erases values stored on records is marked in every format.
DESTROYS_DATA = "destroys data"


def shown_warnings(plan: Plan, *, drift: bool = False) -> list[str]:
    """The plan's warnings, then each guard it breaks as `apply will refuse: ...`; drift
    leaves out what it reports as drift itself (`unwritable_drift`)."""
    reported = {u.warning for u in plan.unwritable} if drift else set()
    warnings = [w for w in plan.warnings if w not in reported]
    return [*warnings, *(REFUSAL + r.message for r in plan.refusals)]
