"""The terminal renderer, worded like Terraform: `+` create, `~` update, `-` delete.

`render_text` words a plan as actions to take; `render_drift_text` words the same plan as
drift found ("has changed outside the configuration"). Both are pure and deterministic;
colour (ANSI) only when asked, and names are stripped of control characters either way.
"""

from __future__ import annotations

from collections.abc import Callable

from reconciler.planning.changes import Action, Change, Plan
from reconciler.render.values import (
    DESTROYS_DATA,
    DRIFT_PHRASES,
    REPLACE_SYMBOL,
    create_fields,
    describe_field,
    drift_note,
    drift_summary,
    drifted,
    format_value,
    header_lines,
    plan_summary,
    printable,
    replacement_creates,
    replacement_fields,
    shown_changes,
    shown_warnings,
    unwritable_drift,
)

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLOURS = {
    "+": "\x1b[32m",
    "~": "\x1b[33m",
    "-": "\x1b[31m",
    REPLACE_SYMBOL: "\x1b[31m",
    "!": "\x1b[33m",
    "x": "\x1b[31m",
}

NO_CHANGES = "No changes. Pipedrive matches the configuration."
NO_DRIFT = "No drift. Pipedrive matches the configuration."
INDENT = "  "
DETAIL = "      "


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def symbol(self, sym: str) -> str:
        return f"{_COLOURS[sym]}{sym}{_RESET}" if self.color else sym

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.color else text


def render_text(plan: Plan, *, color: bool = False) -> str:
    """The plan as the actions apply would take, ending with the `Plan:` and cost lines."""
    paint = _Paint(color)
    lines = _header(plan, paint)
    if plan.changes:
        lines += [paint.bold("Pipedrive reconciler will perform the following actions:"), ""]
        for change in shown_changes(plan.changes):
            lines += _change_lines(change, plan, paint, drift=False)
        lines.append("")
    elif not plan.blocked:
        lines += [NO_CHANGES, ""]
    lines += _sections(plan, paint)
    if plan.changes or plan.blocked:
        lines.append(paint.bold(f"Plan: {plan_summary(plan)}."))
        lines.append(
            f"Estimated token cost: {plan.token_cost} "
            f"(reading the company cost {plan.read_token_cost})."
        )
    else:
        lines.append(_read_cost(plan))
    return "\n".join(lines) + "\n"


def render_drift_text(plan: Plan, *, color: bool = False) -> str:
    """The plan worded as drift: what differs in Pipedrive from the configuration."""
    paint = _Paint(color)
    lines = _header(plan, paint)
    if plan.changes or plan.unwritable:
        lines += [paint.bold("Pipedrive has drifted from the configuration:"), ""]
        for change in shown_changes(plan.changes):
            lines += _change_lines(change, plan, paint, drift=True)
        for where, detail, hint in unwritable_drift(plan):
            head = f"{INDENT}{paint.symbol('~')} {printable(where)}"
            lines.append(f"{head} {DRIFT_PHRASES[Action.UPDATE]}")
            lines += [f"{DETAIL}{printable(detail)}", f"{DETAIL}# {printable(hint)}"]
        lines.append("")
    elif not plan.blocked:
        lines += [NO_DRIFT, ""]
    lines += _sections(plan, paint, drift=True)
    if drifted(plan):
        lines.append(paint.bold(f"Drift: {drift_summary(plan)}."))
    lines.append(_read_cost(plan))
    return "\n".join(lines) + "\n"


def _header(plan: Plan, paint: _Paint) -> list[str]:
    lines = [printable(line) for line in header_lines(plan)]
    if plan.selection.partial:
        lines[-1] = paint.bold(lines[-1])
    return [*lines, ""] if lines else []


def _read_cost(plan: Plan) -> str:
    return f"Reading the company cost {plan.read_token_cost} tokens."


def _change_lines(change: Change, plan: Plan, paint: _Paint, *, drift: bool) -> list[str]:
    if change.replaced and change.action is Action.DELETE:
        return _replacement_lines(change, plan, paint, drift=drift)
    head = f"{INDENT}{paint.symbol(change.action.symbol)} {printable(change.address)}"
    if drift:
        head += f" {DRIFT_PHRASES[change.action]}"
    elif change.destroys_data:
        head += f" ({paint.bold(DESTROYS_DATA)})"
    details: list[tuple[str, str]] = []
    match change.action:
        case Action.CREATE:
            details = [(name, format_value(value)) for name, value in create_fields(change)]
        case Action.UPDATE:
            details = [(f.path, describe_field(f, drift=drift)) for f in change.fields]
        case Action.DELETE:
            pass
    lines = [head, *_aligned(details)]
    notes = list(change.notes)
    if drift and (who := drift_note(change, plan)):
        notes.append(who)
    lines += [f"{DETAIL}# {printable(note)}" for note in notes]
    return lines


def _replacement_lines(change: Change, plan: Plan, paint: _Paint, *, drift: bool) -> list[str]:
    """`-/+ webhook/Deal sync (replaced: why)`, then what the new object changes."""
    created = replacement_creates(plan.changes).get(change.address)
    head = f"{INDENT}{paint.symbol(REPLACE_SYMBOL)} {printable(change.address)}"
    if drift:
        head += f" {DRIFT_PHRASES[Action.UPDATE]}"
    head += f" (replaced: {printable(change.replaced)})"
    fields = replacement_fields(change, created)
    details = [(f.path, describe_field(f, drift=drift)) for f in fields]
    notes = [*change.notes, *(created.notes if created else ())]
    return [head, *_aligned(details), *(f"{DETAIL}# {printable(n)}" for n in notes)]


def _aligned(details: list[tuple[str, str]]) -> list[str]:
    if not details:
        return []
    width = max(len(printable(name)) for name, _ in details) + 1
    return [f"{DETAIL}{(printable(name) + ':').ljust(width)} {printable(v)}" for name, v in details]


def _sections(plan: Plan, paint: _Paint, *, drift: bool = False) -> list[str]:
    """Unmanaged, protected, warnings and blocked, each followed by a blank line."""
    out: list[str] = []

    def section(title: str, items: list[str], render: Callable[[str], str]) -> None:
        if items:
            out.append(paint.bold(title))
            out.extend(render(item) for item in items)
            out.append("")

    section(
        "Unmanaged (exist only in Pipedrive; add them to the config or to prune):",
        list(plan.unmanaged),
        lambda a: f"{INDENT}{printable(a)}",
    )
    section(
        "Protected (kept although the config would delete them):",
        list(plan.protected),
        lambda a: f"{INDENT}{printable(a)}",
    )
    section(
        "Warnings:",
        shown_warnings(plan, drift=drift),
        lambda w: f"{INDENT}{paint.symbol('!')} {printable(w)}",
    )
    if plan.blocked:
        out.append(paint.bold("Blocked (left as they are; apply refuses unless --skip-blocked):"))
        for item in plan.blocked:
            out.append(
                f"{INDENT}{paint.symbol('x')} {printable(item.address)}: {printable(item.reason)}"
            )
            if item.hint:
                out.append(f"{DETAIL}hint: {printable(item.hint)}")
        out.append("")
    return out
