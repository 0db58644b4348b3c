"""The pull-request comment: layout, escaping and the size limit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_samples import (
    PLANS,
    change,
    empty_plan,
    full_plan,
    hostile_plan,
    huge_plan,
    quiet_plan,
)

from reconciler.planning.changes import Action, Blocked, Plan
from reconciler.render.markdown import (
    DRIFT_MARKER,
    MARKER,
    escape,
    render_drift_markdown,
    render_markdown,
)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_markdown_matches_golden(name: str, golden) -> None:
    golden(f"{name}.md", render_markdown(PLANS[name]()))


@pytest.mark.parametrize("name", sorted(PLANS))
def test_drift_markdown_matches_golden(name: str, golden) -> None:
    golden(f"{name}.drift.md", render_drift_markdown(PLANS[name]()))


def test_truncated_markdown_matches_golden(golden) -> None:
    golden("huge.md", render_markdown(huge_plan(200), max_chars=4000, plan_file_hint="plan.json"))


def test_summary_line_is_always_there() -> None:
    lines = render_markdown(full_plan()).splitlines()
    assert lines[0] == MARKER
    assert "**Plan:** 4 to create, 5 to update, 3 to delete · estimated token cost 86" in lines
    empty = render_markdown(empty_plan()).splitlines()
    assert empty[0] == MARKER
    assert "**No changes.** Pipedrive matches the configuration." in empty


def test_destructive_changes_and_blocked_come_first_and_open() -> None:
    text = render_markdown(full_plan())
    destructive = text.index("### ⚠ Destructive changes")
    blocked = text.index("### ⛔ Blocked")
    first_details = text.index("<details>")
    assert destructive < blocked < first_details
    section = text[destructive:blocked]
    assert "- **delete** role/Interns\n" in section
    assert "- **delete** stage/Sales/Old\n" in section
    assert "  - bob@example.com moves to (Unassigned users)\n" in section
    assert "role\\_settings" not in section  # updates without consequences are not destructive


def test_one_collapsed_table_per_kind_in_dependency_order() -> None:
    text = render_markdown(full_plan())
    summaries = re.findall(r"<details><summary>([^<]*)</summary>", text)
    assert summaries == [
        "pipeline (1 change)",
        "stage (3 changes)",
        "role (3 changes)",
        "role_settings (2 changes)",
        "role_pipelines (1 change)",
        "role_members (2 changes)",
        "Unmanaged: exist only in Pipedrive, add them to the config or to prune (1)",
        "Protected: kept although the config would delete them (1)",
    ]
    assert (
        '| ~ update | stage/Sales/Won | name: "Closed" → "Won"<br>rotten\\_days: null → 14 |'
        in text
    )


def test_no_changes_keeps_unmanaged_and_warnings() -> None:
    text = render_markdown(quiet_plan())
    assert "### Warnings" in text
    assert "- role/Contractors\n" in text
    assert "Destructive" not in text


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_hostile_names_cannot_break_tables_or_inject_html() -> None:
    for render in (render_markdown, render_drift_markdown):
        text = render(hostile_plan())
        assert "<script" not in text and "<img" not in text and "<b>" not in text
        assert "\x1b" not in text
        for line in text.splitlines():
            if line.startswith("| "):
                assert _unescaped_pipes(line) == 4, line
        assert "\n- \\# Ops" in text  # a warning cannot become a heading
    assert "- **delete** stage/Sales/- 1. &lt;img" in render_markdown(hostile_plan())


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>", "&lt;b&gt;"),
        ("`code`", "\\`code\\`"),
        ("[x](http://e)", "\\[x\\](http://e)"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("line\nbreak", "line\\\\nbreak"),
        ("&amp;", "&amp;amp;"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_huge_plan_is_truncated_within_the_limit() -> None:
    plan = huge_plan()
    text = render_markdown(plan, plan_file_hint="artifacts/plan.json")
    assert len(text) <= 60000
    assert text.startswith(MARKER + "\n")
    assert "**Plan:** 3000 to create, 0 to update, 3000 to delete" in text
    last = text.splitlines()[-1]
    match = re.fullmatch(
        r"Output truncated: (\d+) changes not shown; see the JSON plan \(artifacts/plan.json\)",
        last,
    )
    assert match
    # Every change shown is listed once in the destructive list or a table; the rest are counted.
    shown = set(re.findall(r"(?:role/Role \d{4}|stage/Sales/Stage \d{4})", text))
    assert int(match.group(1)) == len(plan.changes) - len(shown)


def test_cut_section_says_how_many_rows_it_shows() -> None:
    creates_only = Plan(changes=huge_plan(200).changes[:200])
    text = render_markdown(creates_only, max_chars=4000)
    assert re.search(r"\((200 changes, \d+ shown)\)", text)
    assert text.endswith("see the JSON plan (plan --format json)\n")


def test_short_plans_are_not_truncated() -> None:
    assert "Output truncated" not in render_markdown(full_plan())


def test_limit_below_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1000"):
        render_markdown(full_plan(), max_chars=999)


def test_drift_markdown_wording() -> None:
    text = render_drift_markdown(full_plan())
    assert text.startswith(DRIFT_MARKER + "\n")
    assert (
        "**Drift:** 5 changed outside the configuration, 4 missing from Pipedrive, "
        "6 only in Pipedrive (1 unmanaged, 1 protected, 1 blocked)" in text
    )
    assert "<details open><summary>role (3 changes)</summary>" in text
    assert (
        "has changed outside the configuration<br>deal\\_default\\_visibility: Pipedrive has 1"
        in text
    )
    assert "↳ last changed at 2026-11-20 09:30:00 UTC" in text
    assert render_drift_markdown(empty_plan()).splitlines()[3] == (
        "**No drift.** Pipedrive matches the configuration."
    )


_name = st.text(min_size=1, max_size=40)
_after = st.dictionaries(st.sampled_from(["name", "members"]), _name | st.lists(_name), max_size=2)
_change = st.builds(
    lambda action, kind, key, after, notes: change(
        action,
        kind,
        key,
        before=None if action is Action.CREATE else {},
        after=None if action is Action.DELETE else after,
        notes=notes,
    ),
    st.sampled_from(list(Action)),
    st.sampled_from(["role", "stage", "role_members", "project"]),
    st.tuples(_name),
    _after,
    st.lists(_name, max_size=2).map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(
    changes=st.lists(_change, max_size=60),
    unmanaged=st.lists(_name, max_size=30),
    blocked=st.lists(st.builds(Blocked, _name, _name, _name), max_size=5),
    warnings=st.lists(_name, max_size=5),
    max_chars=st.integers(1000, 6000),
    hint=st.none() | st.text(max_size=400),
    drift=st.booleans(),
)
def test_markdown_always_fits_and_starts_with_the_marker(
    changes, unmanaged, blocked, warnings, max_chars, hint, drift
) -> None:
    plan = Plan(
        changes=tuple(changes),
        unmanaged=tuple(unmanaged),
        blocked=tuple(blocked),
        warnings=tuple(warnings),
    )
    render = render_drift_markdown if drift else render_markdown
    text = render(plan, max_chars=max_chars, plan_file_hint=hint)
    assert len(text) <= max_chars
    assert text.startswith((DRIFT_MARKER if drift else MARKER) + "\n")
    summary = text.splitlines()[3]
    assert summary.startswith(("**Plan:**", "**No changes.**", "**Drift:**", "**No drift.**"))


def test_every_limit_is_honoured_when_all_changes_fit_but_other_sections_do_not() -> None:
    # Regression: the reserved "1 change not shown" is shorter than "0 changes not shown".
    plan = Plan(
        changes=(change(Action.CREATE, "role", ("R",), after={"name": "R"}),),
        unmanaged=tuple(f"role/Unmanaged {i}" for i in range(100)),
    )
    for max_chars in range(1000, 1400):
        text = render_markdown(plan, max_chars=max_chars)
        assert len(text) <= max_chars
        assert text.endswith(
            "Output truncated: 0 changes not shown; see the JSON plan (plan --format json)\n"
        )
