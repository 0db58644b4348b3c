"""Project boards and their phases (`boards:`), through API v2 (`/boards`, `/phases`).

board (name,)          name, position
phase (board, name)    name, board, board_id (live), position
"""

from __future__ import annotations

from reconciler.calls import Call
from reconciler.kinds.boards.blockers import ProjectsBlock
from reconciler.kinds.boards.checks import check_boards, count_boards
from reconciler.kinds.boards.desired import desired_boards
from reconciler.kinds.boards.export import export_boards
from reconciler.kinds.boards.model import Board
from reconciler.kinds.boards.plan import plan_boards
from reconciler.kinds.boards.read import read_boards, read_phases
from reconciler.kinds.boards.write import board_ids, phase_ids, write_board, write_phase
from reconciler.kinds.spec import Export, KindSpec, SectionSpec, in_list_order
from reconciler.planning.normalize import to_int, to_name
from reconciler.state import BOARD, PHASE

KINDS = (
    KindSpec(
        name=BOARD,
        create_call=lambda api: Call("POST", "v2", "/boards"),
        section="boards",
        noun="board",
        plural="boards",
        prune="boards",
        protectable=True,
        normalisers={"name": to_name, "position": to_int},
        planner=plan_boards,
        blockers=(ProjectsBlock(),),
        reader=read_boards,
        writer=write_board,
        lookup=board_ids,
        lookup_read=lambda api: Call("GET", "v2", "/boards"),
        tiebreak=in_list_order,
    ),
    KindSpec(
        name=PHASE,
        create_call=lambda api: Call("POST", "v2", "/phases"),
        section="boards",
        noun="phase",
        plural="phases",
        key_parts=2,
        owner=BOARD,
        deleted_with_owner=True,
        protectable=True,
        depends_on=(BOARD,),
        read_with_owner=True,
        normalisers={
            "name": to_name,
            "board": to_name,
            "board_id": to_int,
            "position": to_int,
        },
        reader=read_phases,
        writer=write_phase,
        lookup=phase_ids,
        lookup_read=lambda api: Call("GET", "v2", "/phases"),
        lookup_per_owner=True,
        tiebreak=in_list_order,
    ),
)

SECTION = SectionSpec(
    name="boards",
    noun="board",
    item=Board,
    description="Project boards and their phases, matched by name; list order is the order.",
    kinds=(BOARD, PHASE),
    merge_key="name",
    desired=desired_boards,
    export=Export(words=(BOARD, PHASE), reads=(BOARD, PHASE), build=export_boards),
    compared={BOARD: ("name", "position"), PHASE: ("name", "board", "position")},
    checks=check_boards,
    count=count_boards,
)
