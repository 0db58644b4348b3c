"""How `export --update` brings one declared object (a ruamel node) up to date with its live
item in place: the rules listed in `export_update`'s docstring, per key and per list."""

from __future__ import annotations

import functools
from collections.abc import Callable, MutableMapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.config.export import Item
from reconciler.config.export_files import plain
from reconciler.config.export_yaml import to_commented

# Keys written even where the config left them out: absent `rotten_days` means "off", and an
# `id` pin is needed once a name is shared live. Only `rotten_days` is also removed (a
# user's own pin stays).
ADDED_WHEN_ABSENT = frozenset({"rotten_days", "id"})
REMOVED_WHEN_ABSENT = frozenset({"rotten_days"})
# Mappings keyed by data (a field's stages by pipeline name): replaced whole when they differ,
# their lists compared as sets.
WHOLE_MAPPINGS = frozenset({"important", "required", "required_on"})
# Lists whose order is meaningful and follows Pipedrive's.
ORDERED_LISTS = frozenset({"stages"})
# Lists of names (or of objects with a name) whose order follows Pipedrive's: a board's phases.
ORDERED_NAMES = frozenset({"phases"})


def pair(nodes: list[CommentedMap], items: list[Item]) -> dict[int, Item]:
    """Node -> live item, by `id` pin, then name, then `renamed_from` (as the planner)."""
    pairs: dict[int, Item] = {}
    taken: set[int] = set()

    def claim(node: CommentedMap, test: Callable[[Item], bool]) -> None:
        if id(node) in pairs:
            return
        found = next((i for i in items if id(i) not in taken and test(i)), None)
        if found is not None:
            pairs[id(node)] = found
            taken.add(id(found))

    for node in nodes:
        if node.get("id") is not None:
            claim(node, functools.partial(_same_id, node))
    for node in nodes:
        if node.get("id") is None:
            claim(node, functools.partial(_same_name, node))
    for node in nodes:
        if node.get("id") is None:
            claim(node, functools.partial(_renamed, list(node.get("renamed_from") or [])))
    return pairs


def _same_id(node: CommentedMap, item: Item) -> bool:
    return bool(item.get("_id") == node["id"])


def _same_name(node: CommentedMap, item: Item) -> bool:
    return bool(object_name(item) == object_name(node))


def _renamed(olds: list[Any], item: Item) -> bool:
    return object_name(item) in olds


Canon = Callable[[str, Any], Any]


def sync_map(node: MutableMapping[str, Any], item: Item, canon: Canon) -> None:
    item = _config_form(node, item)
    for key, value in item.items():
        if key.startswith("_"):
            continue
        if key not in node:
            if key in ADDED_WHEN_ABSENT:
                node[key] = to_commented(value)
            continue
        current = node[key]
        if key in WHOLE_MAPPINGS:
            if as_sets(current) != as_sets(value):
                node[key] = to_commented(value)
        elif isinstance(value, dict) and isinstance(current, MutableMapping):
            sync_map(current, value, canon)
        elif isinstance(value, list) and isinstance(current, CommentedSeq):
            if key in ORDERED_LISTS:
                _sync_ordered(current, value, canon)
            elif key in ORDERED_NAMES:
                _sync_ordered_names(current, value)
            else:
                _sync_names(key, current, value, canon)
        elif not _same(current, value):
            node[key] = to_commented(value)
    for key in list(node):
        if key in REMOVED_WHEN_ABSENT and key not in item and node[key] is not None:
            del node[key]
    if "renamed_from" in node and object_name(node) in (node["renamed_from"] or []):
        node["renamed_from"].remove(object_name(node))
        if not node["renamed_from"]:
            del node["renamed_from"]


def _config_form(node: MutableMapping[str, Any], item: Item) -> Item:
    """A role's visibility in the form the config uses (`hidden:` or a `visible:` list) when
    it can say the live state (`visible: all` only while nothing is hidden); the form written
    replaces the other."""
    if "_hidden" not in item:
        return item
    hidden, visible = item["_hidden"], item["_visible"]
    if "hidden" in node or (node.get("visible") == "all" and hidden):
        wanted: Item = {"hidden": hidden}
    elif isinstance(node.get("visible"), list):
        wanted = {"visible": visible}
    else:
        wanted = {k: v for k, v in item.items() if not k.startswith("_")}
    for key in ("visible", "hidden"):
        if key in node and key not in wanted:
            del node[key]
        elif key not in node and key in wanted:
            node[key] = to_commented(wanted[key])
    return wanted


def as_sets(value: Any) -> Any:
    if isinstance(value, MutableMapping | dict):
        return {str(k): sorted(map(str, v or ())) for k, v in plain(value).items()}
    return plain(value)


def object_name(obj: Any) -> Any:
    """An object's natural key: `name`, `title` for projects, `deal` for subscriptions."""
    return obj.get("name", obj.get("title", obj.get("deal")))


def _same(current: Any, value: Any) -> bool:
    if isinstance(value, bool) or isinstance(current, bool):
        return isinstance(current, int) and isinstance(value, int) and bool(current) is value
    return bool(plain(current) == plain(value))


def _sync_names(key: str, seq: CommentedSeq, wanted: list[Any], canon: Canon) -> None:
    """A list of names: keep entries (and spelling) still wanted, drop others, append new.
    A list of objects (subscription `payments`) is replaced when it differs."""
    if any(isinstance(v, dict) for v in (*seq, *wanted)):
        if not _same(list(seq), wanted):
            seq[:] = [to_commented(v) for v in wanted]
        return
    want = {canon(key, v): v for v in wanted}
    keep = [v for v in seq if canon(key, v) in want]
    if len(keep) == len(seq) == len(want):
        return
    have = {canon(key, v) for v in keep}
    for index in range(len(seq) - 1, -1, -1):
        if canon(key, seq[index]) not in want:
            del seq[index]
    seq.extend(v for k, v in want.items() if k not in have)


def _sync_ordered(seq: CommentedSeq, items: list[Item], canon: Canon) -> None:
    """A list of named objects in Pipedrive's order (stages)."""
    nodes = [n for n in seq if isinstance(n, CommentedMap)]
    pairs = pair(nodes, items)
    by_item = {id(item): node for node in nodes if (item := pairs.get(id(node))) is not None}
    for node in nodes:
        if id(node) in pairs:
            sync_map(node, pairs[id(node)], canon)
    wanted = [by_item.get(id(item)) or to_commented(item) for item in items]
    if [id(n) for n in seq] == [id(n) for n in wanted]:
        return
    kept = [n for n in seq if id(n) in {id(w) for w in wanted}]
    if kept == [w for w in wanted if any(w is n for n in kept)]:
        # Same order: remove and insert in place, so comments stay where they were.
        for index in range(len(seq) - 1, -1, -1):
            if not any(seq[index] is w for w in wanted):
                del seq[index]
        for index, node in enumerate(wanted):
            if index >= len(seq) or seq[index] is not node:
                seq.insert(index, node)
        return
    del seq[:]
    seq.extend(wanted)


def _sync_ordered_names(seq: CommentedSeq, names: list[Any]) -> None:
    """Names in Pipedrive's order, each entry kept as written (a bare name or an object)
    while its name is live; names new in Pipedrive are written bare."""
    by_name: dict[Any, Any] = {}
    for entry in seq:
        by_name.setdefault(object_name(entry) if isinstance(entry, CommentedMap) else entry, entry)
    wanted = [by_name.get(name, name) for name in names]
    if [id(entry) for entry in seq] != [id(entry) for entry in wanted]:
        seq[:] = wanted
