"""`export --update`: bring an existing config directory up to date with the live company.

The files are read and written with ruamel's round trip, so comments, key order and quoting
survive; only what differs from Pipedrive is touched. Rules, per exported section:
- a declared object is paired with a live one as the planner pairs them (`id:` pin, name,
  `renamed_from`); a rename done in Pipedrive renames the object (and drops the new name
  from `renamed_from`);
- only the keys the config manages are updated: a key that is absent stays absent, since
  absent means "not managed" (`parent`, `settings` keys, `members`, `deal_probability`, ...),
  except keys whose absence itself means something (`rotten_days`: absent is "off"), which
  are added or removed, and an `id` pin the export needs for a name shared live;
- lists of names (`visible`, `members`) keep their entries and their spelling (an id stays an
  id) while the same users or pipelines remain, drop the ones gone, append the new ones;
- stages and a board's phases follow the live order; objects new in Pipedrive are appended
  to the section (to `<section>.yaml` when no file declares it); objects gone from Pipedrive
  are removed and named on stderr, since git keeps what was removed. Then `plan` shows
  "No changes.".
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.config.export import Exporter, Item, Notes
from reconciler.config.export_files import (
    ConfigFile,
    config_files,
    plain,
    read_config_file,
    same_content,
)
from reconciler.config.export_groups import sync_grouped
from reconciler.config.export_yaml import dump, grouped_section, header, section_value, to_commented
from reconciler.errors import ConfigError, ConfigIssue
from reconciler.state import LiveState

# Keys written even where the config left them out: absent `rotten_days` means "off", and an
# `id` pin is needed once a name is shared live. Only `rotten_days` is also removed (a
# user's own pin stays).
ADDED_WHEN_ABSENT = frozenset({"rotten_days", "id"})
REMOVED_WHEN_ABSENT = frozenset({"rotten_days"})
# Mappings keyed by data (a field's stages by pipeline name): replaced whole when they differ,
# their lists compared as sets.
WHOLE_MAPPINGS = frozenset({"important", "required", "required_on"})
_NO_LAYERS = "Note: export --update --env leaves `{}` as it is; update it by hand"
# Lists whose order is meaningful and follows Pipedrive's.
ORDERED_LISTS = frozenset({"stages"})
# Lists of names (or of objects with a name) whose order follows Pipedrive's: a board's phases.
ORDERED_NAMES = frozenset({"phases"})


@dataclass
class UpdateResult:
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def update_directory(
    directory: Path,
    live: LiveState,
    exporters: Iterable[Exporter],
    schema_ref: str,
    scrub: Callable[[str], str] = str,
    environment: Path | None = None,
) -> UpdateResult:
    """Rewrite the config files in `directory` to match `live`; return what was written.
    `scrub` sees every text before it is written (the CLI removes secrets with it). With
    `environment` (its file), each value is written where it is defined (export_layers)."""
    # Imported here: export_layers uses this module's sync functions.
    from reconciler.config.export_layers import LayeredUpdate, Overlay

    result = UpdateResult()
    files = [read_config_file(path) for path in config_files(directory)]
    overlay = Overlay(read_config_file(environment), []) if environment is not None else None
    canon = _canonical(live)
    sync = functools.partial(_sync_map, canon=canon)
    layered = LayeredUpdate(overlay, live, sync, _pair, result.messages) if overlay else None
    for exporter in exporters:
        notes = Notes()
        items = exporter.build(live, notes)
        result.messages += [f"Note: {n}" for n in notes.by_section.get(exporter.section, [])]
        holders = [
            (f, f.doc[exporter.section])
            for f in files
            if isinstance(f.doc, CommentedMap) and isinstance(f.doc.get(exporter.section), list)
        ]
        if grouped_section(exporter.section):
            if layered is not None:
                result.messages.append(_NO_LAYERS.format(exporter.section))
            elif not sync_grouped(files, exporter, items, live, canon, result.messages):
                files += _new_file(directory, exporter, items, live, schema_ref, result)
        elif layered is not None:
            layered.section(exporter.section, [seq for _, seq in holders], items)
        elif holders:
            _sync_section(exporter, holders, items, live, canon, result.messages)
        else:
            files += _new_file(directory, exporter, items, live, schema_ref, result)
    if overlay is not None:
        overlay.refuse_if_needed(str(overlay.file.path))
        files += [overlay.file] if overlay.file.doc is not None else []
    for f in files:
        text = f.prefix + dump(f.doc)
        if text != f.text and not same_content(text, f.text):
            f.path.write_text(scrub(text), encoding="utf-8")
            result.written.append(f.path)
            if overlay is not None and f is not overlay.file:
                shared = f"Note: {f.path} is shared by every environment: the plans of the others"
                result.messages.append(f"{shared} will show this change")
    return result


def _new_file(
    directory: Path,
    exporter: Exporter,
    items: list[Item],
    live: LiveState,
    schema_ref: str,
    result: UpdateResult,
) -> list[ConfigFile]:
    """`<section>.yaml` for a section no file declares, when the company has any of it."""
    section = exporter.section
    new = [i for i in items if exporter.worth(i, live)]
    if not new:
        return []
    path = directory / f"{section}.yaml"
    if path.exists():
        raise ConfigError(ConfigIssue(str(path), 1, 1, f"expected a '{section}' section"))
    result.messages.append(f"Added {len(new)} {section} in new file {path}")
    document = to_commented({section: section_value(section, new)})
    return [ConfigFile(path, "", document, header(schema_ref, []))]


def _sync_section(
    exporter: Exporter,
    holders: list[tuple[ConfigFile, CommentedSeq]],
    items: list[Item],
    live: LiveState,
    canon: Callable[[str, Any], Any],
    messages: list[str],
) -> None:
    section = exporter.section
    nodes = [(f, seq, n) for f, seq in holders for n in seq if isinstance(n, CommentedMap)]
    pairs = _pair([n for _, _, n in nodes], items)
    for f, seq, node in nodes:
        item = pairs.get(id(node))
        if item is None:
            seq.remove(node)
            messages.append(f"Removed {section} '{_name(node)}' from {f.path}: gone from Pipedrive")
        else:
            _sync_map(node, item, canon)
    paired = {id(i) for i in pairs.values()}
    last_file, last_seq = holders[-1]
    for item in items:
        if id(item) not in paired and exporter.worth(item, live):
            last_seq.append(to_commented(item))
            messages.append(f"Added {section} '{_name(item)}' to {last_file.path}")


def _pair(nodes: list[CommentedMap], items: list[Item]) -> dict[int, Item]:
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
    return bool(_name(item) == _name(node))


def _renamed(olds: list[Any], item: Item) -> bool:
    return _name(item) in olds


Canon = Callable[[str, Any], Any]


def _sync_map(node: MutableMapping[str, Any], item: Item, canon: Canon) -> None:
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
            _sync_map(current, value, canon)
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
    if "renamed_from" in node and _name(node) in (node["renamed_from"] or []):
        node["renamed_from"].remove(_name(node))
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


def _name(obj: Any) -> Any:
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
    pairs = _pair(nodes, items)
    by_item = {id(item): node for node in nodes if (item := pairs.get(id(node))) is not None}
    for node in nodes:
        if id(node) in pairs:
            _sync_map(node, pairs[id(node)], canon)
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
        by_name.setdefault(_name(entry) if isinstance(entry, CommentedMap) else entry, entry)
    wanted = [by_name.get(name, name) for name in names]
    if [id(entry) for entry in seq] != [id(entry) for entry in wanted]:
        seq[:] = wanted


def _canonical(live: LiveState) -> Callable[[str, Any], Any]:
    """How list entries compare: members by user (an email or an id), the rest as they are."""
    by_email = {u.email.lower(): u.id for u in live.users if u.email}

    def canon(key: str, value: Any) -> Any:
        if key in ("members", "followers"):
            if isinstance(value, str):
                return by_email.get(value.lower(), value.lower())
            return value
        return value

    return canon
