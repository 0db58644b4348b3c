"""Planning custom fields, entity by entity.

Fields are matched within their entity: a `code:` pin first, then by name and
`renamed_from` (`planning.match`). Only the keys an entry sets are compared; `type` is
never changed (Pipedrive cannot convert a field: a different type is a plan error saying how
to migrate). Options are matched by label, then by an option's `renamed_from` (a rename
keeps the option id, so the values stored on records survive); the declared list is
authoritative and has no order Pipedrive could store. Removing an option, and deleting a
field (undeclared custom fields, with `prune: [fields]`), erase values on every record: those
changes are marked `destroys_data`. System fields (`is_custom_field` false) take their
settings only: never created, renamed or deleted, and never listed as unmanaged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.fields.desired import FIELD
from reconciler.kinds.fields.model import ENTITIES
from reconciler.kinds.fields.options import Options
from reconciler.kinds.fields.payloads import FieldWrite
from reconciler.kinds.fields.places import Places
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Create, Delete, FieldChange, Update
from reconciler.planning.diff import values_differ
from reconciler.planning.match import match
from reconciler.state import Resource

COMPARED = (
    "name", "description", "add_visible", "details_visible", "pipelines", "important",
    "required", "required_on",
)  # fmt: skip
_NOT_SHOWN = ("entity", "option_ids", "option_renames", "system")


def plan_fields(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    places = Places(ctx)
    errors: list[str] = []
    for want in ctx.desired.of_kind(FIELD):
        errors += places.problems(want)
    for entity in ENTITIES:
        wanted = [r for r in ctx.desired.of_kind(FIELD) if r.key[0] == entity]
        live = [r for r in ctx.live.of_kind(FIELD) if r.key[0] == entity]
        pairs, new, extra = _match(wanted, live, errors)
        for want, have in pairs:
            change = _update(want, have, places.translated(have.fields), errors)
            if change is not None:
                out.changes.append(change)
        for want in new:
            if "type" not in want.fields:
                errors.append(
                    f"{want.origin}: {want.address}: no {entity} field is named "
                    f"'{want.name}' in Pipedrive; give `type` to create a custom field"
                )
            else:
                after = {k: v for k, v in want.fields.items() if k not in (*_NOT_SHOWN, "code")}
                out.changes.append(
                    Create(kind=FIELD, key=want.key, after=after, payload=FieldWrite(entity))
                )
        for have in extra:
            _unmatched(ctx, out, have)
    if errors:
        raise PlanError(errors)
    return out


def _match(
    wanted: list[Resource], live: list[Resource], errors: list[str]
) -> tuple[list[tuple[Resource, Resource]], list[Resource], list[Resource]]:
    """Pairs by `code:` pin, then by name and renamed_from; then the unmatched of each side."""
    pairs: list[tuple[Resource, Resource]] = []
    pool = list(live)
    rest = []
    for want in wanted:
        code = want.fields.get("code")
        if code is None:
            rest.append(want)
            continue
        found = [have for have in pool if have.fields.get("code") == code]
        if not found:
            errors.append(
                f"{want.origin}: {want.address} is pinned to code {code}, which is "
                f"not a live {want.key[0]} field"
            )
            continue
        pairs.append((want, found[0]))
        pool.remove(found[0])
    rest = [want for want in rest if not _ambiguous(want, pool, errors)]
    matching = match(rest, pool, scope=f"of {wanted[0].key[0]}" if wanted else "")
    return pairs + matching.pairs, matching.unmatched_desired, matching.unmatched_live


def _ambiguous(want: Resource, pool: list[Resource], errors: list[str]) -> bool:
    """Two live fields answer to a name the entry matches by: a `code:` pin must choose."""
    for name in (want.name, *want.renamed_from):
        codes = [str(have.fields.get("code")) for have in pool if have.name == name]
        if len(codes) > 1:
            errors.append(
                f"{want.origin}: {want.address}: {len(codes)} live {want.key[0]} fields are "
                f"named '{name}' (codes {', '.join(codes)}); pin one with `code:`"
            )
            return True
    return False


def _unmatched(ctx: PlanContext, out: KindOutcome, have: Resource) -> None:
    if not have.fields.get("system"):  # Pipedrive's own: never the config's to delete
        ctx.leave_or_delete(FIELD, have, out, _delete)


def _delete(have: Resource) -> Delete:
    return Delete(
        kind=FIELD,
        key=have.key,
        id=None,
        before=_shown(have.fields),
        payload=FieldWrite(have.key[0], str(have.fields.get("code"))),
        notes=(f"deleting the field erases its value on every {have.key[0]}",),
        destroys_data=True,
    )


def _shown(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in _NOT_SHOWN}


def _update(
    want: Resource, have: Resource, live: Mapping[str, Any], errors: list[str]
) -> Update | None:
    if not _allowed(want, have, errors):
        return None
    keys = [k for k in COMPARED if k in want.fields]
    fields = [
        FieldChange(k, live.get(k), want.fields[k])
        for k in keys
        if values_differ(live.get(k), want.fields[k])
    ]
    options = Options.of(want, have) if "options" in want.fields else None
    if options is not None and options.changed:
        fields.append(FieldChange("options", live.get("options"), want.fields["options"]))
        keys.append("options")
    if not fields:
        return None
    entity, code = want.key[0], str(have.fields.get("code"))
    payload = options.payload(entity, code) if options else FieldWrite(entity, code)
    return Update(
        kind=FIELD,
        key=want.key,
        id=None,
        before={k: live.get(k) for k in keys},
        after={k: want.fields[k] for k in keys},
        fields=tuple(fields),
        payload=payload,
        notes=options.notes if options else (),
        destroys_data=bool(options and options.deleted),
    )


def _allowed(want: Resource, have: Resource, errors: list[str]) -> bool:
    where = f"{want.origin}: {want.address}"
    wanted_type, live_type = want.fields.get("type"), have.fields.get("type")
    if wanted_type is not None and wanted_type != live_type:
        errors.append(
            f"{where}: type is {live_type} in Pipedrive but {wanted_type} here; Pipedrive "
            "cannot convert a field's type. To migrate, declare a new field under a new name "
            f"with type {wanted_type}, copy the values over, then remove '{have.name}'"
        )
        return False
    if have.fields.get("system") and (want.name != have.name or "options" in want.fields):
        errors.append(
            f"{where}: '{have.name}' is a system field: only its visibility, "
            "important and required settings can be managed"
        )
        return False
    return True
