"""Reading one YAML file into plain data while remembering where every value came from.

The result is plain dicts, lists and scalars (what pydantic validates) and a `SourceMap` from
document paths to `file:line:column`, so any later error can point at the source. A file is
parsed by libyaml where it can be (`yaml_nodes`: fast, and linear in the file) and by ruamel's
round-trip loader otherwise, with the same data, positions and error messages either way.

Input is bounded before it is expanded: a file larger than `max_config_bytes()` (16 MB,
raised with PIPEDRIVE_RECONCILER_MAX_CONFIG_MB) is refused unread, and so is a document whose
aliases would add more than `yaml_walk.ALIAS_LIMIT` values. Any failure to read or parse
becomes a `ConfigError` with a position, never a traceback.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from reconciler.config import yaml_nodes, yaml_walk
from reconciler.config.positions import DocPath, Pos, SourceMap, at
from reconciler.errors import ConfigError, ConfigIssue

__all__ = ["DocPath", "Pos", "SourceMap", "max_config_bytes", "read_yaml"]

MAX_CONFIG_ENV = "PIPEDRIVE_RECONCILER_MAX_CONFIG_MB"
DEFAULT_MAX_CONFIG_MB = 16


def max_config_bytes(label: str = "<config>") -> int:
    """The largest config file read: 16 MB unless PIPEDRIVE_RECONCILER_MAX_CONFIG_MB says."""
    text = os.environ.get(MAX_CONFIG_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_CONFIG_MB * 2**20
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        message = f"{MAX_CONFIG_ENV} must be a positive number of megabytes, not {text!r}"
        raise ConfigError(Pos(label).issue(message))
    return int(megabytes * 2**20)


def read_yaml(path: Path, label: str) -> tuple[Any, SourceMap]:
    """Parse the file at `path`; positions name it `label` (the path as the user wrote it)."""
    text = _read_text(path, label)
    try:
        return _read_fast(text, label)
    except yaml_nodes.RoundTripNeeded:
        return _read_round_trip(text, label)


def _read_text(path: Path, label: str) -> str:
    limit = max_config_bytes(label)
    try:
        size = path.stat().st_size
        if size > limit:
            message = (
                f"file is {size / 2**20:.1f} MB, more than the {limit / 2**20:g} MB a config "
                f"file may have; set {MAX_CONFIG_ENV} to a larger number of megabytes to read it"
            )
            raise ConfigError(Pos(label).issue(message))
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(Pos(label).issue(f"cannot read file: {exc.strerror or exc}")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)"
        raise ConfigError(Pos(label, line, column).issue(message)) from None


def _read_fast(text: str, label: str) -> tuple[Any, SourceMap]:
    root = yaml_nodes.compose(text)
    sources = SourceMap(label)
    if root is None:
        return None, sources
    if not isinstance(root, yaml_nodes.MappingNode):  # not a config: ruamel words the error
        raise yaml_nodes.RoundTripNeeded
    if _may_alias(text):
        yaml_walk.check_expansion(
            root, yaml_nodes.children, yaml_nodes.is_collection, yaml_nodes.position, label
        )
    sources.nodes[()] = at(label, *yaml_nodes.position(root))
    return yaml_walk.NodeWalker(sources).plain(root, ()), sources


def _read_round_trip(text: str, label: str) -> tuple[Any, SourceMap]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        raise ConfigError(_yaml_issue(exc, label)) from None
    except Exception as exc:  # ruamel raises assorted errors on odd input; none may escape
        raise ConfigError(Pos(label).issue(f"invalid YAML: {exc}")) from None
    sources = SourceMap(label)
    if yaml_walk.is_round_trip_collection(document):
        if _may_alias(text):
            yaml_walk.check_expansion(
                document,
                yaml_walk.round_trip_children,
                yaml_walk.is_round_trip_collection,
                yaml_walk.round_trip_position,
                label,
            )
        sources.nodes[()] = at(label, *yaml_walk.round_trip_position(document))
    return yaml_walk.RoundTripWalker(sources).plain(document, ()), sources


def _may_alias(text: str) -> bool:
    # An alias (*name) needs an anchor (&name): without both characters there is neither.
    return "*" in text and "&" in text


def _yaml_issue(exc: MarkedYAMLError, label: str) -> ConfigIssue:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "invalid YAML: " + (": ".join(parts) if parts else "cannot parse")
    if mark is None:
        return Pos(label).issue(message)
    return Pos(label, mark.line + 1, mark.column + 1).issue(message)
