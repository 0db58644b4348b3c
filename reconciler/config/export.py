"""The live company as config: the inverse of loading, so `plan` after `export` is empty.

Each section exports itself (`SectionSpec.export`: its `--kind` words, the kinds it must read,
and a pure function from `LiveState` to the section's items, plain dicts in the config's key
order; `_id`, the live id, lets `export --update` pair pinned objects and is never written).
What each writes, and why, is in its kind's package. Two live objects sharing a name: the
lowest id is written with an `id:` pin, the others are left unmanaged (a config cannot
declare one name twice), with a note. `export_yaml` and `export_update` know no kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reconciler import kinds
from reconciler.config.messages import model_at
from reconciler.config.positions import DocPath
from reconciler.errors import UsageError
from reconciler.kinds.exporting import Item, Notes
from reconciler.state import LiveState

__all__ = [
    "EXPORTERS",
    "Exporter",
    "Item",
    "Notes",
    "choose",
    "export_sections",
    "reads_for",
    "with_id_pins",
    "worth_exporting",
]


@dataclass(frozen=True)
class Exporter:
    section: str  # config section and file stem
    words: tuple[str, ...]  # --kind words that choose it, besides the section name
    reads: tuple[str, ...]  # state kinds read for it
    build: Callable[[LiveState, Notes], list[Item]]
    worth: Callable[[Item, LiveState], bool]


EXPORTERS: tuple[Exporter, ...] = tuple(
    Exporter(s.name, s.export.words, s.export.reads, s.export.build, s.export.worth)
    for s in kinds.SECTIONS
    if s.export is not None
)


def worth_exporting(section: str, item: Item, live: LiveState) -> bool:
    """False for an item that would manage something better left alone (a product nobody
    follows, the default role as Pipedrive makes it)."""
    found = [e for e in EXPORTERS if e.section == section]
    return all(e.worth(item, live) for e in found)


def choose(words: Iterable[str]) -> tuple[Exporter, ...]:
    """The exporters for `--kind` words (section names or state kinds); all when none."""
    asked = list(words)
    if not asked:
        return EXPORTERS
    chosen = []
    for word in asked:
        found = [e for e in EXPORTERS if word in (e.section, *e.words)]
        if not found:
            known = ", ".join(w for e in EXPORTERS for w in (e.section, *e.words))
            raise UsageError(f"unknown kind {word!r} for export; choose from {known}")
        chosen += [e for e in found if e not in chosen]
    return tuple(e for e in EXPORTERS if e in chosen)


def reads_for(exporters: Iterable[Exporter]) -> frozenset[str]:
    return frozenset(k for e in exporters for k in e.reads)


def export_sections(
    live: LiveState, exporters: Iterable[Exporter]
) -> tuple[dict[str, list[Item]], Notes]:
    """Section name -> items to write (those not worth writing left out), and notes."""
    notes = Notes()
    sections = {}
    for exporter in exporters:
        items = exporter.build(live, notes)
        sections[exporter.section] = [i for i in items if exporter.worth(i, live)]
    return sections, notes


def with_id_pins(exporters: Iterable[Exporter]) -> tuple[Exporter, ...]:
    """`export --pin-ids`: the same exporters, each entry that can be pinned (its model has
    `id:`) written with its live id right after its name, so a later rename in Pipedrive or
    in the config still finds it."""

    def pinning(exporter: Exporter) -> Exporter:
        def build(live: LiveState, notes: Notes) -> list[Item]:
            return [_pinned(item, (exporter.section, 0)) for item in exporter.build(live, notes)]

        return dataclasses.replace(exporter, build=build)

    return tuple(pinning(e) for e in exporters)


def _pinned(item: Item, path: DocPath) -> Item:
    model = model_at(path)
    pin = model is not None and "id" in model.model_fields and "id" not in item
    out: Item = {}
    for key, value in item.items():
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            value = [_pinned(v, (*path, key, 0)) for v in value]
        out[key] = value
        if pin and item.get("_id") is not None and len(out) == 1:
            out["id"] = item["_id"]
    return out
