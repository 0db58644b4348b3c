"""Positions in config files: `Pos` (file, line, column) and the `SourceMap` from document
paths (`("roles", 3, "name")`) to where each value and mapping key was written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from reconciler.errors import ConfigIssue

DocPath = tuple[str | int, ...]


class Pos(NamedTuple):
    """A 1-based position in a file. (A named tuple: a config makes one per value, and a
    tuple is built several times faster than a frozen dataclass.)"""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def issue(self, message: str) -> ConfigIssue:
        return ConfigIssue(self.file, self.line, self.column, message)


@dataclass
class SourceMap:
    """Positions of values (`nodes`) and of mapping keys (`keys`) by document path."""

    file: str
    nodes: dict[DocPath, Pos] = field(default_factory=dict)
    keys: dict[DocPath, Pos] = field(default_factory=dict)

    def nearest(self, path: DocPath) -> Pos:
        """The position of `path`, or of its closest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            pos = self.nodes.get(path[:cut])
            if pos is not None:
                return pos
        return Pos(self.file)

    def key(self, path: DocPath) -> Pos:
        """Where the key of a mapping entry is written (falls back to its value)."""
        return self.keys.get(path) or self.nearest(path)

    def update(self, other: SourceMap, keep: Mapping[DocPath, DocPath]) -> None:
        """Copy in `other`'s positions under the `keep` prefixes, moved to their new paths."""
        if _keeps_everything_in_place(other, keep):
            self.nodes.update(other.nodes)
            self.keys.update(other.keys)
            return
        deepest = max(map(len, keep), default=0)
        # Paths move by their first `deepest` steps: work each of those out once.
        heads: dict[DocPath, DocPath | None] = {}
        for target, source in ((self.nodes, other.nodes), (self.keys, other.keys)):
            for path, pos in source.items():
                head = path[:deepest]
                if head not in heads:
                    heads[head] = _moved(head, keep, deepest)
                new = heads[head]
                if new is None:
                    continue
                target[path if new == head else new + path[deepest:]] = pos


def _keeps_everything_in_place(other: SourceMap, keep: Mapping[DocPath, DocPath]) -> bool:
    """Whether `keep` moves nothing and leaves out nothing of `other` (one file, or the first
    of several, with no section refused)."""
    if any(source != target for source, target in keep.items()):
        return False
    tops = {path[:1] for path in (*other.nodes, *other.keys)}
    return all(top in keep for top in tops)


def _moved(path: DocPath, keep: Mapping[DocPath, DocPath], deepest: int) -> DocPath | None:
    # The root only matches itself; anything else matches its longest kept prefix (no
    # prefix is longer than the deepest kept path).
    for cut in range(min(len(path), deepest), 0 if path else -1, -1):
        new = keep.get(path[:cut])
        if new is not None:
            return new + path[cut:]
    return None


def at(file: str, line: int, col: int) -> Pos:
    """The position of a 0-based line and column, as YAML parsers count them."""
    return Pos(file, line + 1, col + 1)
