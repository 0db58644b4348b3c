"""`${ENV_VAR}` interpolation in the config's string values.

Every string value (never a key) of every config file, environment files included, may refer
to environment variables: `owner: ${PROD_OWNER}`. `$${X}` stands for the literal text `${X}`;
a lone `$` is plain text. A variable that is not set, or a malformed reference (`${}`,
`${1X}`, an unclosed `${`), is a config error at the value's file:line:column. The result is
always text: a number that differs per company belongs in the environment file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from reconciler.config.locations import DocPath, Pos, SourceMap
from reconciler.errors import ConfigIssue

_REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{[^}]*\}?")


def expand(
    text: str, where: Pos, issues: list[ConfigIssue], environ: Mapping[str, str] | None = None
) -> str:
    """`text` with its references replaced; problems are appended to `issues` at `where`."""
    if "${" not in text:
        return text
    env = os.environ if environ is None else environ

    def replace(match: re.Match[str]) -> str:
        whole, name = match.group(0), match.group(1)
        if whole == "$${":
            return "${"
        if name is None:
            issues.append(
                where.issue(
                    f"invalid reference {whole!r}: write ${{NAME}} with a variable name, "
                    "or $${ for the literal text"
                )
            )
            return whole
        if name not in env:
            issues.append(
                where.issue(
                    f"environment variable {name} is not set (referred to as ${{{name}}}; "
                    f"write $${{{name}}} for the literal text)"
                )
            )
            return whole
        return env[name]

    return _REFERENCE.sub(replace, text)


def interpolate(
    data: Any,
    sources: SourceMap,
    issues: list[ConfigIssue],
    environ: Mapping[str, str] | None = None,
    path: DocPath = (),
) -> Any:
    """The document with every string value expanded (mappings and lists rebuilt in place)."""
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = interpolate(value, sources, issues, environ, (*path, key))
        return data
    if isinstance(data, list):
        for index, value in enumerate(data):
            data[index] = interpolate(value, sources, issues, environ, (*path, index))
        return data
    if isinstance(data, str) and "${" in data:
        return expand(data, sources.nearest(path), issues, environ)
    return data
