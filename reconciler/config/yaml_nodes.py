"""Reading a plain YAML config fast: libyaml's C parser composes, Python only walks.

ruamel's round-trip loader is pure Python and spends ten seconds on a 1 MB file. Here the C
parser of `ruamel.yaml.clib` builds the node graph, with tags resolved by YAML 1.2's rules
exactly as the round-trip loader resolves them, and scalars are constructed as the round-trip
constructor constructs them (by it, except plain strings, decimal integers and nulls); the
walk (`yaml_walk`) records the same positions from the nodes' marks.

Anything this path might not treat identically is left to the round-trip loader by raising
`RoundTripNeeded`: a document libyaml cannot parse (the error must read as ruamel words it),
tabs (ruamel refuses some that libyaml takes), directives, explicit tags, merge keys, keys
that are not strings, duplicate keys, more than one document, block scalars ruamel refuses,
nesting deep enough to exhaust the C parser's stack, or no C extension at all.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.tag import Tag

__all__ = ["MappingNode", "RoundTripNeeded", "ScalarNode", "SequenceNode", "compose"]

try:
    from _ruamel_yaml import CParser
except ImportError:  # no wheel for this platform: everything goes the round-trip way
    CParser = None

# The C parser recurses once per nesting level on the C stack; far below where it overflows.
MAX_C_DEPTH = 1000

# One Tag object per core tag: nodes compare theirs by identity (a Tag's text is costly).
_TAGS = {
    name: Tag(suffix=f"tag:yaml.org,2002:{name}")
    for name in ("str", "seq", "map", "int", "float", "bool", "null", "timestamp")
}
_STR, _SEQ, _MAP, _NULL = _TAGS["str"], _TAGS["seq"], _TAGS["map"], _TAGS["null"]
_INT = _TAGS["int"]
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z").match
_SCALARS = {tag: str(tag) for name, tag in _TAGS.items() if name not in ("seq", "map")}
_IMPLICIT: dict[str, list[tuple[Tag, Any]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    # The 1.2 rules the round-trip loader applies; a merge key (<<) resolves to a tag of
    # its own, which no node here may carry.
    if (1, 2) in _versions:
        resolved = next((t for t in _TAGS.values() if str(t) == _tag), Tag(suffix=_tag))
        for _char in _first:
            _IMPLICIT.setdefault(_char, []).append((resolved, _regexp.match))
# Where libyaml and ruamel part ways on what a document is: tags (a `!` that starts a token;
# libyaml reads a lone `!` as a string, ruamel as null), a comment right after a block
# scalar's indicator, and a block scalar opening with a blank line (ruamel refuses both when
# the blank line is indented deeper than the text after it). Directives are checked apart.
_TAG = re.compile(r"(?:^|[\s,\[\]{}])!", re.MULTILINE)
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]{0,2}(?:#| *(?:#.*)?\r?\n *\r?\n)")
# A line whose structure starts this far in may nest this deep (each level of block nesting
# takes a column or an indicator); brackets nest flow collections.
_DEEP_LINE = re.compile(rf"^[ \t?:-]{{{MAX_C_DEPTH // 4}}}", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]{}]")


class RoundTripNeeded(Exception):
    """The document needs ruamel's round-trip loader to be read exactly as before."""


class _Loader(CParser if CParser is not None else object):  # type: ignore[misc]
    """The C parser with YAML 1.2 tag resolution and no path resolvers."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._plain_tags: dict[str, Tag] = {}  # names and keys repeat: each matched once

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        if kind is not ScalarNode:
            return _SEQ if kind is SequenceNode else _MAP
        if not implicit[0]:  # quoted: always a string
            return _STR
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = _implicit_tag(value)
        return tag


def _implicit_tag(value: str) -> Tag:
    """The tag of a plain scalar."""
    for tag, matches in _IMPLICIT.get(value[:1], ()):
        if matches(value):
            return tag
    return _STR


class _Settings:
    """What the round-trip constructor asks of its loader when it builds a scalar."""

    typ = "rt"
    comment_handling = None

    class resolver:
        processing_version = (1, 2)


_CONSTRUCTOR = RoundTripConstructor(loader=_Settings())


def compose(text: str) -> Any:
    """The document's root node (None for an empty document)."""
    if CParser is None or not _plain_enough(text) or _may_nest_too_deeply(text):
        raise RoundTripNeeded
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except Exception as exc:  # libyaml's words differ from ruamel's: let ruamel say it
        raise RoundTripNeeded from exc
    finally:
        loader.dispose()


def _plain_enough(text: str) -> bool:
    """False for text where libyaml and ruamel may disagree (ruamel also refuses some tabs
    that libyaml takes, so a file with any tab is read as before)."""
    if "\t" in text or text.startswith("%") or "\n%" in text:
        return False
    if "!" in text and _TAG.search(text):
        return False
    return not (("|" in text or ">" in text) and _BLOCK_SCALAR.search(text))


def _may_nest_too_deeply(text: str) -> bool:
    if _DEEP_LINE.search(text):
        return True
    if text.count("[") + text.count("{") <= MAX_C_DEPTH // 2:
        return False
    depth = deepest = 0
    for bracket in _BRACKET.finditer(text):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest > MAX_C_DEPTH // 2


def children(node: Any) -> list[Any]:
    """The values inside a node (not mapping keys), for measuring what aliases expand to."""
    if isinstance(node, MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def is_collection(node: Any) -> bool:
    return isinstance(node, MappingNode | SequenceNode)


def is_null(node: Any) -> bool:
    return isinstance(node, ScalarNode) and node.ctag is _NULL


def position(node: Any) -> tuple[int, int]:
    """0-based line and column where the node starts."""
    return node.start_mark.line, node.start_mark.column


def construct_scalar(node: Any) -> Any:
    """The value the round-trip constructor makes of a scalar node (commonest kinds made
    here directly, with the same result)."""
    tag = node.ctag
    if tag is _STR and node.style not in ("|", ">"):
        return node.value
    if tag is _INT and _DECIMAL(node.value):
        return int(node.value)
    if tag is _NULL:
        return None
    if tag not in _SCALARS:
        raise RoundTripNeeded
    return _CONSTRUCTOR.yaml_constructors[_SCALARS[tag]](_CONSTRUCTOR, node)


def mapping_items(node: Any) -> list[tuple[str, Any, Any]]:
    """(key, key node, value node) of a mapping whose keys are distinct plain strings."""
    if node.ctag is not _MAP:
        raise RoundTripNeeded
    items = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.ctag is not _STR:
            raise RoundTripNeeded  # merge keys (<<), numbers, nulls, complex keys
        if key_node.value in seen:
            raise RoundTripNeeded  # ruamel's duplicate-key error says it best
        seen.add(key_node.value)
        items.append((key_node.value, key_node, value_node))
    return items


def sequence_items(node: Any) -> list[Any]:
    if node.ctag is not _SEQ:
        raise RoundTripNeeded
    return list(node.value)
