"""`export --update` for a mapping section (`fields:`, a list per entity): each list is
brought up to date as a section of its own (`export_update`'s rules), a list new in
Pipedrive is added to the last file declaring the section, and a section no file declares
goes to `<section>.yaml`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap

from reconciler.config.export import Exporter, Item
from reconciler.config.export_files import ConfigFile
from reconciler.config.export_yaml import to_commented
from reconciler.state import LiveState


def sync_grouped(
    files: list[ConfigFile],
    exporter: Exporter,
    items: list[Item],
    live: LiveState,
    canon: Callable[[str, Any], Any],
    messages: list[str],
) -> bool:
    """Update the section where files declare it; False when none does."""
    from reconciler.config.export_update import _sync_section

    section = exporter.section
    maps = [
        (f, f.doc[section])
        for f in files
        if isinstance(f.doc, CommentedMap) and isinstance(f.doc.get(section), CommentedMap)
    ]
    if not maps:
        return False
    groups = dict.fromkeys([*(i["_group"] for i in items), *(g for _, m in maps for g in m)])
    for group in groups:
        part = [i for i in items if i["_group"] == group]
        holders = [(f, m[group]) for f, m in maps if isinstance(m.get(group), list)]
        if holders:
            _sync_section(exporter, holders, part, live, canon, messages)
        elif part and all(exporter.worth(i, live) for i in part):
            last_file, last_map = maps[-1]
            last_map[group] = to_commented(part)
            messages.append(f"Added {len(part)} {group} {section} to {last_file.path}")
    return True
