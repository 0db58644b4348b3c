"""`${ENV_VAR}` interpolation in the config's string values.

Every string value (never a key) of every config file, environment files included, may refer
to environment variables: `owner: ${PROD_OWNER}`. `$${X}` stands for the literal text `${X}`;
a lone `$` is plain text. A variable that is not set, or a malformed reference (`${}`,
`${1X}`, an unclosed `${`), is a config error at the value's file:line:column. The result is
always text: a number that differs per company belongs in the environment file.

Credentials are never interpolated: config values end up in plans, which GitOps posts as
pull-request comments, so `${PIPEDRIVE_API_TOKEN}` would publish the token. A reference to a
variable that holds a credential (the token variables, an environment's `token_env`), or
whose value is a token in use, is a config error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reconciler.config.locations import DocPath, Pos, SourceMap
from reconciler.errors import ConfigIssue

_REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{[^}]*\}?")

CREDENTIAL_VARIABLES = ("PIPEDRIVE_API_TOKEN", "PIPEDRIVE_OAUTH_TOKEN")


@dataclass(frozen=True)
class Credentials:
    """Variables that hold credentials, and credential values in use: never interpolated."""

    names: frozenset[str] = frozenset(CREDENTIAL_VARIABLES)
    values: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        environ: Mapping[str, str],
        *,
        names: Iterable[str | None] = (),
        values: Iterable[str] = (),
    ) -> Credentials:
        """The standard variables plus `names`; their current values plus `values`."""
        every = {*CREDENTIAL_VARIABLES, *(n for n in names if n)}
        held = {environ.get(n, "").strip() for n in every} | {v.strip() for v in values}
        return cls(frozenset(every), frozenset(v for v in held if v))

    def refusal(self, name: str, value: str) -> str | None:
        if name in self.names:
            return f"{name} holds a Pipedrive credential"
        if value.strip() in self.values:
            return f"the value of {name} is a Pipedrive token in use"
        return None


def expand(
    text: str,
    where: Pos,
    issues: list[ConfigIssue],
    environ: Mapping[str, str] | None = None,
    credentials: Credentials | None = None,
) -> str:
    """`text` with its references replaced; problems are appended to `issues` at `where`."""
    if "${" not in text:
        return text
    env = os.environ if environ is None else environ
    secret = credentials if credentials is not None else Credentials.of(env)

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
        refused = secret.refusal(name, env[name])
        if refused is not None:
            issues.append(
                where.issue(
                    f"${{{name}}} is not interpolated: {refused}, and config values are "
                    "shown in plans and pull-request comments"
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
    credentials: Credentials | None = None,
    path: DocPath = (),
) -> Any:
    """The document with every string value expanded (mappings and lists rebuilt in place)."""
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = interpolate(value, sources, issues, environ, credentials, (*path, key))
        return data
    if isinstance(data, list):
        for index, value in enumerate(data):
            data[index] = interpolate(value, sources, issues, environ, credentials, (*path, index))
        return data
    if isinstance(data, str) and "${" in data:
        return expand(data, sources.nearest(path), issues, environ, credentials)
    return data
