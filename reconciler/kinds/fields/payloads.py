"""What a custom field change carries for its writer."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.planning.changes import Payload


@dataclass(frozen=True)
class FieldWrite(Payload):
    """What the writer needs beyond the values: the live field_code and the option writes."""

    entity: str
    code: str = ""
    add_options: tuple[str, ...] = ()
    rename_options: tuple[tuple[int, str], ...] = ()  # (option id, new label)
    delete_options: tuple[int, ...] = ()
