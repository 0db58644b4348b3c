"""Writing project boards and phases through API v2, and finding them by name.

POST /boards `{name, order_nr?}`, PATCH /boards/{id} `{name?, order_nr?}`, DELETE
/boards/{id} (its phases go with it); POST /phases `{name, board_id, order_nr?}` (the board
by id, including a board created earlier in the same run), PATCH /phases/{id}, DELETE
/phases/{id}. `order_nr` is sent on a create only when the planner placed it
(`payloads.Placed`), else Pipedrive appends it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.calls import Call, Ids, Step
from reconciler.kinds.boards.payloads import Placed
from reconciler.kinds.boards.read import board_phases
from reconciler.kinds.decode import as_bool, as_id, ids_by_key
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import BOARD, Key

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


def write_board(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            body = _body(change.after, _placed(change))
            return [Call("POST", "v2", "/boards", body, creates=True)]
        case Update():
            body = _body({f.path: f.after for f in change.fields}, True)
            return [Call("PATCH", "v2", f"/boards/{change.id}", body)]
        case Delete():
            return [Call("DELETE", "v2", f"/boards/{change.id}")]


def write_phase(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            body = _body(change.after, _placed(change))
            body["board_id"] = ids.id_of(BOARD, (change.key[0],))
            return [Call("POST", "v2", "/phases", body, creates=True)]
        case Update():
            body = _body({f.path: f.after for f in change.fields}, True)
            return [Call("PATCH", "v2", f"/phases/{change.id}", body)]
        case Delete():
            return [Call("DELETE", "v2", f"/phases/{change.id}")]


def _placed(change: Change) -> bool:
    return isinstance(change.payload, Placed) and change.payload.set_position


def _body(fields: Mapping[str, Any], with_position: bool) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = fields["name"]
    if with_position and fields.get("position") is not None:
        body["order_nr"] = int(fields["position"])
    return body


async def board_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    items = await client.get("v2", "/boards") or []
    live = [i for i in items if not as_bool(i.get("is_deleted"))]
    return ids_by_key(live, lambda i: (i["name"],), keys)


async def phase_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    """One list call per board the phases are on (boards not known yet have none)."""
    wanted = set(keys)
    boards = ids.ids_of(BOARD)
    found: dict[Key, list[int]] = {}
    for name in sorted({key[0] for key in keys}):
        board_id = boards.get((name,))
        if board_id is None:
            continue
        for phase in await board_phases(client, board_id):
            key = (name, phase["name"])
            if key in wanted:
                found.setdefault(key, []).append(as_id(phase["id"]))
    return {key: sorted(found_ids) for key, found_ids in found.items()}
