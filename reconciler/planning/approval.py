"""A saved plan is an approval of one exact diff: how a fresh plan is held against it.

`apply --plan FILE` plans again from the config and the live company and writes only when the
fresh plan has exactly the saved plan's changes, in the same order, with the same ids, before
and after values, field changes, notes, apply data and whether it destroys data, compared in
their canonical JSON form (`planning.canonical`). The saved file is never executed: it only
says yes or no to the fresh plan. `differences` words what differs, the first ones first,
for the refusal message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reconciler.errors import StalePlan
from reconciler.planning.canonical import canonical_text, change_document
from reconciler.planning.changes import Change, Plan
from reconciler.planning.fingerprint import live_digests
from reconciler.planning.provenance import Provenance
from reconciler.state import LiveState


@dataclass(frozen=True)
class SavedPlan:
    plan: Plan
    # Per-address digests of the live company when the plan was made, to name what changed.
    live_digests: Mapping[str, str] | None


SHOWN_CHARS = 60
# The parts of a change compared one by one, in the order a difference is reported.
_PARTS = ("id", "before", "after", "fields", "extra", "notes", "order", "replace", "destroys_data")


def differences(saved: Plan, fresh: Plan) -> list[str]:
    """Every way the fresh plan differs from the saved one; empty when they are the same."""
    saved_docs = _by_action(saved.changes)
    fresh_docs = _by_action(fresh.changes)
    found: list[str] = []
    # What explains every other difference comes first.
    if saved.stages_api != fresh.stages_api:
        found.append(
            f"the saved plan writes stages with API {saved.stages_api}, this run with "
            f"{fresh.stages_api}"
        )
    if saved.selection != fresh.selection:
        found.append("the saved plan was narrowed differently (--target/--exclude)")
    for where, doc in saved_docs.items():
        if where not in fresh_docs:
            found.append(f"{_label(where)} is in the saved plan, but a fresh plan does not make it")
        else:
            found.extend(_part_differences(where, doc, fresh_docs[where]))
    found.extend(
        f"{_label(where)} is needed now, but the saved plan does not make it"
        for where in fresh_docs
        if where not in saved_docs
    )
    if not found and list(saved_docs) != list(fresh_docs):
        found.append("the saved plan makes the same changes in another order")
    found.extend(_blocked_differences(saved, fresh))
    return found


def _blocked_differences(saved: Plan, fresh: Plan) -> list[str]:
    was = {b.address for b in saved.blocked}
    now = {b.address: b.reason for b in fresh.blocked}
    found = [f"{a} is blocked now: {reason}" for a, reason in sorted(now.items()) if a not in was]
    found += [f"{a} was blocked in the saved plan and is not now" for a in sorted(was - set(now))]
    return found


def _by_action(changes: Iterable[Change]) -> dict[tuple[str, str], dict[str, Any]]:
    # Two changes with one address and action would be a planner bug; keeping the last one
    # still refuses, as the other side cannot have both.
    return {(c.address, c.action.value): change_document(c) for c in changes}


def _part_differences(
    where: tuple[str, str], saved: dict[str, Any], fresh: dict[str, Any]
) -> list[str]:
    found = []
    for part in _PARTS:
        was, now = canonical_text(saved.get(part)), canonical_text(fresh.get(part))
        if was != now:
            found.append(
                f"{_label(where)}: {part} is {_short(was)} in the saved plan, {_short(now)} now"
            )
    return found


def _label(where: tuple[str, str]) -> str:
    address, action = where
    return f"{action} {address}"


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


ALREADY_APPLIED = "Nothing left to do: Pipedrive already matches this plan."
_SHOWN = 5


def check_approval(saved: SavedPlan, fresh: Plan, live: LiveState) -> bool:
    """Whether the fresh plan may be applied as the approved one: True when it has exactly
    the saved plan's changes, False when the saved plan is already applied (nothing is left
    to do). Anything else raises StalePlan (exit 4) naming the first differences."""
    was, now = saved.plan, fresh
    _check_company(was, now)
    problems = differences(was, now)
    if was.config_digest != now.config_digest:
        problems.insert(0, "the configuration changed since the plan was made")
    elif now.empty and not now.blocked and not was.empty:
        return False
    changed = _live_changes(saved, fresh, live)
    if not problems and changed is not None:
        problems.append("Pipedrive changed since the plan was made")
    if not problems:
        return True
    lines = [f"  - {p}" for p in problems[:_SHOWN]]
    if len(problems) > _SHOWN:
        lines.append(f"  - and {len(problems) - _SHOWN} more")
    if changed:
        lines.append(f"Changed in Pipedrive since the plan was made: {changed}")
    raise StalePlan(
        "The saved plan is stale: a fresh plan differs from it. Nothing was written.\n"
        + "\n".join(lines)
        + "\nRun plan again and review the new plan."
    )


def _check_company(saved: Plan, fresh: Plan) -> None:
    if saved.provenance is None:
        raise StalePlan(
            "The saved plan does not say which company it was made for (it was not written "
            "by `plan --out` of this version). Run plan again. Nothing was written."
        )
    assert fresh.provenance is not None  # make_plan always records it
    was, now = saved.provenance, fresh.provenance
    if not was.company.same_as(now.company):
        raise StalePlan(
            f"The saved plan was made for {_named(was)}, but this run reaches "
            f"{_named(now)}. Check PIPEDRIVE_BASE_URL, the token and --env. Nothing was written."
        )
    if was.env != now.env:
        raise StalePlan(
            f"The saved plan was made with --env {was.env or '(none)'}, this run uses "
            f"--env {now.env or '(none)'}. Nothing was written."
        )


def _named(provenance: Provenance) -> str:
    company = provenance.company
    ident = f", id {company.id}" if company.id is not None else ""
    return f"{company.name} ({company.host}{ident})"


def _live_changes(saved: SavedPlan, fresh: Plan, live: LiveState) -> str | None:
    """None when the company is as it was; else the addresses that changed (from the saved
    per-object digests), or "" when the file does not have them."""
    if saved.plan.live_fingerprint == fresh.live_fingerprint:
        return None
    if saved.live_digests is None:
        return ""
    now = live_digests(live)
    was = saved.live_digests
    changed = sorted(a for a in set(was) | set(now) if was.get(a) != now.get(a))
    return ", ".join(changed[:20]) + (" …" if len(changed) > 20 else "")
