"""Project boards and their phases: written through API v2 (`/boards`, `/phases`), read
through v1 as well (`/projects/boards`, `/projects/phases`, read-only views of the same
records), and the config's `boards` section as a seed.

Decisions where the documents are silent (FACTS.md §12 item 3, §14):
- `order_nr` is 1-based and stays 1..n within its list (boards; one board's phases): a
  create or move to position k (1..n+1, as documented) shifts the others down, a delete
  closes the gap;
- a phase moved to another board (PATCH `board_id`) goes to the end of that board, or to
  its `order_nr`; its projects move to the new board with it (the projects kind follows);
- deleting a phase that holds projects is allowed and deletes those projects, and deleting
  a board deletes its phases and so their projects: the pessimistic model of stages with
  deals, so that only the tool's own checks protect data. Both answer `{id}` as documented.
"""

from __future__ import annotations

from starlette.routing import Route

from reconciler.sandbox.kind import Kind
from reconciler.sandbox.kinds.boards.routes import (
    add_board,
    add_phase,
    delete_board,
    delete_phase,
    get_board,
    get_phase,
    list_boards,
    list_phases,
    update_board,
    update_phase,
)
from reconciler.sandbox.kinds.boards.rules import Board, Boards, Phase
from reconciler.sandbox.kinds.boards.seed import seed_boards

__all__ = ["KIND", "Board", "Boards", "Phase"]

KIND = Kind(
    name="boards",
    rules=Boards,
    v1_routes=[
        Route("/projects/boards", list_boards, methods=["GET"]),
        Route("/projects/boards/{id:int}", get_board, methods=["GET"]),
        Route("/projects/phases", list_phases, methods=["GET"]),
        Route("/projects/phases/{id:int}", get_phase, methods=["GET"]),
    ],
    v2_routes=[
        Route("/boards", list_boards, methods=["GET"]),
        Route("/boards", add_board, methods=["POST"]),
        Route("/boards/{id:int}", get_board, methods=["GET"]),
        Route("/boards/{id:int}", update_board, methods=["PATCH"]),
        Route("/boards/{id:int}", delete_board, methods=["DELETE"]),
        Route("/phases", list_phases, methods=["GET"]),
        Route("/phases", add_phase, methods=["POST"]),
        Route("/phases/{id:int}", get_phase, methods=["GET"]),
        Route("/phases/{id:int}", update_phase, methods=["PATCH"]),
        Route("/phases/{id:int}", delete_phase, methods=["DELETE"]),
    ],
    seed=seed_boards,
)
