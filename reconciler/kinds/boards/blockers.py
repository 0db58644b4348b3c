"""What blocks deleting a phase or a board: the projects in it.

Pipedrive deletes a phase's projects with it (and a board's phases with the board), so a
phase or board holding projects is never deleted, as a stage holding deals is not. Projects
are counted with one listing, `GET /api/v1/projects?include_archived=true` (archived projects
are deleted with their phase too), read only when the plan deletes phases or boards. A
project the same plan deletes, or moves to another phase (or board), no longer holds the
phase when the deletes run (they run last), so it does not count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reconciler.kinds.boards.payloads import BoardDeleted
from reconciler.kinds.decode import as_int
from reconciler.kinds.spec import Facts, StagesApi
from reconciler.planning.changes import Blocked, Delete, Plan, Update
from reconciler.state import BOARD, PHASE, PROJECT, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


@dataclass(frozen=True)
class Projects(Facts):
    by_phase: Mapping[int, frozenset[int]]  # live phase id -> ids of the projects in it
    by_board: Mapping[int, frozenset[int]]  # live board id -> ids of the projects on it


@dataclass(frozen=True)
class ProjectsBlock:
    """Phase and board deletes that would delete projects."""

    def wants(self, plan: Plan, live: LiveState) -> bool:
        return any(isinstance(c, Delete) and c.kind in (PHASE, BOARD) for c in plan.changes)

    async def read(
        self, client: PipedriveClient, plan: Plan, live: LiveState, api: StagesApi
    ) -> Projects:
        query = {"include_archived": "true"}
        by_phase: dict[int, set[int]] = {}
        by_board: dict[int, set[int]] = {}
        for item in await client.list_all("v1", "/projects", query):
            if item.get("status") == "deleted":
                continue
            project = int(item["id"])
            by_phase.setdefault(as_int(item.get("phase_id")) or 0, set()).add(project)
            by_board.setdefault(as_int(item.get("board_id")) or 0, set()).add(project)
        return Projects(
            (),
            {k: frozenset(v) for k, v in by_phase.items()},
            {k: frozenset(v) for k, v in by_board.items()},
        )

    def blocked(self, plan: Plan, facts: Facts) -> list[Blocked]:
        assert isinstance(facts, Projects)
        leave_phase, leave_board = _leaving(plan)
        out = []
        for change in plan.changes:
            if not isinstance(change, Delete) or change.id is None:
                continue
            if change.kind == PHASE:
                held = facts.by_phase.get(change.id, frozenset()) - leave_phase
                what = "the phase"
            elif change.kind == BOARD and isinstance(change.payload, BoardDeleted):
                held = facts.by_board.get(change.id, frozenset()) - leave_board
                what = "the board"
            else:
                continue
            if held:
                n = _projects(len(held))
                out.append(
                    Blocked(
                        change.address,
                        f"{what} holds {n}; deleting it would delete them",
                        f"move its {n} elsewhere (in Pipedrive, or with `board`/`phase` in "
                        f"`projects:`), or keep {what} in the config",
                    )
                )
        return out


def _leaving(plan: Plan) -> tuple[set[int], set[int]]:
    """Projects the plan deletes or moves: those leaving their phase, and their board."""
    phase: set[int] = set()
    board: set[int] = set()
    for change in plan.changes:
        if change.kind != PROJECT or change.id is None:
            continue
        paths = {f.path for f in change.fields} if isinstance(change, Update) else set()
        if isinstance(change, Delete) or "board" in paths:
            phase.add(change.id)
            board.add(change.id)
        elif "phase" in paths:
            phase.add(change.id)
    return phase, board


def _projects(n: int) -> str:
    return f"{n} project" if n == 1 else f"{n} projects"
