"""Environments: one config for several companies (sandbox, staging, production).

`--env NAME` overlays `environments/NAME.yaml` on the base config. The file is looked up next
to each config PATH in turn (in the directory given, or beside the file given; with no PATH,
in the current directory), and the first one found is used. It holds config sections to
overlay and, optionally, the company it stands for:

    connection: {base_url: https://acme.pipedrive.com, token_env: PIPEDRIVE_API_TOKEN_PROD}
    roles:
      - name: Sales Manager
        members: [carol@acme.com]

Merge rules (the environment is applied last, so it wins):
- mappings merge key by key; a key the environment sets replaces the base's value;
- lists of named objects merge by their key: `roles` and `pipelines` by `name`, the `stages`
  of a merged pipeline by `name`, `projects` by `title`, `products` by `id`, `subscriptions`
  by `deal`, each entity's `fields` by `name`. A merged object keeps its place; a new one is
  appended (a new stage goes last);
- every other list (members, visible, prune, renamed_from, labels, payments, ...) and every
  scalar is replaced whole. An environment cannot remove an object the base declares.

Positions of everything the environment set point into the environment file, so errors name
the file that set the value. The token itself never sits in a file: `connection.token` is an
error; `token_env` names the variable that holds an API token, or `oauth_token_env` the one
that holds an OAuth access token (one of the two).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconciler import kinds
from reconciler.config.interpolate import expand
from reconciler.config.locations import DocPath, SourceMap, read_yaml
from reconciler.errors import ConfigError, ConfigIssue, UsageError

ENV_DIR = "environments"

# Schematic path (string steps only) of a list -> the key its objects are merged by: each
# section's own, and the lists nested in its entries (a pipeline's stages).
MERGE_KEYS: dict[tuple[str, ...], str] = {
    path: key
    for section in kinds.SECTIONS
    for path, key in (
        ((section.name,), section.merge_key),
        *(((section.name, *nested), key) for nested, key in section.nested_merge.items()),
        *(((section.name, group), section.merge_key) for group in section.groups),
    )
}

# path -> keys of which an environment setting one replaces the base's others
ALTERNATIVES: dict[tuple[str, ...], frozenset[str]] = {
    (section.name, *nested): keys
    for section in kinds.SECTIONS
    for nested, keys in section.alternatives.items()
}

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN_KEYS = ("token_env", "oauth_token_env")  # an API token's variable, an OAuth one's


class ConfigPaths(tuple[Path, ...]):
    """Config PATHs plus the environment (`--env NAME`) to overlay on them, if any."""

    env: str | None

    def __new__(cls, paths: Sequence[str | Path] = (), env: str | None = None) -> ConfigPaths:
        made = super().__new__(cls, (Path(p) for p in paths))
        made.env = env
        return made


@dataclass(frozen=True)
class EnvConnection:
    """The company an environment stands for; the token is named, never written."""

    label: str  # the environment file, as shown in messages
    base_url: str | None = None
    token_env: str | None = None
    token_env_at: str = ""  # file:line:column of `token_env`
    oauth_token_env: str | None = None
    oauth_token_env_at: str = ""


@dataclass(frozen=True)
class Environment:
    name: str
    file: Path
    label: str
    data: dict[str, Any]  # config sections only; `connection` removed
    sources: SourceMap
    connection: EnvConnection | None


def environment_file(paths: Sequence[str | Path], name: str) -> tuple[Path, str]:
    """Where `environments/NAME.yaml` is: the first found next to a PATH (UsageError if none)."""
    if not _NAME.fullmatch(name):
        raise UsageError(f"--env {name!r}: use letters, digits, '.', '_' and '-' only")
    looked: list[str] = []
    for raw in paths or (Path("."),):
        base = Path(raw) if Path(raw).is_dir() else Path(raw).parent
        for suffix in (".yaml", ".yml"):
            candidate = base / ENV_DIR / f"{name}{suffix}"
            if candidate.is_file():
                return candidate, str(candidate)
        looked.append(str(base / ENV_DIR / f"{name}.yaml"))
    known = sorted(
        {p.stem for raw in paths or (Path("."),) for p in _env_dir(Path(raw)).glob("*.y*ml")}
    )
    hint = f" Environments found: {', '.join(known)}." if known else ""
    raise UsageError(f"No environment {name!r}: looked for {', '.join(looked)}.{hint}")


def _env_dir(path: Path) -> Path:
    return (path if path.is_dir() else path.parent) / ENV_DIR


def read_environment(
    paths: Sequence[str | Path], name: str, environ: dict[str, str] | None = None
) -> Environment:
    """Find and parse the environment file; ConfigError lists every problem in it."""
    file, label = environment_file(paths, name)
    issues: list[ConfigIssue] = []
    data, sources = read_yaml(file, label)
    if data is None:
        data = {}  # an empty environment changes nothing
    if not isinstance(data, dict):
        raise ConfigError(sources.nearest(()).issue("an environment file must be a mapping"))
    connection = None
    if "connection" in data:
        connection = _connection(data.pop("connection"), sources, label, environ, issues)
    if issues:
        raise ConfigError(issues)
    return Environment(name, file, label, data, sources, connection)


def _connection(
    value: Any,
    sources: SourceMap,
    label: str,
    environ: dict[str, str] | None,
    issues: list[ConfigIssue],
) -> EnvConnection | None:
    at = ("connection",)
    if not isinstance(value, dict):
        issues.append(sources.nearest(at).issue("connection: must be a mapping"))
        return None
    for key in value:
        where = sources.key((*at, key))
        if key == "token":
            issues.append(
                where.issue(
                    "connection.token: the API token must not be written in a file; set "
                    "token_env (or oauth_token_env) to the name of the environment variable "
                    "that holds it"
                )
            )
        elif key not in ("base_url", *_TOKEN_KEYS):
            issues.append(
                where.issue(
                    f"connection: unknown key '{key}' (expected base_url, token_env, "
                    "oauth_token_env)"
                )
            )
    base_url = value.get("base_url")
    if base_url is not None and not isinstance(base_url, str):
        issues.append(sources.nearest((*at, "base_url")).issue("connection.base_url: not text"))
        base_url = None
    elif isinstance(base_url, str):
        base_url = expand(base_url, sources.nearest((*at, "base_url")), issues, environ)
    names = {key: _variable_name(value, key, sources, issues) for key in _TOKEN_KEYS}
    if names["token_env"] and names["oauth_token_env"]:
        issues.append(
            sources.key((*at, "oauth_token_env")).issue(
                "connection: token_env and oauth_token_env name two credentials for one "
                "company; keep the one to use (Pipedrive takes one kind at a time)"
            )
        )
    places = {key: str(sources.nearest((*at, key))) for key in _TOKEN_KEYS}
    return EnvConnection(
        label,
        base_url,
        names["token_env"],
        places["token_env"],
        names["oauth_token_env"],
        places["oauth_token_env"],
    )


def _variable_name(
    value: dict[str, Any], key: str, sources: SourceMap, issues: list[ConfigIssue]
) -> str | None:
    name = value.get(key)
    if name is not None and not (isinstance(name, str) and _VAR.fullmatch(name)):
        issues.append(
            sources.nearest(("connection", key)).issue(
                f"connection.{key}: must be the name of an environment variable"
            )
        )
        return None
    return name


def overlay(data: dict[str, Any], sources: SourceMap, environment: Environment) -> None:
    """Merge the environment into the merged base document `data` in place, moving the
    environment's positions to the paths its values landed on."""
    keep: dict[DocPath, DocPath] = {}
    _merge_map(data, environment.data, (), (), keep, sources)
    sources.update(environment.sources, keep)


