"""`fields:` custom fields per entity, through API v2 (`/api/v2/{entity}Fields`).

Each entity's list is keyed by field name. A custom field declares its `type`; a system
field (Pipedrive's own, such as a deal's `value`) may be declared without one, to manage its
visibility, important and required keys only. Which keys exist follows each entity's
documented `ui_visibility`, `important_fields` and `required_fields`: only deal fields have
pipelines, stage-bound requirements and a description; product fields have visibility only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from reconciler.config.types import Model, Name

FieldType = Literal[
    "varchar", "varchar_auto", "text", "double", "monetary", "date", "set", "enum", "user",
    "org", "people", "phone", "time", "timerange", "daterange", "address",
]  # fmt: skip
OPTION_TYPES = ("enum", "set")
FieldCode = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9_]{1,64}$",
        description="A live field_code: the 40-character hash of a custom field, or a system "
        "field's code such as `value`.",
    ),
]
StagesByPipeline = Annotated[
    dict[Name, list[Name]],
    Field(description="Stages by pipeline name, each list naming stages of that pipeline."),
]


class FieldOption(Model):
    """One option of an enum or set field; renaming keeps its id, so stored values survive."""

    label: Name
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former labels: a live option by one is renamed."
    )


Option = Annotated[Name | FieldOption, Field(description="A label, or {label, renamed_from}.")]


class CustomField(Model):
    """A field of one entity, matched to the live one by name (or `code`)."""

    name: Name = Field(description="field_name: the key within its entity.")
    code: FieldCode | None = Field(None, description="Pin to this live field_code (like id:).")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live field by one is renamed."
    )
    type: FieldType | None = Field(
        None,
        description="Pipedrive's field_type, needed to create the field; it cannot change "
        "after creation. Absent: a system field, whose visibility keys alone are managed.",
    )
    options: list[Option] | None = Field(
        None,
        description="enum and set only. Authoritative: undeclared options are removed, which "
        "erases them on every record.",
    )
    add_visible: bool | None = Field(None, description="ui_visibility.add_visible_flag.")
    details_visible: bool | None = Field(None, description="ui_visibility.details_visible_flag.")
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")

    @model_validator(mode="after")
    def _options_need_an_option_type(self) -> CustomField:
        if self.options is not None and self.type not in OPTION_TYPES:
            raise ValueError("`options` belong to enum and set fields (`type: enum` or `set`)")
        return self

    def option_labels(self) -> list[str]:
        return [o if isinstance(o, str) else o.label for o in self.options or []]


class ProductField(CustomField):
    """A product field: products have visibility settings only."""


class PersonField(CustomField):
    """A person field: highlighted at deal stages, required everywhere or nowhere."""

    important: bool | StagesByPipeline | None = Field(
        None,
        description="important_fields: true everywhere, false nowhere, or at these deal stages.",
    )
    required: bool | None = Field(None, description="required_fields.enabled.")


class OrganizationField(PersonField):
    """An organization field: highlighted at deal stages, required everywhere or nowhere."""


class ProjectField(PersonField):
    """A project field: highlighted at deal stages, required everywhere or nowhere."""


class DealField(CustomField):
    """A deal field: shown in some pipelines, important or required at some stages."""

    description: str | None = Field(None, description="The field's description.")
    pipelines: list[Name] | Literal["all"] | None = Field(
        None,
        description='ui_visibility.show_in_pipelines by pipeline name; "all": every '
        "pipeline, including new ones.",
    )
    important: bool | StagesByPipeline | None = Field(
        None, description="important_fields: true everywhere, false nowhere, or at these stages."
    )
    required: bool | StagesByPipeline | None = Field(
        None, description="required_fields: true everywhere, false nowhere, or at these stages."
    )
    required_on: dict[Name, list[Literal["won", "lost"]]] | None = Field(
        None,
        description="required_fields.statuses: by pipeline name, required when a deal is won "
        "or lost there.",
    )


class Fields(Model):
    """Custom fields by entity; each list is keyed by field name."""

    deal: list[DealField] = Field(default_factory=list)
    person: list[PersonField] = Field(default_factory=list)
    organization: list[OrganizationField] = Field(default_factory=list)
    product: list[ProductField] = Field(default_factory=list)
    project: list[ProjectField] = Field(default_factory=list)


ENTITIES = ("deal", "person", "organization", "product", "project")


def entity_fields(config: Fields) -> list[tuple[str, int, CustomField]]:
    """Every declared field as (entity, index in its list, field), entity by entity."""
    return [
        (entity, index, spec)
        for entity in ENTITIES
        for index, spec in enumerate(getattr(config, entity))
    ]
