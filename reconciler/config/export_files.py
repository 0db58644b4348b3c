"""The config files `export --update` reads and rewrites, as ruamel round-trip documents."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconciler.config.export_yaml import yaml_writer
from reconciler.errors import ConfigError, ConfigIssue


@dataclass
class ConfigFile:
    path: Path
    text: str
    doc: Any
    prefix: str = ""  # the header of a file this update creates


def config_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith(".")
    )


def read_config_file(path: Path) -> ConfigFile:
    text = path.read_text(encoding="utf-8")
    try:
        doc = yaml_writer().load(io.StringIO(text))
    except Exception as exc:  # ruamel raises many types; any of them means "not YAML"
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(ConfigIssue(str(path), line, column, f"invalid YAML: {exc}")) from None
    return ConfigFile(path, text, doc)


def same_content(new: str, old: str) -> bool:
    """Whether two texts hold the same YAML data: ruamel may reflow a flow mapping that
    spans lines even when nothing in it changed, and that alone is no reason to write."""
    if not old:
        return False
    loaded = [yaml_writer().load(io.StringIO(text)) for text in (new, old)]
    return bool(plain(loaded[0]) == plain(loaded[1]))


def plain(value: Any) -> Any:
    """A YAML value as the config means it: an unquoted date is its ISO text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value
