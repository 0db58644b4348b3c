"""The config language's root: what admins write in YAML, one file or a directory merged.

The sections (`pipelines:`, `roles:`, ...) are declared by their kinds (`reconciler.kinds`,
each `SectionSpec.item`), so the root is assembled from the registry: a new kind's section
appears here, in the JSON Schema and in the loader without touching this module. These are
document models only; the planner works on `reconciler.state`, built from them by
`config.desired`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, create_model

from reconciler import kinds
from reconciler.config.types import (
    DEFAULT_ROLE_NAME,
    Model,
    Name,
    PositiveId,
    ProtectedAddress,
    UserRef,
)

__all__ = ["DEFAULT_ROLE_NAME", "Api", "Config", "Guards", "Model", "Name", "PositiveId", "UserRef"]


class Guards(Model):
    """Mass-delete guard: refuse to delete more than `max_delete_percent` of a kind's live
    objects when at least `min_existing` exist (override with --allow-mass-delete)."""

    max_delete_percent: float = Field(30, ge=0, le=100)
    min_existing: int = Field(10, ge=0)


class Api(Model):
    """Which Pipedrive API versions to speak."""

    stages: Literal["v1", "v2"] = Field(
        "v2", description="API for pipelines and stages: v2 (default) or the legacy v1."
    )


PruneName = Literal[tuple(kinds.PRUNE_KINDS)]  # type: ignore[valid-type]


def _sections() -> dict[str, Any]:
    return {section.name: _section(section) for section in kinds.SECTIONS}


def _section(section: kinds.SectionSpec) -> tuple[Any, Any]:
    if section.model is not None:  # a mapping of lists (`fields:` by entity)
        return section.model, Field(default_factory=section.model, description=section.description)
    return list[section.item], Field(default_factory=list, description=section.description)  # type: ignore[name-defined]


Config: type[Model] = create_model(
    "Config",
    __base__=Model,
    __doc__="A whole company's configuration (one file or a directory of files merged).",
    prune=(
        list[PruneName],  # type: ignore[valid-type]
        Field(
            default_factory=list,
            description="Sections whose undeclared live objects are deleted; others are "
            "listed as unmanaged.",
        ),
    ),
    guards=(Guards, Field(default_factory=Guards)),
    api=(Api, Field(default_factory=Api)),
    **_sections(),
    protected=(
        list[ProtectedAddress],
        Field(
            default_factory=list,
            description="Addresses of live objects never deleted, declared or not, e.g. "
            "'role/Sales Rep', 'pipeline/Sales', 'stage/Sales/Won'. Unlike `protect: true` on "
            "an entry, this keeps protecting an object after its entry is removed from the "
            "config.",
        ),
    ),
)