def _merge_map(
    target: dict[str, Any],
    over: dict[str, Any],
    tpath: DocPath,
    opath: DocPath,
    keep: dict[DocPath, DocPath],
    sources: SourceMap,
) -> None:
    for key in ALTERNATIVES.get(_schematic(tpath), frozenset()) & over.keys():
        for other in ALTERNATIVES[_schematic(tpath)] - over.keys() - {key}:
            if target.pop(other, None) is not None:
                _forget(sources, (*tpath, other))
    for key, value in over.items():
        tchild, ochild = (*tpath, key), (*opath, key)
        current = target.get(key)
        merge_key = MERGE_KEYS.get(_schematic(tchild))
        if isinstance(current, dict) and isinstance(value, dict):
            _merge_map(current, value, tchild, ochild, keep, sources)
        elif merge_key and isinstance(current, list) and isinstance(value, list):
            _merge_list(current, value, merge_key, tchild, ochild, keep, sources)
        else:
            target[key] = copy.deepcopy(value)
            _forget(sources, tchild)
            keep[ochild] = tchild


def _merge_list(
    target: list[Any],
    over: list[Any],
    merge_key: str,
    tpath: DocPath,
    opath: DocPath,
    keep: dict[DocPath, DocPath],
    sources: SourceMap,
) -> None:
    index = {
        _hashable(item[merge_key]): i
        for i, item in enumerate(target)
        if isinstance(item, dict) and merge_key in item
    }
    for j, item in enumerate(over):
        ochild = (*opath, j)
        found = index.get(_hashable(item[merge_key])) if _keyed(item, merge_key) else None
        if found is not None:
            _merge_map(target[found], item, (*tpath, found), ochild, keep, sources)
            continue
        target.append(copy.deepcopy(item))
        keep[ochild] = (*tpath, len(target) - 1)
        if _keyed(item, merge_key):
            index[_hashable(item[merge_key])] = len(target) - 1


def _keyed(item: Any, merge_key: str) -> bool:
    return isinstance(item, dict) and merge_key in item


def _hashable(value: Any) -> Any:
    # A key of the wrong type (a list, a mapping) still merges with an identical one.
    return repr(value) if isinstance(value, list | dict) else value


def _schematic(path: DocPath) -> tuple[str, ...]:
    return tuple(step for step in path if isinstance(step, str))


def _forget(sources: SourceMap, prefix: DocPath) -> None:
    """Drop the base's positions under a replaced value, so none outlives its value."""
    for table in (sources.nodes, sources.keys):
        for path in [p for p in table if p[: len(prefix)] == prefix]:
            del table[path]
