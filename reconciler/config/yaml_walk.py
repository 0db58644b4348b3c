"""From a parsed YAML document to plain data (what pydantic validates) and a `SourceMap`.

Two walkers make the same data and the same positions: one over the node graph libyaml
composes (`yaml_nodes`), one over ruamel's round-trip document (commented maps that know
their lines and columns). Before either walks, `check_expansion` measures what aliases make
of the document: a few hundred bytes of anchors and aliases can stand for billions of values
(the "billion laughs"), so a document whose aliases would add more than `ALIAS_LIMIT` values
is refused before anything is expanded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.scalarbool import ScalarBoolean

from reconciler.config import yaml_nodes
from reconciler.config.positions import DocPath, Pos, SourceMap, at
from reconciler.errors import ConfigError

MAX_DEPTH = 64  # far beyond any sensible config
ALIAS_LIMIT = 100_000  # values aliases may add to a document


def check_expansion(
    root: Any,
    children: Callable[[Any], list[Any]],
    is_collection: Callable[[Any], bool],
    position: Callable[[Any], tuple[int, int]],
    file: str,
) -> None:
    """ConfigError when aliases would add more than `ALIAS_LIMIT` values, pointing at the
    anchor whose repetition crosses the limit. Linear in the document as written."""
    sizes: dict[int, int] = {}  # id of each distinct collection -> values once expanded
    written = [1]

    def size(node: Any, depth: int) -> int:
        if not is_collection(node) or depth > MAX_DEPTH:  # too deep: the walk says so
            return 1
        if id(node) not in sizes:
            items = children(node)
            written[0] += len(items)
            sizes[id(node)] = 1 + sum(size(item, depth + 1) for item in items)
        return sizes[id(node)]

    if size(root, 0) - written[0] <= ALIAS_LIMIT:
        return
    seen: set[int] = set()
    added = 0

    def find(node: Any, depth: int) -> Any:
        nonlocal added
        seen.add(id(node))
        for item in children(node):
            if not is_collection(item) or depth >= MAX_DEPTH:
                continue
            if id(item) in seen:  # an alias: everything in it is repeated here
                added += sizes[id(item)]
                if added > ALIAS_LIMIT:
                    return item
            elif (found := find(item, depth + 1)) is not None:
                return found
        return None

    culprit = find(root, 0)
    line, col = position(culprit if culprit is not None else root)
    message = (
        f"aliases would expand this document by more than {ALIAS_LIMIT:,} values "
        f"(this anchor alone stands for {sizes.get(id(culprit), 0):,}); write the values out "
        "or use fewer aliases"
    )
    raise ConfigError(at(file, line, col).issue(message))


def _too_deep(sources: SourceMap, path: DocPath) -> ConfigError:
    message = f"document is nested more than {MAX_DEPTH} levels deep"
    return ConfigError(sources.nearest(path).issue(message))


class NodeWalker:
    """Walks libyaml's node graph; raises `yaml_nodes.RoundTripNeeded` on anything unusual."""

    def __init__(self, sources: SourceMap) -> None:
        self.sources = sources

    def plain(self, node: Any, path: DocPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise _too_deep(self.sources, path)
        file, nodes = self.sources.file, self.sources.nodes
        if isinstance(node, yaml_nodes.MappingNode):
            keys = self.sources.keys
            result: dict[str, Any] = {}
            for name, key_node, value_node in yaml_nodes.mapping_items(node):
                child = (*path, name)
                mark = key_node.start_mark
                keys[child] = key_at = Pos(file, mark.line + 1, mark.column + 1)
                # An empty (null) value has no place of its own: it is where its key is.
                if yaml_nodes.is_null(value_node):
                    nodes[child] = key_at
                    result[name] = None
                    continue
                mark = value_node.start_mark
                nodes[child] = Pos(file, mark.line + 1, mark.column + 1)
                result[name] = self.plain(value_node, child)
            return result
        if isinstance(node, yaml_nodes.SequenceNode):
            items = []
            for index, value_node in enumerate(yaml_nodes.sequence_items(node)):
                child = (*path, index)
                mark = value_node.start_mark
                nodes[child] = Pos(file, mark.line + 1, mark.column + 1)
                items.append(self.plain(value_node, child))
            return items
        return plain_scalar(yaml_nodes.construct_scalar(node))


class RoundTripWalker:
    """Walks ruamel's round-trip document, whose maps and sequences know where they were."""

    def __init__(self, sources: SourceMap) -> None:
        self.sources = sources

    def plain(self, node: Any, path: DocPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise _too_deep(self.sources, path)
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
        return plain_scalar(node)


def round_trip_children(node: Any) -> list[Any]:
    if isinstance(node, CommentedMap):
        return list(node.values())
    return list(node) if isinstance(node, CommentedSeq) else []


def is_round_trip_collection(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq)


def round_trip_position(node: Any) -> tuple[int, int]:
    return node.lc.line, node.lc.col


def _record(
    sources: SourceMap, path: DocPath, lc: Any, kind: str, arg: Any, *, is_key: bool = False
) -> None:
    # Keys pulled in through a `<<:` merge have no position of their own here.
    try:
        line, col = getattr(lc, kind)(arg)
    except (KeyError, IndexError, TypeError, AttributeError):
        return
    (sources.keys if is_key else sources.nodes)[path] = at(sources.file, line, col)


def _key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, Iterable) and not isinstance(key, str | bytes):
        return "[" + ", ".join(_key_text(k) for k in key) + "]"
    return str(key)


def plain_scalar(value: Any) -> Any:
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
