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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.config.export import Exporter, Item, Notes
from reconciler.config.export_files import (
    ConfigFile,
    config_files,
    read_config_file,
    same_content,
)
from reconciler.config.export_groups import sync_grouped
from reconciler.config.export_sync import object_name, pair, sync_map
from reconciler.config.export_yaml import dump, grouped_section, header, section_value, to_commented
from reconciler.errors import ConfigError, ConfigIssue
from reconciler.state import LiveState

_NO_LAYERS = "Note: export --update --env leaves `{}` as it is; update it by hand"


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
    sync = functools.partial(sync_map, canon=canon)
    layered = LayeredUpdate(overlay, live, sync, pair, result.messages) if overlay else None
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
    pairs = pair([n for _, _, n in nodes], items)
    for f, seq, node in nodes:
        item = pairs.get(id(node))
        if item is None:
            seq.remove(node)
            messages.append(
                f"Removed {section} '{object_name(node)}' from {f.path}: gone from Pipedrive"
            )
        else:
            sync_map(node, item, canon)
    paired = {id(i) for i in pairs.values()}
    last_file, last_seq = holders[-1]
    for item in items:
        if id(item) not in paired and exporter.worth(item, live):
            last_seq.append(to_commented(item))
            messages.append(f"Added {section} '{object_name(item)}' to {last_file.path}")


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
