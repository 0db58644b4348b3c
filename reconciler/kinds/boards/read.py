"""Reading project boards and phases through API v2: `GET /boards`, then `GET /phases?
board_id=` for every board at once (neither list is paginated). Every board's phases are
read, as projects name the phases of any board (and `export` writes them all).

Deleted boards and phases are not listed; an `is_deleted` flag, should one appear, is honoured.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int
from reconciler.state import BOARD, PHASE, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_boards(ctx: ReadContext) -> None:
    names = ctx.names.setdefault(BOARD, {})
    for item in await ctx.client.get("v2", "/boards") or []:
        if as_bool(item.get("is_deleted")):
            continue
        names[int(item["id"])] = item["name"]
        fields = {"name": item["name"], "position": as_int(item.get("order_nr"))}
        ctx.resources.append(Resource(BOARD, (item["name"],), fields, id=int(item["id"])))


async def read_phases(ctx: ReadContext) -> None:
    boards = sorted(ctx.names.get(BOARD, {}).items())
    answers = await asyncio.gather(*(board_phases(ctx.client, board_id) for board_id, _ in boards))
    names = ctx.names.setdefault(PHASE, {})
    for (board_id, board), phases in zip(boards, answers, strict=True):
        for item in phases:
            names[int(item["id"])] = item["name"]
            fields = {
                "name": item["name"],
                "board": board,
                "board_id": board_id,
                "position": as_int(item.get("order_nr")),
            }
            key = (board, item["name"])
            ctx.resources.append(Resource(PHASE, key, fields, id=int(item["id"])))


async def board_phases(client: PipedriveClient, board_id: int) -> list[dict[str, Any]]:
    found = await client.get("v2", "/phases", {"board_id": board_id}) or []
    return [p for p in found if not as_bool(p.get("is_deleted"))]
