"""The pull-request comment: Markdown (GitHub flavour), always within `max_chars`.

Layout: the marker line CI uses to find and update its one comment, a heading, the summary
line (always present, never truncated), then what a reviewer must not miss, open:
destructive changes and blocked objects; then warnings; then one collapsed table per kind;
then unmanaged and protected objects, collapsed. Every name from Pipedrive or the config is
escaped so it cannot break a table or inject HTML. When the comment would be too long, whole
sections are dropped from the end (the last one kept may be cut between rows) and a line
says how many changes are not shown.
"""

from __future__ import annotations

import re

from reconciler.planning.changes import Action, Change, Plan
from reconciler.render.markdown_sections import MIN_CHARS, Section, fit, table_row
from reconciler.render.values import (
    DESTROYS_DATA,
    DRIFT_PHRASES,
    changes_by_kind,
    counted,
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

__all__ = [
    "DRIFT_MARKER",
    "MARKER",
    "MIN_CHARS",
    "escape",
    "escape_html",
    "render_drift_markdown",
    "render_markdown",
]

MARKER = "<!-- pipedrive-reconciler -->"
DRIFT_MARKER = "<!-- pipedrive-reconciler drift -->"
_HINT_CHARS = 200

_ACTION_WORDS = {Action.CREATE: "+ create", Action.UPDATE: "~ update", Action.DELETE: "- delete"}
_REPLACE_WORDS = "-/+ replace"
_DRIFT_WORDS = {Action.CREATE: "+ missing", Action.UPDATE: "~ changed", Action.DELETE: "- extra"}


def escape_html(text: str) -> str:
    """Plain text safe inside raw HTML (a `<summary>`), where Markdown is not parsed."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """Plain text safe inside a table cell or list item: no HTML, no Markdown."""
    text = escape_html(text)
    for ch in "\\`*_[]|~#":
        text = text.replace(ch, "\\" + ch)
    # A list item's text must not open a nested list: "- -x", "- 1. x".
    if text[:1] in ("-", "+"):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def render_markdown(
    plan: Plan, *, max_chars: int = 60000, plan_file_hint: str | None = None
) -> str:
    """The plan as a PR comment of at most `max_chars` characters (at least MIN_CHARS)."""
    if plan.changes or plan.blocked:
        summary = f"**Plan:** {plan_summary(plan)} · estimated token cost {plan.token_cost}"
    else:
        summary = "**No changes.** Pipedrive matches the configuration."
    head = f"{MARKER}\n## Pipedrive reconciler plan\n\n{_header(plan)}{summary}\n"
    sections = [
        _destructive(plan),
        _blocked(plan),
        _warnings(plan),
        *_kind_tables(plan, drift=False),
        *_addresses(plan),
    ]
    return fit(head, sections, len(plan.changes), max_chars, _hint(plan_file_hint))


def render_drift_markdown(
    plan: Plan, *, max_chars: int = 60000, plan_file_hint: str | None = None
) -> str:
    """The plan worded as drift (for the nightly job's issue or comment)."""
    if drifted(plan):
        summary = f"**Drift:** {drift_summary(plan)}"
    else:
        summary = "**No drift.** Pipedrive matches the configuration."
    head = f"{DRIFT_MARKER}\n## Pipedrive drift\n\n{_header(plan)}{summary}\n"
    sections = [
        _blocked(plan),
        _warnings(plan, drift=True),
        *_kind_tables(plan, drift=True),
        *_unwritable(plan),
        *_addresses(plan),
    ]
    return fit(head, sections, len(plan.changes), max_chars, _hint(plan_file_hint))


def _header(plan: Plan) -> str:
    """The company line, and the partial-plan warning as a quote so it stands out."""
    lines = header_lines(plan)
    out = ""
    if plan.provenance is not None:
        out += f"{escape(lines.pop(0))}\n\n"
    if lines:
        out += f"> **{escape(lines[0])}**\n\n"
    return out


def _hint(plan_file_hint: str | None) -> str:
    hint = plan_file_hint if plan_file_hint is not None else "plan --format json"
    if len(hint) > _HINT_CHARS:
        hint = hint[: _HINT_CHARS - 1] + "…"
    return escape(hint)


def _destructive(plan: Plan) -> Section:
    rows: list[tuple[str, frozenset[int]]] = []
    for index, change in enumerate(plan.changes):
        if change.action is not Action.DELETE and not change.notes and not change.destroys_data:
            continue
        if change.replaced and change.action is not Action.DELETE:
            continue  # its delete half stands for the replacement
        word = "replace" if change.replaced else change.action.value
        reason = f" (replaced: {escape(change.replaced)})" if change.replaced else ""
        row = f"- **{word}** {escape(change.address)}{reason}"
        row += f" ({DESTROYS_DATA})\n" if change.destroys_data else "\n"
        row += "".join(f"  - {escape(note)}\n" for note in change.notes)
        rows.append((row, frozenset({index})))
    return Section(lambda shown: "### ⚠ Destructive changes\n\n", rows)


def _blocked(plan: Plan) -> Section:
    rows: list[tuple[str, frozenset[int]]] = []
    for item in plan.blocked:
        row = f"- {escape(item.address)}: {escape(item.reason)}"
        row += f" ({escape(item.hint)})\n" if item.hint else "\n"
        rows.append((row, frozenset()))
    intro = "Left as they are; apply refuses the plan unless `--skip-blocked`.\n\n"
    return Section(lambda shown: f"### ⛔ Blocked\n\n{intro}", rows)


def _warnings(plan: Plan, *, drift: bool = False) -> Section:
    rows = [(f"- {escape(w)}\n", frozenset[int]()) for w in shown_warnings(plan, drift=drift)]
    return Section(lambda shown: "### Warnings\n\n", rows)


def _unwritable(plan: Plan) -> list[Section]:
    """Drift the tool cannot write (v2 stage order): fixed by hand, so listed apart."""
    rows = [
        (
            table_row(
                [
                    _DRIFT_WORDS[Action.UPDATE],
                    escape(where),
                    f"{escape(detail)}<br>↳ {escape(hint)}",
                ]
            ),
            frozenset[int](),
        )
        for where, detail, hint in unwritable_drift(plan)
    ]
    return [_details(f"Not writable by the tool ({len(rows)}", rows, drift=True)] if rows else []


def _kind_tables(plan: Plan, *, drift: bool) -> list[Section]:
    index_of = {id(change): i for i, change in enumerate(plan.changes)}
    halves = replacement_creates(plan.changes)

    def indices(change: Change) -> frozenset[int]:
        """A replacement's row shows both its halves."""
        other = halves.get(change.address) if change.replaced else None
        return frozenset(index_of[id(c)] for c in (change, other) if c is not None)

    sections = []
    for kind, changes in changes_by_kind(shown_changes(plan.changes)).items():
        rows = [(_change_row(c, plan, drift=drift), indices(c)) for c in changes]
        sections.append(
            _details(f"{escape_html(kind)} ({counted(len(rows), 'change')}", rows, drift=drift)
        )
    return sections


def _change_row(change: Change, plan: Plan, *, drift: bool) -> str:
    words = _DRIFT_WORDS if drift else _ACTION_WORDS
    word = words[change.action]
    details: list[str] = []
    if change.replaced and change.action is Action.DELETE:
        created = replacement_creates(plan.changes).get(change.address)
        word = _DRIFT_WORDS[Action.UPDATE] if drift else _REPLACE_WORDS
        details = [f"replaced: {change.replaced}"] + [
            f"{f.path}: {describe_field(f, drift=drift, arrow='→')}"
            for f in replacement_fields(change, created)
        ]
    elif change.action is Action.CREATE:
        details = [f"{name}: {format_value(value)}" for name, value in create_fields(change)]
    elif change.action is Action.UPDATE:
        details = [f"{f.path}: {describe_field(f, drift=drift, arrow='→')}" for f in change.fields]
    if drift:
        details.insert(0, DRIFT_PHRASES[change.action])
    elif change.destroys_data:
        details.insert(0, DESTROYS_DATA)
    notes = list(change.notes)
    if drift and (who := drift_note(change, plan)):
        notes.append(who)
    cell = "<br>".join([escape(d) for d in details] + [f"↳ {escape(n)}" for n in notes])
    return table_row([word, escape(change.address), cell])


def _addresses(plan: Plan) -> list[Section]:
    out = []
    for title, items in (
        ("Unmanaged: exist only in Pipedrive, add them to the config or to prune", plan.unmanaged),
        ("Protected: kept although the config would delete them", plan.protected),
    ):
        rows = [(f"- {escape(a)}\n", frozenset[int]()) for a in items]
        out.append(_details(f"{title} ({len(rows)}", rows, table=False))
    return out


def _details(
    label: str, rows: list[tuple[str, frozenset[int]]], *, drift: bool = False, table: bool = True
) -> Section:
    """A collapsed block (open for drift, where the details are the point)."""
    tag = "<details open>" if drift else "<details>"
    total = len(rows)
    columns = "| drift | address | details |\n" if drift else "| action | address | changes |\n"
    header = columns + "| --- | --- | --- |\n" if table else ""

    def head(shown: int) -> str:
        more = f", {shown} shown" if shown < total else ""
        return f"{tag}<summary>{label}{more})</summary>\n\n{header}"

    return Section(head, rows, tail="\n</details>\n")
