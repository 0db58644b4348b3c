"""A field's options, matched by label: kept, renamed in place (an option's `renamed_from`;
the id is kept, so the values stored on records survive), added, or removed (which erases
the value on every record that has it). The declared list is authoritative; Pipedrive stores
no option order, so order alone is never a change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reconciler.kinds.fields.payloads import FieldWrite
from reconciler.state import Resource


@dataclass(frozen=True)
class Options:
    """The option writes that turn a live field's options into the declared ones."""

    added: tuple[str, ...]
    renamed: tuple[tuple[int, str, str], ...]  # (id, old label, new label)
    deleted: tuple[tuple[int, str], ...]  # (id, label)

    @classmethod
    def of(cls, want: Resource, have: Resource) -> Options:
        ids: Mapping[str, int] = have.fields.get("option_ids") or {}
        unclaimed = list(have.fields.get("options") or ())
        labels = list(want.fields.get("options") or ())
        renames: Mapping[str, tuple[str, ...]] = want.fields.get("option_renames") or {}
        pending = []
        for label in labels:
            if label in unclaimed:
                unclaimed.remove(label)
            else:
                pending.append(label)
        added, renamed = [], []
        for label in pending:
            old = next((o for o in renames.get(label, ()) if o in unclaimed), None)
            if old is None:
                added.append(label)
            else:
                unclaimed.remove(old)
                renamed.append((int(ids[old]), old, label))
        deleted = tuple((int(ids[label]), label) for label in unclaimed)
        return cls(tuple(added), tuple(renamed), deleted)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.deleted)

    @property
    def notes(self) -> tuple[str, ...]:
        kept = [
            f"option '{old}' is renamed to '{new}' in place (id {i}): records keep it"
            for i, old, new in self.renamed
        ]
        gone = [
            f"option '{label}' is removed: it is erased from every record that has it"
            for _, label in self.deleted
        ]
        return (*kept, *gone)

    def payload(self, entity: str, code: str) -> FieldWrite:
        return FieldWrite(
            entity,
            code,
            add_options=self.added,
            rename_options=tuple((i, new) for i, _, new in self.renamed),
            delete_options=tuple(i for i, _ in self.deleted),
        )
