"""A saved plan is an approval of one exact diff: how a fresh plan is held against it.

`apply --plan FILE` plans again from the config and the live company and writes only when the
fresh plan has exactly the saved plan's changes, in the same order, with the same ids, before
and after values, field changes, notes and apply data, compared in their canonical JSON form
(`planning.canonical`). The saved file is never executed: it only says yes or no to the fresh
plan. `differences` words what differs, the first ones first, for the refusal message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reconciler.planning.canonical import canonical_text, change_document
from reconciler.planning.changes import Change, Plan

SHOWN_CHARS = 60
# The parts of a change compared one by one, in the order a difference is reported.
_PARTS = ("id", "before", "after", "fields", "extra", "notes", "order")


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
        was, now = canonical_text(saved[part]), canonical_text(fresh[part])
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
