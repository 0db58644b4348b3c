"""Reading one YAML file into plain data while remembering where every value came from.

ruamel's round-trip loader attaches line and column to every mapping and sequence; this
module turns its document into plain dicts, lists and scalars (what pydantic validates) and
a `SourceMap` from document paths to positions, so any later error can point at the source.
Any failure to read or parse becomes a `ConfigError` with a position, never a traceback.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

from reconciler.errors import ConfigError, ConfigIssue

DocPath = tuple[str | int, ...]

# Far beyond any sensible config; they stop pathological documents (alias bombs).
_MAX_DEPTH = 64
_MAX_NODES = 1_000_000


@dataclass(frozen=True)
class Pos:
    """A 1-based position in a file."""

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
        for target, source in ((self.nodes, other.nodes), (self.keys, other.keys)):
            for path, pos in source.items():
                new = _moved(path, keep)
                if new is not None:
                    target[new] = pos


def _moved(path: DocPath, keep: Mapping[DocPath, DocPath]) -> DocPath | None:
    # The root only matches itself; anything else matches its longest kept prefix.
    for cut in range(len(path), 0 if path else -1, -1):
        new = keep.get(path[:cut])
        if new is not None:
            return new + path[cut:]
    return None


def read_yaml(path: Path, label: str) -> tuple[Any, SourceMap]:
    """Parse the file at `path`; positions name it `label` (the path as the user wrote it)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(Pos(label).issue(f"cannot read file: {exc.strerror or exc}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)"
        raise ConfigError(Pos(label, line, column).issue(message)) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        raise ConfigError(_yaml_issue(exc, label)) from None
    except Exception as exc:  # ruamel raises assorted errors on odd input; none may escape
        raise ConfigError(Pos(label).issue(f"invalid YAML: {exc}")) from None
    sources = SourceMap(label)
    if isinstance(document, CommentedMap | CommentedSeq):
        sources.nodes[()] = _at(label, document.lc.line, document.lc.col)
    return _Walker(sources).plain(document, ()), sources


def _yaml_issue(exc: MarkedYAMLError, label: str) -> ConfigIssue:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "invalid YAML: " + (": ".join(parts) if parts else "cannot parse")
    if mark is None:
        return Pos(label).issue(message)
    return Pos(label, mark.line + 1, mark.column + 1).issue(message)


class _Walker:
    """Turns ruamel's document into plain Python values, recording positions on the way."""

    def __init__(self, sources: SourceMap) -> None:
        self.sources = sources
        self.budget = _MAX_NODES

    def plain(self, node: Any, path: DocPath) -> Any:
        self.budget -= 1
        if len(path) > _MAX_DEPTH or self.budget < 0:
            # Aliases can make a small file expand without bound; refuse rather than hang.
            message = "document is too large or nested too deeply (check anchors and aliases)"
            raise ConfigError(self.sources.nearest(path).issue(message))
        if isinstance(node, CommentedMap):
            result: dict[str, Any] = {}
            for key, value in node.items():
                name = key if isinstance(key, str) else _key_text(key)
                child = (*path, name)
                _record(self.sources, child, node.lc, "key", key, is_key=True)
                _record(self.sources, child, node.lc, "value", key)
                if value is None and child in self.sources.keys:
                    # An empty value has no place of its own (ruamel gives the next line).
                    self.sources.nodes[child] = self.sources.keys[child]
                result[name] = self.plain(value, child)
            return result
        if isinstance(node, CommentedSeq):
            items = []
            for index, value in enumerate(node):
                child = (*path, index)
                _record(self.sources, child, node.lc, "item", index)
                items.append(self.plain(value, child))
            return items
        return _scalar(node)


def _record(
    sources: SourceMap, path: DocPath, lc: Any, kind: str, arg: Any, *, is_key: bool = False
) -> None:
    # Keys pulled in through a `<<:` merge have no position of their own here.
    try:
        line, col = getattr(lc, kind)(arg)
    except (KeyError, IndexError, TypeError, AttributeError):
        return
    (sources.keys if is_key else sources.nodes)[path] = _at(sources.file, line, col)


def _at(file: str, line: int, col: int) -> Pos:
    return Pos(file, line + 1, col + 1)


def _key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, Iterable) and not isinstance(key, str | bytes):
        return "[" + ", ".join(_key_text(k) for k in key) + "]"
    return str(key)


def _scalar(value: Any) -> Any:
    # ruamel's scalar subclasses (ScalarBoolean is an int, HexInt, ScalarFloat, styled
    # strings) become the plain types pydantic's strict mode expects.
    if isinstance(value, TaggedScalar):
        return str(value.value)
    if isinstance(value, bool | ScalarBoolean):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
