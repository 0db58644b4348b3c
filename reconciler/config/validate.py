"""Offline checks: what the schema cannot say but the config alone shows to be wrong.

Each section checks its own entries (`SectionSpec.checks`: duplicate names and `renamed_from`
clashes, duplicate `id:` pins, a user in two roles, cycles of parent roles, ...), built from
the shared checks in `config.checks`; the root checks its `protected` addresses against the
kinds that can be protected. References to objects the config does not declare (a parent, a
visible pipeline, a member) are not checked here: they may exist live, and `plan` checks them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from reconciler import kinds
from reconciler.config.checks import Where
from reconciler.errors import ConfigIssue


def check_config(config: Any, where: Where) -> list[ConfigIssue]:
    """Every offline issue in `config`; `where` gives the position of a document path."""
    issues = [
        issue
        for section in kinds.SECTIONS
        if section.checks is not None
        for issue in section.checks(config, where)
    ]
    return [*issues, *_protected(config.protected, where)]


def _protected(entries: list[str], where: Where) -> Iterator[ConfigIssue]:
    """Each `protected` address names a kind that can be protected, with a whole key."""
    protectable = [spec.name for spec in kinds.KINDS if spec.protectable]
    for i, entry in enumerate(entries):
        name, _, rest = entry.partition("/")
        problem = None
        if name not in protectable:
            what = "not a kind that can be protected" if kinds.known(name) else "not a kind"
            problem = f"'{name}' is {what}"
            close = difflib.get_close_matches(name, protectable, n=1, cutoff=0.6)
            problem += f" (did you mean '{close[0]}'?)" if close else ""
            problem += f"; protectable kinds: {', '.join(protectable)}"
        elif (parts := kinds.kind(name).key_parts) > 1 and len(rest.split("/")) != parts:
            problem = f"a {name} address has {parts} parts after the kind, e.g. {_example(name)}"
        if problem is not None:
            yield where(("protected", i)).issue(f"protected address '{entry}': {problem}")


def _example(kind: str) -> str:
    spec = kinds.kind(kind)
    owner = kinds.kind(spec.owner).noun.upper() if spec.owner else "OWNER"
    return f"{kind}/{owner}/NAME"


def summary(config: Any, files: int) -> str:
    """`Configuration is valid: 6 roles, 3 pipelines, 14 stages in 2 files.`: every kind the
    config declares, or every section's first count when it declares none; a section without
    its own count is counted by its entries."""
    counts: dict[str, int] = {}
    for section in kinds.SECTIONS:
        if section.count is not None:
            counts.update(section.count(config))
        else:
            counts[_plural(section.noun)] = len(getattr(config, section.name, None) or ())
    shown = {noun: n for noun, n in counts.items() if n} or counts
    parts = ", ".join(f"{n} {_noun(noun, n)}" for noun, n in shown.items())
    return f"Configuration is valid: {parts} in {files} file{'s' if files != 1 else ''}."


# Plural -> singular for the counts' nouns, from the registry ("role settings" has none).
_SINGULAR = {spec.plural: spec.noun for spec in kinds.KINDS}


def _plural(noun: str) -> str:
    plural = {spec.noun: spec.plural for spec in kinds.KINDS}.get(noun)
    return plural or (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")


def _noun(plural: str, n: int) -> str:
    if n != 1:
        return plural
    if plural in _SINGULAR:
        return _SINGULAR[plural]
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") else plural
