"""Every resource kind, declared once, in dependency order: the registry everything generic
iterates over (planner, reader, applier, guards, targets, cost, export, diff-envs, drift,
environments, validate, the JSON Schema).

A kind family is one package here (`pipelines`, `roles`, ...) exporting `KINDS` (its
`KindSpec`s, a kind only referring to kinds before it) and `SECTION` (its `SectionSpec`).
Adding a kind is one more package and one more line in `FAMILIES`.
"""

from __future__ import annotations

from types import ModuleType
from urllib.parse import unquote

from reconciler.kinds import (
    activity_types,
    boards,
    fields,
    lead_labels,
    pipelines,
    products,
    projects,
    roles,
    subscriptions,
    webhooks,
)
from reconciler.kinds.spec import KindSpec, SectionSpec
from reconciler.state import Key, Resource

FAMILIES: tuple[ModuleType, ...] = (
    pipelines,
    roles,
    boards,
    projects,
    products,
    subscriptions,
    fields,
    activity_types,
    lead_labels,
    webhooks,
)

KINDS: tuple[KindSpec, ...] = tuple(spec for family in FAMILIES for spec in family.KINDS)
SECTIONS: tuple[SectionSpec, ...] = tuple(family.SECTION for family in FAMILIES)
NAMES: tuple[str, ...] = tuple(spec.name for spec in KINDS)

_BY_NAME = {spec.name: spec for spec in KINDS}
_SECTIONS = {section.name: section for section in SECTIONS}
# `prune:` names -> kinds
PRUNE_KINDS: dict[str, str] = {spec.prune: spec.name for spec in KINDS if spec.prune}


def kind(name: str) -> KindSpec:
    return _BY_NAME[name]


def known(name: str) -> bool:
    return name in _BY_NAME


def section(name: str) -> SectionSpec:
    return _SECTIONS[name]


def rank(name: str) -> int:
    """A kind's place in dependency order (unknown kinds last)."""
    return NAMES.index(name) if name in _BY_NAME else len(NAMES)


def parse_address(text: str) -> tuple[str, Key]:
    """The inverse of `state.address`; an unknown kind is read as keyed by one name."""
    name, _, rest = text.partition("/")
    if not rest:
        return name, ()
    if name not in _BY_NAME or _BY_NAME[name].key_parts == 1:
        return name, (rest,)
    return name, tuple(unquote(part) for part in rest.split("/"))


def owned_by(name: str) -> tuple[str, ...]:
    """Kinds whose objects live inside an object of kind `name` (a pipeline's stages)."""
    return tuple(spec.name for spec in KINDS if spec.owner == name)


def normalize(resource: Resource) -> Resource:
    """`resource` with every field in its kind's canonical form (unknown kinds as they are)."""
    spec = _BY_NAME.get(resource.kind)
    if spec is None:
        return resource
    return Resource(
        resource.kind,
        resource.key,
        spec.normalise(resource.fields),
        resource.id,
        resource.renamed_from,
        resource.protect,
        resource.origin,
    )


__all__ = [
    "FAMILIES",
    "KINDS",
    "NAMES",
    "PRUNE_KINDS",
    "SECTIONS",
    "KindSpec",
    "SectionSpec",
    "kind",
    "known",
    "normalize",
    "owned_by",
    "parse_address",
    "rank",
    "section",
]
