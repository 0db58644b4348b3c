"""`lead_labels:` lead labels through API v1 (`/leadLabels`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from reconciler.config.types import Model, Name

LeadLabelColor = Literal[
    "blue", "brown", "dark-gray", "gray", "green", "orange", "pink", "purple", "red", "yellow"
]  # fmt: skip
LabelId = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        description="A live lead label's UUID.",
    ),
]


class LeadLabel(Model):
    """A lead label, matched to the live one by name (or `id`)."""

    name: Name
    id: LabelId | None = Field(None, description="Pin to this live label id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live label by one is renamed."
    )
    color: LeadLabelColor | None = Field(
        None, description="Needed to create a label. Absent: not managed."
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")
