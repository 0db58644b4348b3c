"""Custom fields of deals, persons, organizations, products and projects (`fields:`),
through API v2 (`/api/v2/{entity}Fields` and their `/options` bulk endpoints).

field (entity, name)   name, type, description, options, add_visible, details_visible,
                       pipelines, important, required, required_on (see `desired`, `read`)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.kinds.fields.checks import check_fields, count_fields
from reconciler.kinds.fields.desired import FIELD, desired_fields
from reconciler.kinds.fields.export import compare_fields, custom, export_fields
from reconciler.kinds.fields.model import ENTITIES, CustomField, Fields
from reconciler.kinds.fields.plan import plan_fields
from reconciler.kinds.fields.read import read_fields
from reconciler.kinds.fields.write import write_field
from reconciler.kinds.spec import Export, KindSpec, SectionSpec
from reconciler.planning.normalize import text, to_bool
from reconciler.state import PIPELINE, STAGE, DesiredState

__all__ = ["FIELD", "KINDS", "SECTION"]


def _pipelines(value: Any) -> Any:
    if value is None or value == "all":
        return value
    return tuple(sorted({str(v) for v in value}))


def _stage_rule(value: Any) -> Any:
    """true, false, or {pipeline: stages} with both sorted (their order means nothing)."""
    if not isinstance(value, Mapping):
        return to_bool(value)
    return {str(p): tuple(sorted(set(s))) for p, s in sorted(value.items()) if s}


def _entities(desired: DesiredState) -> Mapping[str, frozenset[str]]:
    return {"entities": frozenset(r.key[0] for r in desired.of_kind(FIELD))}


KINDS = (
    KindSpec(
        name=FIELD,
        create_call=lambda api: Call("POST", "v2", "/dealFields"),
        section="fields",
        noun="custom field",
        plural="custom fields",
        pin="code",
        key_parts=2,
        prune="fields",
        protectable=True,
        # Settings name pipelines and stages, resolved to ids once those are written.
        depends_on=(PIPELINE, STAGE),
        normalisers={
            "description": text,
            "add_visible": to_bool,
            "details_visible": to_bool,
            "pipelines": _pipelines,
            "important": _stage_rule,
            "required": _stage_rule,
            "required_on": _stage_rule,
        },
        flags=_entities,
        planner=plan_fields,
        reader=read_fields,
        writer=write_field,
        # A field has no numeric id to look a lost create up by: its POST is not re-sent.
        guard_creates=False,
    ),
)

SECTION = SectionSpec(
    name="fields",
    noun="custom field",
    item=CustomField,
    description="Custom fields by entity (deal, person, organization, product, project), "
    "each list keyed by field name.",
    kinds=(FIELD,),
    merge_key="name",
    desired=desired_fields,
    export=Export(
        words=(FIELD, "custom_fields"), reads=(FIELD,), build=export_fields, worth=custom
    ),
    compare=compare_fields,
    checks=check_fields,
    count=count_fields,
    model=Fields,
    groups=ENTITIES,
)
