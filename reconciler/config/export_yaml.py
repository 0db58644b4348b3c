"""Writing exported sections as YAML: one fixed layout, so an export diffs cleanly in git.

Block style throughout (one member or stage per line, so a change is a one-line diff), keys
in the exporter's order, no line folding, strings quoted only where YAML needs it. Every file
starts with the `yaml-language-server` line that makes editors complete and check it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter

from reconciler import kinds

DEFAULT_SCHEMA_REF = "../schemas/pipedrive-reconciler.schema.json"
HEADER = (
    "# Written by `pipedrive-reconciler export`; edit freely, `export --update` keeps comments."
)


class _Representer(RoundTripRepresenter):
    """Writes None as `null`: `parent: null` must read as a deliberate top-level role."""


def _null(representer: RoundTripRepresenter, data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_Representer.add_representer(type(None), _null)


def yaml_writer() -> YAML:
    """The round-trip writer export and `export --update` share."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long name over two lines
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


def to_commented(value: Any) -> Any:
    """Plain dicts and lists as ruamel nodes in block style; `_`-keys (`_id`) left out."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            if not str(key).startswith("_"):
                node[key] = to_commented(item)
        node.fa.set_block_style()
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq(to_commented(item) for item in value)
        seq.fa.set_block_style()
        return seq
    return value


def header(schema_ref: str, notes: list[str]) -> str:
    lines = [f"# yaml-language-server: $schema={schema_ref}", HEADER]
    lines += [f"# Note: {note}" for note in notes]
    return "\n".join(lines) + "\n"


def dump(document: Any) -> str:
    stream = io.StringIO()
    yaml_writer().dump(document, stream)
    return stream.getvalue()


def section_value(section: str, items: list[dict[str, Any]]) -> Any:
    """A section's items as written: a list, or for a mapping section (`fields:` by entity)
    a mapping of lists, each item in the list its `_group` names."""
    if not grouped_section(section):
        return items
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        grouped.setdefault(item["_group"], []).append(item)
    return grouped


def grouped_section(section: str) -> bool:
    return any(s.name == section and s.groups for s in kinds.SECTIONS)


def render_sections(
    sections: Mapping[str, list[dict[str, Any]]],
    notes: Mapping[str, list[str]],
    schema_ref: str = DEFAULT_SCHEMA_REF,
) -> str:
    """Sections as one YAML document (a whole config in one file), for stdout."""
    all_notes = [n for section in sections for n in notes.get(section, [])]
    body = dump(to_commented({name: section_value(name, v) for name, v in sections.items()}))
    return header(schema_ref, all_notes) + body


def render_file(
    section: str, items: list[dict[str, Any]], notes: list[str], schema_ref: str
) -> str:
    """One section as its own file (`roles.yaml`)."""
    return header(schema_ref, notes) + dump(to_commented({section: section_value(section, items)}))
