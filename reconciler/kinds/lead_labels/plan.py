"""Planning lead labels: matched by `id` (a UUID pin), then name, then `renamed_from`; only
the keys set compared. A label's live UUID rides in its `label_id` field and, on its changes,
in a `LiveRef` payload (`Resource.id` and a change's `id` are numbers). Deleting a label
(`prune: [lead_labels]`) takes it off every lead that has it."""

from __future__ import annotations

import dataclasses

from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Create, Delete, LiveRef, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import match
from reconciler.state import Resource

LEAD_LABEL = "lead_label"
_COMPARED = ("name", "color")
LOSES_DATA = "every lead with this label loses it"


def plan_lead_labels(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    wanted = ctx.desired.of_kind(LEAD_LABEL)
    if not wanted and not ctx.prunes(LEAD_LABEL):
        return out
    live = ctx.live.of_kind(LEAD_LABEL)
    pairs, wanted_rest, live_rest = _pinned(wanted, live)
    matching = match(wanted_rest, live_rest)
    pairs += matching.pairs
    errors: list[str] = []
    for want in matching.unmatched_desired:
        if "color" not in want.fields:
            errors.append(f"{want.origin}: {want.address} is new: Pipedrive needs its `color`")
        else:
            out.changes.append(Create(kind=LEAD_LABEL, key=want.key, after=dict(want.fields)))
    if errors:
        raise PlanError(errors)
    for want, have in pairs:
        keys = [k for k in _COMPARED if k in want.fields]
        changed = diff_fields(have.fields, want.fields, keys)
        if changed:
            out.changes.append(
                Update(
                    kind=LEAD_LABEL,
                    key=want.key,
                    id=None,
                    before={k: have.fields.get(k) for k in keys},
                    after={k: want.fields.get(k) for k in keys},
                    fields=tuple(changed),
                    payload=LiveRef(str(have.fields["label_id"])),
                )
            )
    for have in matching.unmatched_live:
        ctx.leave_or_delete(LEAD_LABEL, have, out, _delete)
    return out


def _delete(have: Resource) -> Delete:
    return Delete(
        kind=LEAD_LABEL,
        key=have.key,
        id=None,
        before={k: have.fields.get(k) for k in _COMPARED},
        payload=LiveRef(str(have.fields["label_id"])),
        notes=(LOSES_DATA,),
    )


def _pinned(
    wanted: list[Resource], live: list[Resource]
) -> tuple[list[tuple[Resource, Resource]], list[Resource], list[Resource]]:
    """Entries pinned to a live UUID, paired; the rest of both sides."""
    by_uuid = {str(r.fields.get("label_id")): r for r in live}
    pairs, errors = [], []
    for want in wanted:
        pin = want.fields.get("label_id")
        if pin is None:
            continue
        have = by_uuid.get(str(pin).lower())
        if have is None:
            errors.append(
                f"{want.origin}: {want.address} is pinned to id {pin}, which is not a live "
                "lead label"
            )
        else:
            pairs.append((_unpinned(want), have))
    if errors:
        raise PlanError(errors)
    taken = {id(have) for _, have in pairs}
    rest = [_unpinned(w) for w in wanted if w.fields.get("label_id") is None]
    return pairs, rest, [r for r in live if id(r) not in taken]


def _unpinned(want: Resource) -> Resource:
    fields = {k: v for k, v in want.fields.items() if k != "label_id"}
    return dataclasses.replace(want, fields=fields)
