"""Seeding a sandbox: the tool's own config YAML plus sandbox-only sections, or a state dump.

A YAML seed is a `Config` with more sections (`seed_models.SeedConfig`): `company: {id,
name, domain}` (what `GET /users/me` answers; default "Sandbox Company"), `users: [{name,
email, active?}]`, `deals: [{pipeline, stage, count} | {id, title, pipeline, stage}]`, the
read-only world of projects and products, `templates: [{title, board}]`, `products: [{id,
name, permitted_users?, followers?}]`, `groups: [{project, name}]`, `tasks: [{project,
title}]`, `activities: [{id, project, subject}]`, and the admin kinds in the config
language (`fields`, `boards`, `activity_types`, `lead_labels`, `webhooks`). Projects and
subscriptions are the config's own sections. The first user owns the token (`is_you`); with
no users one "Sandbox Admin" <admin@example.com> is made. Users not declared as members of a
role sit in the default role. A JSON dump from `GET /_sandbox/state` is accepted as well.

Each kind builds its own section (`Kind.seed`), in the order `kinds.KINDS` lists them.
Every problem becomes a `ConfigError` pointing at `file:line:column` where the file has one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from reconciler.errors import ConfigError, ConfigIssue
from reconciler.sandbox.kind import SeedBuild
from reconciler.sandbox.kinds import KINDS
from reconciler.sandbox.seed_models import SeedConfig
from reconciler.sandbox.store import STATE_FORMAT, Store

Loc = Sequence[str | int]


class SeedProblem(Exception):
    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


def build_from_config(config: SeedConfig, wall_clock: Callable[[], float]) -> Store:
    """A company from a validated seed: each kind builds its section, in `KINDS` order."""
    store = Store(wall_clock)
    store.company = config.company.model_dump()
    build = SeedBuild(store, config)
    for kind in KINDS:
        if kind.seed is not None:
            kind.seed(build)
    if build.problems:
        raise SeedProblem(build.problems)
    return store


@dataclass(frozen=True)
class StateSeed:
    """A dump from `GET /_sandbox/state`, loaded as is."""

    state: dict[str, Any]


@dataclass(frozen=True)
class Seed:
    """A validated seed; `build` makes a fresh company from it (on start and every reset)."""

    source: SeedConfig | StateSeed

    def build(self, wall_clock: Callable[[], float]) -> Store:
        if isinstance(self.source, StateSeed):
            return Store.load(self.source.state, wall_clock)
        return build_from_config(self.source, wall_clock)


def empty_seed() -> Seed:
    return Seed(SeedConfig())


def load_seed(path_or_dict: str | Path | dict[str, Any]) -> Seed:
    """Parse and validate a seed file or an already-parsed seed; raise `ConfigError`."""
    if isinstance(path_or_dict, dict):
        return _from_document(path_or_dict, "<seed>")
    path = Path(path_or_dict)
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        message = f"cannot read seed: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise ConfigError(ConfigIssue(str(path), 1, 1, message)) from None
    except OSError as exc:
        raise ConfigError(ConfigIssue(str(path), 1, 1, f"cannot read seed: {exc}")) from exc
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except ValueError as exc:
            line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
            raise ConfigError(ConfigIssue(str(path), line, column, f"invalid JSON: {exc}")) from exc
    else:
        try:
            document = YAML(typ="rt").load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = f"invalid YAML: {exc.problem or exc}"
            raise ConfigError(ConfigIssue(str(path), line, column, message)) from exc
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ConfigError(ConfigIssue(str(path), 1, 1, "a seed must be a mapping"))
    return _from_document(document, str(path))


def _from_document(document: dict[str, Any], file: str) -> Seed:
    if document.get("format") == STATE_FORMAT:
        try:
            Store.load(json.loads(json.dumps(document)), lambda: 0.0)
        except (TypeError, KeyError, ValueError) as exc:
            raise ConfigError(ConfigIssue(file, 1, 1, f"invalid state dump: {exc}")) from exc
        return Seed(StateSeed(json.loads(json.dumps(document))))
    try:
        config = SeedConfig.model_validate(_plain(document))
    except ValidationError as exc:
        issues = [
            _issue(document, file, err["loc"], f"{_dotted(err['loc'])}: {err['msg']}")
            for err in exc.errors()
        ]
        raise ConfigError(issues) from exc
    try:
        build_from_config(config, lambda: 0.0)
    except SeedProblem as exc:
        raise ConfigError([_issue(document, file, loc, msg) for loc, msg in exc.problems]) from exc
    return Seed(config)


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists, for pydantic."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "seed"


def _issue(document: Any, file: str, loc: Loc, message: str) -> ConfigIssue:
    line, column = _position(document, loc)
    return ConfigIssue(file, line, column, message)


def _position(node: Any, loc: Loc) -> tuple[int, int]:
    """1-based line and column of the deepest part of `loc` the YAML document knows."""
    line, column = 1, 1
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    row, col = lc.key(part)
                    line, column = row + 1, col + 1
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                if lc is not None:
                    row, col = lc.item(part)
                    line, column = row + 1, col + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line, column
