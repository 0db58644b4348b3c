"""Planning activity types: matched by name (or `id`, or `renamed_from`); only the keys set
compared; the list order is the types' order.

Order: when the declared types' live order (`order_nr`, then id) is not the list's order,
each declared type gets `order_nr` = its place in the list (1, 2, ...), written only where it
differs. New types are created one after another in list order (Pipedrive appends each), and
given their place too when the others are renumbered.

Built-in types (`is_custom_flag` false: call, meeting, ...) may be declared to manage their
icon, color and order, but are never renamed and never deleted (never listed as unmanaged or
as protected). Deleting is Pipedrive's soft delete: a deleted type is not read at all.
"""

from __future__ import annotations

from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Create, Delete, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import Matching, match
from reconciler.state import Resource

ACTIVITY_TYPE = "activity_type"
_COMPARED = ("name", "icon", "color")


def plan_activity_types(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    wanted = ctx.desired.of_kind(ACTIVITY_TYPE)
    if not wanted and not ctx.prunes(ACTIVITY_TYPE):
        return out
    matching = match(wanted, ctx.live.of_kind(ACTIVITY_TYPE))
    renumber = _out_of_order(wanted, matching)
    errors: list[str] = []
    for place, want in enumerate(wanted, start=1):
        have = matching.live_for(want)
        order = {"order_nr": place} if renumber else {}
        if have is None:
            if "icon" not in want.fields:
                errors.append(f"{want.origin}: {want.address} is new: Pipedrive needs its `icon`")
                continue
            after = {**want.fields, **order}
            out.changes.append(Create(kind=ACTIVITY_TYPE, key=want.key, after=after, level=place))
            continue
        if have.name != want.name and not have.fields.get("custom", True):
            errors.append(
                f"{want.origin}: {want.address}: '{have.name}' is one of Pipedrive's built-in "
                "activity types, which are never renamed"
            )
            continue
        keys = [k for k in _COMPARED if k in want.fields]
        changed = diff_fields(have.fields, want.fields, keys)
        if order and have.fields.get("order_nr") != place:
            changed += diff_fields({"order_nr": have.fields.get("order_nr")}, order)
        if changed:
            shown = [*keys, *order]
            before = {k: have.fields.get(k) for k in shown}
            out.changes.append(
                Update(
                    kind=ACTIVITY_TYPE,
                    key=want.key,
                    id=have.id,
                    before=before,
                    after={**{k: want.fields.get(k) for k in keys}, **order},
                    fields=tuple(changed),
                )
            )
    if errors:
        raise PlanError(errors)
    for have in matching.unmatched_live:
        if have.fields.get("custom", True):  # a built-in type is Pipedrive's, never deleted
            ctx.leave_or_delete(ACTIVITY_TYPE, have, out, _delete)
    return out


def _delete(have: Resource) -> Delete:
    before = {k: have.fields.get(k) for k in _COMPARED}
    return Delete(kind=ACTIVITY_TYPE, key=have.key, id=have.id, before=before)


def _out_of_order(wanted: list[Resource], matching: Matching) -> bool:
    """Whether the declared types stand in Pipedrive in another order than the list's; new
    ones count as last, where Pipedrive puts them."""
    places = []
    for want in wanted:
        have = matching.live_for(want)
        places.append(
            (1, 0, 0) if have is None else (0, have.fields.get("order_nr") or 0, have.id or 0)
        )
    return places != sorted(places)
