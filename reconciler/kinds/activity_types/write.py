"""Writing activity types (API v1): `POST /activityTypes` (a new type goes last; a PUT of its
`order_nr` follows when the plan places it), `PUT /activityTypes/{id}`, `DELETE
/activityTypes/{id}` (Pipedrive marks the type deleted)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reconciler.calls import NEW_ID, Call, Ids, Step
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update

_API_NAMES = {"name": "name", "icon": "icon_key", "color": "color", "order_nr": "order_nr"}


def write_activity_type(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            body = _body(change.after, ("name", "icon", "color"))
            steps = [Call("POST", "v1", "/activityTypes", body, creates=True)]
            if change.after.get("order_nr") is not None:
                order = {"order_nr": change.after["order_nr"]}
                steps.append(Call("PUT", "v1", f"/activityTypes/{NEW_ID}", order))
            return steps
        case Update():
            body = _body(change.after, [f.path for f in change.fields])
            return [Call("PUT", "v1", f"/activityTypes/{change.id}", body)]
        case Delete():
            return [Call("DELETE", "v1", f"/activityTypes/{change.id}")]


def _body(values: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return {_API_NAMES[n]: values[n] for n in names if values.get(n) is not None}
