"""Offline checks: what the schema cannot say but the config alone shows to be wrong.

Each section checks its own entries (`SectionSpec.checks`: duplicate names and `renamed_from`
clashes, duplicate `id:` pins, a user in two roles, cycles of parent roles, ...), built from
the shared checks in `config.checks`. References to objects the config does not declare (a
parent, a visible pipeline, a member) are not checked here: they may exist live, and `plan`
checks them.
"""

from __future__ import annotations

from typing import Any

from reconciler import kinds
from reconciler.config.checks import Where
from reconciler.errors import ConfigIssue


def check_config(config: Any, where: Where) -> list[ConfigIssue]:
    """Every offline issue in `config`; `where` gives the position of a document path."""
    return [
        issue
        for section in kinds.SECTIONS
        if section.checks is not None
        for issue in section.checks(config, where)
    ]


def summary(config: Any, files: int) -> str:
    """`Configuration is valid: 6 roles, 3 pipelines, 14 stages in 2 files.`: every section
    the config declares, or all of them when it declares none."""
    counts: dict[str, int] = {}
    for section in kinds.SECTIONS:
        if section.count is not None:
            counts.update(section.count(config))
    shown = {noun: n for noun, n in counts.items() if n} or counts
    parts = ", ".join(f"{n} {_noun(noun, n)}" for noun, n in shown.items())
    return f"Configuration is valid: {parts} in {files} file{'s' if files != 1 else ''}."


def _noun(plural: str, n: int) -> str:
    return plural[:-1] if n == 1 and plural.endswith("s") else plural
