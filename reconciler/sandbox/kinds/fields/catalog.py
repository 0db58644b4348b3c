"""What each entity's fields look like: their settings blocks and Pipedrive's system fields.

The settings each entity has follow its documented `ui_visibility`, `important_fields` and
`required_fields` (V2A `/{entity}Fields`): deal fields are shown per pipeline and important
or required per stage and won/lost status; person, organization and project fields are
important per deal stage and required everywhere or nowhere; product fields have visibility
only. Only deal fields document a `description`.

The system fields (`is_custom_field` false) are those the documents name, in their examples
or in the `add_visible_flag` descriptions, with the types the examples give them; where the
documents give no type the closest documented one is taken (`pipeline` int, `stage_id`
stage, `probability` double):
- deal: title, value, pipeline, stage_id, probability;
- person: name, org_id, phone;
- organization: name, address;
- product: name;
- project: name.
Add-visible cannot be turned off for those the documents name as required system fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ENTITIES = ("deal", "person", "organization", "product", "project")
OPTION_TYPES = ("enum", "set")


@dataclass(frozen=True)
class EntityFields:
    """The settings one entity's fields have, and its system fields."""

    visibility_keys: tuple[str, ...]
    important: bool
    required_by_stage: bool  # deal: stage_ids and statuses; others: `enabled` only
    has_description: bool
    always_add_visible: tuple[str, ...]
    system: tuple[tuple[str, str, str], ...]  # (field_code, field_name, field_type)


_DIALOG = ("show_in_add_deal_dialog",)
CATALOG: dict[str, EntityFields] = {
    "deal": EntityFields(
        ("add_visible_flag", "details_visible_flag", "projects_detail_visible_flag",
         "show_in_pipelines"),
        important=True, required_by_stage=True, has_description=True,
        always_add_visible=("title", "pipeline", "stage_id", "probability"),
        system=(("title", "Deal Title", "varchar"), ("value", "Value", "monetary"),
                ("pipeline", "Pipeline", "int"), ("stage_id", "Stage", "stage"),
                ("probability", "Probability", "double")),
    ),
    "person": EntityFields(
        ("add_visible_flag", "details_visible_flag", *_DIALOG),
        important=True, required_by_stage=False, has_description=False,
        always_add_visible=("name", "org_id"),
        system=(("name", "Person Name", "varchar"), ("org_id", "Organization", "org"),
                ("phone", "Phone", "phone")),
    ),
    "organization": EntityFields(
        ("add_visible_flag", "details_visible_flag", "org_detail_visible_flag",
         "person_detail_visible_flag", "deal_detail_visible_flag", *_DIALOG,
         "show_in_add_person_dialog"),
        important=True, required_by_stage=False, has_description=False,
        always_add_visible=("name",),
        system=(("name", "Organization Name", "varchar"), ("address", "Address", "address")),
    ),
    "product": EntityFields(
        ("add_visible_flag", "details_visible_flag"),
        important=False, required_by_stage=False, has_description=False,
        always_add_visible=("name",),
        system=(("name", "Product Name", "varchar"),),
    ),
    "project": EntityFields(
        ("add_visible_flag", "details_visible_flag"),
        important=True, required_by_stage=False, has_description=False,
        always_add_visible=(),
        system=(("name", "Project Name", "varchar"),),
    ),
}  # fmt: skip

# Created custom fields take the documented defaults; required system fields show as the
# documents' examples do (required, shown everywhere).
REQUIRED_SYSTEM_FIELDS = {"person": ("name",), "organization": ("name",), "project": ("name",)}
_ADDRESS_PARTS = (
    ("value", "Address value"), ("street_number", "House number"),
    ("route", "Street/road name"), ("subpremise", "Apartment/suite"),
    ("locality", "District"), ("admin_area_level_1", "State/province"),
    ("admin_area_level_2", "County"), ("country", "Country"),
    ("postal_code", "Postal code"), ("formatted_address", "Formatted address"),
)  # fmt: skip


def default_visibility(entity: str, *, system: bool) -> dict[str, Any]:
    """A new field's ui_visibility: the documented defaults (system fields: all shown)."""
    found: dict[str, Any] = {}
    for key in CATALOG[entity].visibility_keys:
        if key == "show_in_pipelines":
            found[key] = {"show_in_all": True, "pipeline_ids": []}
        elif key.startswith("show_in_add_"):
            found[key] = {"show": system, "order": 1 if system else None}
        elif key == "add_visible_flag" or key == "projects_detail_visible_flag":
            found[key] = system
        else:
            found[key] = True
    return found


def subfields(field_type: str, field_name: str) -> list[dict[str, str]] | None:
    """The parts of a monetary or address field, named as the documents' examples name them."""
    if field_type == "monetary":
        return [
            {"field_code": "value", "field_name": f"Amount of {field_name}",
             "field_type": "double"},
            {"field_code": "currency", "field_name": f"Currency of {field_name}",
             "field_type": "varchar"},
        ]  # fmt: skip
    if field_type == "address":
        return [
            {"field_code": code, "field_name": f"{name} of {field_name}", "field_type": "varchar"}
            for code, name in _ADDRESS_PARTS
        ]
    return None
