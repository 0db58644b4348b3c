"""The terminal renderer: Terraform-like plan wording and drift wording."""

from __future__ import annotations

import pytest
from render_samples import PLANS, empty_plan, full_plan, hostile_plan, quiet_plan, update

from reconciler.planning.changes import Plan
from reconciler.render import plan_from_json, plan_to_json
from reconciler.render.text import render_drift_text, render_text


@pytest.mark.parametrize("name", sorted(PLANS))
def test_text_matches_golden(name: str, golden) -> None:
    golden(f"{name}.txt", render_text(PLANS[name]()))


@pytest.mark.parametrize("name", sorted(PLANS))
def test_drift_text_matches_golden(name: str, golden) -> None:
    golden(f"{name}.drift.txt", render_drift_text(PLANS[name]()))


def test_empty_plan_says_no_changes_and_the_read_cost() -> None:
    assert render_text(empty_plan()) == (
        "No changes. Pipedrive matches the configuration.\n\nReading the company cost 47 tokens.\n"
    )
    assert render_drift_text(empty_plan()).startswith(
        "No drift. Pipedrive matches the configuration.\n"
    )


def test_empty_plan_still_lists_unmanaged_and_warnings() -> None:
    text = render_text(quiet_plan())
    assert text.startswith("No changes. Pipedrive matches the configuration.\n")
    assert "\n  role/Contractors\n" in text
    assert "\n  ! role/Sales Rep: setting" in text
    assert "Plan:" not in text


def test_plan_lines_read_like_terraform() -> None:
    text = render_text(full_plan())
    lines = text.splitlines()
    assert lines[:3] == [
        "Pipedrive company: Acme Inc (acme.pipedrive.com, env production)",
        "",
        "Pipedrive reconciler will perform the following actions:",
    ]
    assert "  + role/Sales Manager" in lines
    assert "  ~ role_settings/Sales Rep" in lines
    assert "      deal_default_visibility: 1 -> 3" in lines
    assert "  - stage/Sales/Old" in lines
    assert lines[-2:] == [
        "Plan: 4 to create, 5 to update, 3 to delete.",
        "Estimated token cost: 86 (reading the company cost 47).",
    ]


def test_create_fields_are_aligned() -> None:
    lines = render_text(full_plan()).splitlines()
    at = lines.index("  + role/Sales Manager")
    assert lines[at + 1 : at + 3] == ['      name:   "Sales Manager"', "      parent: null"]


def test_set_fields_show_added_and_removed_items() -> None:
    text = render_text(full_plan())
    assert "      members: [+ carol@example.com, - bob@example.com]\n" in text
    assert "      # bob@example.com moves to (Unassigned users)\n" in text
    assert "      visible: [+ Partners, - Legacy]\n" in text
    assert "dave@example.com" not in text  # unchanged members are not repeated


def test_order_only_change_of_a_set_is_worded() -> None:
    plan = Plan(changes=(update("role_pipelines", ("R",), 1, visible=(("b", "a"), ("a", "b"))),))
    assert "visible: same items in a different order" in render_text(plan)


def test_blocked_only_plan_is_not_called_no_changes() -> None:
    plan = Plan(blocked=full_plan().blocked)
    text = render_text(plan)
    assert "No changes" not in text
    assert "  x stage/Sales/Stale: still holds 3 deals\n      hint: move or close" in text
    assert "Plan: 0 to create, 0 to update, 0 to delete." in text


def test_drift_wording() -> None:
    text = render_drift_text(full_plan())
    assert "  ~ role_settings/Sales Rep has changed outside the configuration\n" in text
    assert "  + role/Sales Manager is missing from Pipedrive\n" in text
    assert "  - stage/Sales/Old exists only in Pipedrive\n" in text
    assert "deal_default_visibility: Pipedrive has 1, the configuration says 3" in text
    assert "members: missing from Pipedrive: carol@example.com; only in Pipedrive: bob" in text
    assert "# last changed at 2026-11-20 09:30:00 UTC" in text
    assert text.splitlines()[-2:] == [
        # every object listed counts: 3 deletes, and the unmanaged, protected and blocked ones
        "Drift: 5 changed outside the configuration, 4 missing from Pipedrive, "
        "6 only in Pipedrive (1 unmanaged, 1 protected, 1 blocked).",
        "Reading the company cost 47 tokens.",
    ]


@pytest.mark.parametrize("name", sorted(PLANS))
def test_no_escape_codes_without_colour(name: str) -> None:
    for render in (render_text, render_drift_text):
        assert "\x1b" not in render(PLANS[name]())


def test_hostile_names_cannot_forge_lines() -> None:
    text = render_text(hostile_plan())
    assert "\\x1b[31mred" in text
    assert "\nsecond" not in text  # the newline in the name is shown escaped


def test_colour_marks_the_action_symbols() -> None:
    text = render_text(full_plan(), color=True)
    assert "  \x1b[32m+\x1b[0m role/Sales Manager" in text
    assert "  \x1b[33m~\x1b[0m role/Sales Rep" in text
    assert "  \x1b[31m-\x1b[0m stage/Sales/Old" in text
    # Hostile escape codes stay escaped even when colour is on.
    assert "\x1b[31mred" not in render_text(hostile_plan(), color=True)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_rendering_the_saved_plan_gives_the_same_text(name: str) -> None:
    plan = PLANS[name]()
    assert render_text(plan_from_json(plan_to_json(plan))) == render_text(plan)


def test_a_partial_plan_says_so_before_anything_else() -> None:
    lines = render_text(PLANS["partial"]()).splitlines()
    assert lines[1].startswith(
        "Warning: partial plan: --target role --target 'role_settings/Sales Rep' "
        "--exclude 'role/Interns Team'"
    )
