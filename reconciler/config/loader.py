"""Load the config: find the files, parse them, merge them, validate, check offline.

`load_config` either returns a `LoadedConfig` or raises one `ConfigError` carrying every
issue of every file, each pointing at `file:line:column`. Lists of objects (`pipelines`,
`roles`) are concatenated across files in file order; any other top-level key may be set
in one file only.
"""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import ValidationError

from reconciler.config.digest import config_digest
from reconciler.config.environments import ConfigPaths, overlay, read_environment
from reconciler.config.interpolate import Credentials, interpolate
from reconciler.config.locations import DocPath, Pos, SourceMap, read_yaml
from reconciler.config.messages import (
    LIST_SECTIONS,
    data_path,
    describe,
    model_at,
    translate_errors,
    unknown_key_message,
    value_at,
)
from reconciler.config.models import Config
from reconciler.config.validate import check_config
from reconciler.errors import ConfigError, ConfigIssue

_NO_CONFIG = "<config>"
_T = TypeVar("_T")


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config and where each part of it was written."""

    config: Config
    # Document path (indexing the merged lists of `config`) -> "file:line:column".
    origins: Mapping[DocPath, str]
    digest: str  # "sha256:<hex>" of the canonical JSON of the config
    files: tuple[Path, ...]
    env: str | None = None  # the environment overlaid (`--env`), if any

    def origin(self, *path: str | int) -> str:
        """Where `path` (or its nearest ancestor with a known place) was written."""
        for cut in range(len(path), -1, -1):
            found = self.origins.get(tuple(path[:cut]))
            if found is not None:
                return found
        return f"{self.files[0] if self.files else _NO_CONFIG}:1:1"


def load_config(
    paths: Sequence[str | Path], *, env: str | None = None, tokens: Sequence[str] = ()
) -> LoadedConfig:
    """Load files and directories (a directory: its `*.yaml`/`*.yml` files, by name).

    `env` (or `paths.env` when `paths` is a `ConfigPaths`) names an environment whose file
    is overlaid last (see `config.environments`); `${VAR}` references in string values are
    then expanded (see `config.interpolate`), refusing any that would bring in a credential:
    the token variables, the environment's `token_env`/`oauth_token_env`, or a value among
    `tokens` (the tokens this run uses).
    """
    with _collector_paused():
        return _load(paths, env, tokens)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes a few hundred thousand small objects that all stay alive; the cyclic
    garbage collector would walk them again and again (half of the time of a large config)
    while finding nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(paths: Sequence[str | Path], env: str | None, tokens: Sequence[str]) -> LoadedConfig:
    issues: list[ConfigIssue] = []
    files = _discover(paths, issues)
    merged = _Merged(files[0][1] if files else _NO_CONFIG)
    for path, label in files:
        merged.add(path, label, issues)
    env = env if env is not None else paths.env if isinstance(paths, ConfigPaths) else None
    token_envs: list[str | None] = []
    if env is not None and files:
        try:
            environment = read_environment(paths, env)
        except ConfigError as exc:
            issues.extend(exc.issues)
        else:
            overlay(merged.data, merged.sources, environment)
            files.append((environment.file, environment.label))
            named = environment.connection
            token_envs = [named.token_env, named.oauth_token_env] if named else []
    credentials = Credentials.of(os.environ, names=token_envs, values=tokens)
    interpolate(merged.data, merged.sources, issues, credentials=credentials)
    config = _validate(merged, issues)
    if issues:
        raise ConfigError(sorted(set(issues), key=_issue_order))
    if config is None:  # cannot happen: a failed validation always leaves issues
        raise ConfigError("the configuration did not validate")
    origins = _Origins(MappingProxyType(merged.sources.nodes))
    digest = config_digest(config)
    return LoadedConfig(config, origins, digest, tuple(p for p, _ in files), env)


class _Origins(Mapping[DocPath, str]):
    """`file:line:column` of each document path, written out only when asked for (a large
    config has hundreds of thousands and a plan names a few)."""

    def __init__(self, positions: Mapping[DocPath, Pos]) -> None:
        self._positions = positions

    def __getitem__(self, path: DocPath) -> str:
        return str(self._positions[path])

    def __iter__(self) -> Iterator[DocPath]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def _issue_order(issue: ConfigIssue) -> tuple[str, int, int, str]:
    return (issue.file, issue.line, issue.column, issue.message)


def _discover(paths: Sequence[str | Path], issues: list[ConfigIssue]) -> list[tuple[Path, str]]:
    """The files to load, each with the label used in messages (the path as given)."""
    if not paths:
        issues.append(ConfigIssue(_NO_CONFIG, 1, 1, "no configuration files given"))
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path, label = Path(raw), str(raw)
        try:
            if path.is_dir():
                # Subdirectories (such as `environments/`) are not read.
                entries = sorted(
                    entry
                    for entry in path.iterdir()
                    if entry.suffix in (".yaml", ".yml")
                    and not entry.name.startswith(".")
                    and entry.is_file()
                )
                if not entries:
                    issues.append(Pos(label).issue("directory has no *.yaml or *.yml files"))
                pairs = [(entry, str(Path(label) / entry.name)) for entry in entries]
            elif path.exists():
                pairs = [(path, label)]
            else:
                issues.append(Pos(label).issue("no such file or directory"))
                continue
        except OSError as exc:
            issues.append(Pos(label).issue(f"cannot read: {exc.strerror or exc}"))
            continue
        for file, file_label in pairs:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append((file, file_label))
    return found


class _Merged:
    """The documents of all files merged into one, with one map of positions."""

    def __init__(self, first_label: str) -> None:
        self.data: dict[str, Any] = {}
        self.sources = SourceMap(first_label)
        self.set_at: dict[str, Pos] = {}
        # (section, merged index) -> index within its own file, for messages.
        self.local: dict[DocPath, int] = {}

    def add(self, path: Path, label: str, issues: list[ConfigIssue]) -> None:
        try:
            data, sources = read_yaml(path, label)
        except ConfigError as exc:
            issues.extend(exc.issues)
            return
        if data is None:
            issues.append(Pos(label).issue("file is empty"))
            return
        if not isinstance(data, dict):
            sections = ", ".join(Config.model_fields)
            message = (
                f"the top level must be a mapping of sections ({sections}), got {describe(data)}"
            )
            issues.append(sources.nearest(()).issue(message))
            return
        keep: dict[DocPath, DocPath] = {} if () in self.sources.nodes else {(): ()}
        for key, value in data.items():
            where = sources.key((key,))
            if key not in Config.model_fields:
                issues.append(where.issue(unknown_key_message((), key, Config)))
            elif key in LIST_SECTIONS and isinstance(value, list):
                section = self.data.setdefault(key, [])
                if (key,) not in self.sources.nodes:
                    keep[(key,)] = (key,)
                for index, item in enumerate(value):
                    keep[(key, index)] = (key, len(section))
                    self.local[(key, len(section))] = index
                    section.append(item)
                self.set_at.setdefault(key, where)
            elif key in LIST_SECTIONS:
                message = f"{key}: must be a list (got {describe(value)})"
                issues.append(sources.nearest((key,)).issue(message))
            elif key in self.set_at:
                message = f"'{key}' is set twice: {self.set_at[key]} and {where}"
                issues.append(where.issue(message))
            else:
                self.data[key] = value
                self.set_at[key] = where
                keep[(key,)] = (key,)
        self.sources.update(sources, keep)

    def where(self, path: DocPath) -> Pos:
        return self.sources.nearest(path)


def _validate(merged: _Merged, issues: list[ConfigIssue]) -> Config | None:
    """Validate with pydantic, then run the offline checks on every part that validated.

    On errors, the smallest enclosing optional parts that failed are left out and the rest
    is validated again, so one typo does not hide a duplicate name elsewhere.
    """
    try:
        config = Config.model_validate(merged.data, strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        issues.extend(check_config(config, merged.where))
        return config
    issues.extend(translate_errors(errors, merged.data, merged.sources, merged.local))
    points = {_drop_point(data_path(tuple(e["loc"]), merged.data)) for e in errors}
    partial = copy.deepcopy(merged.data)
    for point in (p for p in points if _is_key(p)):
        parent = value_at(partial, point[:-1])
        if isinstance(parent, dict):  # None when an enclosing part was dropped already
            parent.pop(point[-1], None)
    kept: dict[str, list[int]] = {}
    for key in LIST_SECTIONS:
        if isinstance(partial.get(key), list):
            kept[key] = [i for i in range(len(partial[key])) if (key, i) not in points]
            partial[key] = [partial[key][i] for i in kept[key]]
    try:
        config = Config.model_validate(partial, strict=True)
    except ValidationError:
        return None
    issues.extend(check_config(config, _reindexed(merged.where, kept)))
    return None


def _drop_point(path: DocPath) -> DocPath:
    """The nearest enclosing part that can be left out and leave a valid document."""
    while len(path) > 2 or (len(path) == 2 and path[0] not in LIST_SECTIONS):
        step = path[-1]
        if isinstance(step, str):
            model = model_at(path[:-1])
            field = model.model_fields.get(step) if model else None
            if field is None or not field.is_required():
                return path
        path = path[:-1]
    return path


def _is_key(path: DocPath) -> bool:
    # A list-section item ("roles", 3) is dropped by index, everything else by key.
    return bool(path) and isinstance(path[-1], str)


def _reindexed(fn: Callable[[DocPath], _T], kept: dict[str, list[int]]) -> Callable[[DocPath], _T]:
    """Map paths of the partial config (failed items dropped) back to the merged document."""

    def mapped(path: DocPath) -> _T:
        if len(path) > 1 and path[0] in kept and isinstance(path[1], int):
            path = (path[0], kept[str(path[0])][path[1]], *path[2:])
        return fn(path)

    return mapped
