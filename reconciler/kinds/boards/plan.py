"""Planning project boards and their phases (`boards:`), the way pipelines and stages are.

Managed only where `boards:` is declared or pruned; otherwise the live boards are only what
projects refer to, and the outcome says what exists (`BoardOutcome.after`).

Boards: matched by `planning.match`; undeclared live boards are deleted when `boards` is
pruned (their phases go with them: named in the delete's notes and payload), otherwise listed
as unmanaged. Phases are planned only for boards that declare `phases` (authoritative), matched
among the live phases of the matched board (by `board_id`, so a board rename keeps them);
undeclared ones are deleted, addressed under the board's config name. Protected addresses and
blocked deletes (`PlanContext.blocked`: phases holding projects) are kept and listed.

Creating a board that holds the phases of an unmatched live one is warned about
(`planning.lookalike.renamed_holders`).

Order (`order.place`): boards among the declared boards, phases within their board; moves are
`position` updates and out-of-place creates carry `set_position`. When anything moves, every
change of that list runs one after another in list order (`level`), as each write shifts the
others; plain creates are appended in list order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.kinds.boards.order import Placement, place
from reconciler.kinds.boards.payloads import BoardDeleted, Placed
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Create, Delete, FieldChange, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.lookalike import renamed_holders
from reconciler.planning.match import Matching, match
from reconciler.state import BOARD, PHASE, Resource, address, in_live_order


@dataclass
class BoardAfter:
    """A board as it is once the plan is applied: its live id (None when the plan creates
    it) and its phases by name, each with its live id or None."""

    id: int | None
    phases: dict[str, int | None] = field(default_factory=dict)


@dataclass
class BoardOutcome(KindOutcome):
    after: dict[str, BoardAfter] = field(default_factory=dict)  # by config name
    # live id -> name once the plan is applied, for boards and phases that stay
    board_names: dict[int, str] = field(default_factory=dict)
    phase_names: dict[int, str] = field(default_factory=dict)


def plan_boards(ctx: PlanContext) -> BoardOutcome:
    out = BoardOutcome()
    live_phases = _by_board(ctx.live.of_kind(PHASE))
    declared = ctx.desired.of_kind(BOARD)
    if not declared and not ctx.prunes(BOARD):
        for board in ctx.live.of_kind(BOARD):
            _keep(out, board.name, board, live_phases.get(board.id, []))
        return out
    matching = match(declared, ctx.live.of_kind(BOARD))
    _plan_list(out, BOARD, declared, ctx.live.of_kind(BOARD), matching, ("name",))

    declared_phases: dict[str, list[Resource]] = {}
    for phase in ctx.desired.of_kind(PHASE):
        declared_phases.setdefault(phase.key[0], []).append(phase)

    def phases_of(have: Resource) -> list[Resource]:
        return live_phases.get(have.id, [])

    out.warnings += renamed_holders(matching, declared_phases, phases_of, "phases")
    for want in declared:
        have = matching.live_for(want)
        pool = live_phases.get(have.id, []) if have is not None else []
        if want.address not in ctx.desired.authoritative:
            if have is not None:
                _keep(out, want.name, have, pool)
            else:
                out.after[want.name] = BoardAfter(None)
            continue
        names = (want.name, *want.renamed_from, *((have.name,) if have is not None else ()))
        wanted = [p for p in ctx.desired.of_kind(PHASE) if p.key[0] == want.name]
        _plan_phases(out, ctx, want, have, wanted, pool, names)
    for have in matching.unmatched_live:
        phases = live_phases.get(have.id, [])
        delete = functools.partial(_delete_board, phases=phases)
        if not ctx.leave_or_delete(BOARD, have, out, delete, held=phases):
            _keep(out, have.name, have, phases)
    return out


def _by_board(phases: list[Resource]) -> dict[int | None, list[Resource]]:
    grouped: dict[int | None, list[Resource]] = {}
    for phase in phases:
        grouped.setdefault(phase.fields.get("board_id"), []).append(phase)
    return grouped


def _keep(out: BoardOutcome, name: str, board: Resource, phases: list[Resource]) -> None:
    after = out.after.setdefault(name, BoardAfter(board.id))
    if board.id is not None:
        out.board_names[board.id] = name
    for phase in in_live_order(phases):
        after.phases.setdefault(phase.name, phase.id)
        if phase.id is not None:
            out.phase_names[phase.id] = phase.name


def _plan_list(
    out: KindOutcome,
    kind: str,
    wanted: Sequence[Resource],
    pool: Sequence[Resource],
    matching: Matching,
    compared: tuple[str, ...],
) -> Placement:
    """Updates and creates of one ordered list (the boards, or one board's phases)."""
    placement = place(wanted, pool, matching)
    for step, want in enumerate(wanted, start=1):
        have = matching.live_for(want)
        level = step if placement.reorder else 0
        if have is None:
            out.changes.append(
                Create(
                    kind=kind,
                    key=want.key,
                    after=want.fields,
                    payload=Placed(set_position=placement.reorder),
                    level=step,
                )
            )
            continue
        changed = list(diff_fields(have.fields, want.fields, compared))
        keys = list(compared)
        if id(want) in placement.moves:
            now, wanted_at = placement.moves[id(want)]
            changed.append(FieldChange("position", now, wanted_at))
            keys.append("position")
        if changed:
            before: dict[str, Any] = {k: have.fields.get(k) for k in keys}
            if "position" in keys:
                before["position"] = placement.moves[id(want)][0]
            out.changes.append(
                Update(
                    kind=kind,
                    key=want.key,
                    id=have.id,
                    before=before,
                    after={k: want.fields.get(k) for k in keys},
                    fields=tuple(changed),
                    level=level,
                )
            )
    return placement


def _plan_phases(
    out: BoardOutcome,
    ctx: PlanContext,
    board: Resource,
    have_board: Resource | None,
    wanted: list[Resource],
    pool: list[Resource],
    names: tuple[str, ...],
) -> None:
    matching = match(wanted, pool, scope=f"of board '{board.name}'")
    _plan_list(out, PHASE, wanted, pool, matching, ("name",))
    after = out.after.setdefault(board.name, BoardAfter(have_board.id if have_board else None))
    if have_board is not None and have_board.id is not None:
        out.board_names[have_board.id] = board.name
    for want in wanted:
        have = matching.live_for(want)
        after.phases[want.name] = have.id if have is not None else None
        if have is not None and have.id is not None:
            out.phase_names[have.id] = want.name
    for have in matching.unmatched_live:
        here = address(PHASE, (board.name, have.name))
        guarded = [address(PHASE, (name, have.name)) for name in names]
        why = ctx.kept(have, here, *guarded)
        if why is not None:
            (out.protected if why == "protected" else out.blocked).append(here)
            after.phases.setdefault(have.name, have.id)
            if have.id is not None:
                out.phase_names[have.id] = have.name
            continue
        before: dict[str, Any] = {k: v for k, v in have.fields.items() if k != "board_id"}
        before["board"] = board.name
        out.changes.append(
            Delete(kind=PHASE, key=(board.name, have.name), id=have.id, before=before)
        )


def _delete_board(have: Resource, phases: list[Resource]) -> Delete:
    ordered = in_live_order(phases)
    names = [p.name for p in ordered]
    notes = (f"its phases are deleted with it: {', '.join(names)}",) if names else ()
    return Delete(
        kind=BOARD,
        key=have.key,
        id=have.id,
        before=dict(have.fields),
        notes=notes,
        payload=BoardDeleted(tuple(p.id for p in ordered if p.id is not None)),
    )
