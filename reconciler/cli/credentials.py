"""Which credential a command sends: an API token or an OAuth access token, never both.

Where each kind can come from, the most explicit first:

    3  the command line      --api-token-file PATH       --oauth-token-file PATH
    2  the --env file        connection.token_env        connection.oauth_token_env
    1  the process env       PIPEDRIVE_API_TOKEN         PIPEDRIVE_OAUTH_TOKEN

Within one kind the most explicit source wins, silently (a file given on the command line
overrides the variable, as it always has). Across kinds, the more explicit one wins and a
note on stderr names the one left unused: a CI job's PIPEDRIVE_API_TOKEN does not stand in
the way of `--oauth-token-file` for one run. Both kinds equally explicit (both variables set,
both files given) is a usage error (exit 64) naming both: guessing which company or user the
run should act as is not the tool's to do. A variable the environment file names must be set,
unless the command line gives a token file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reconciler.api.auth import TOKEN_KINDS, TokenKind
from reconciler.cli.paths import read_secret_file
from reconciler.config.environments import EnvConnection
from reconciler.errors import UsageError

API_TOKEN_VARIABLE = "PIPEDRIVE_API_TOKEN"
OAUTH_TOKEN_VARIABLE = "PIPEDRIVE_OAUTH_TOKEN"
COMMAND_LINE, ENVIRONMENT_FILE, PROCESS_ENVIRONMENT = 3, 2, 1
KIND_WORDS: dict[TokenKind, str] = {"api_token": "API token", "oauth": "OAuth access token"}


@dataclass(frozen=True)
class Credential:
    kind: TokenKind
    value: str = field(repr=False)
    source: str  # where it came from, as the user would name it
    rank: int

    @property
    def described(self) -> str:
        return f"the {KIND_WORDS[self.kind]} in {self.source}"


@dataclass(frozen=True)
class Choice:
    used: Credential
    unused: tuple[Credential, ...]  # of the other kind, less explicit: noted, never sent

    @property
    def note(self) -> str | None:
        if not self.unused:
            return None
        others = " and ".join(c.described for c in self.unused)
        return f"Note: using {self.used.described}; {others} is not used."


def choose_credential(
    api_token_file: Path | None,
    oauth_token_file: Path | None,
    named: EnvConnection | None,
    environ: Mapping[str, str] | None = None,
) -> Choice:
    """The credential to send, or UsageError when there is none or two are equally explicit."""
    env = os.environ if environ is None else environ
    found = [
        *_from_file(api_token_file, "api_token", "--api-token-file"),
        *_from_file(oauth_token_file, "oauth", "--oauth-token-file"),
    ]
    if named is not None and not found:
        found += _from_environment_file(named, env)
    found += _from_variable(env, API_TOKEN_VARIABLE, "api_token")
    found += _from_variable(env, OAUTH_TOKEN_VARIABLE, "oauth")
    present = [c for c in (_most_explicit(found, k) for k in TOKEN_KINDS) if c is not None]
    if not present:
        raise UsageError(
            f"No credential: set {API_TOKEN_VARIABLE} (or pass --api-token-file PATH), or "
            f"{OAUTH_TOKEN_VARIABLE} for an OAuth access token (or --oauth-token-file PATH). "
            "It is sent only in a header (x-api-token, or Authorization: Bearer)."
        )
    present.sort(key=lambda c: c.rank, reverse=True)
    if len(present) == 2 and present[0].rank == present[1].rank:
        raise UsageError(
            f"Two kinds of credentials given: {present[0].described} and "
            f"{present[1].described}. Pipedrive takes one at a time; remove one, or pass the "
            "one to use with --api-token-file or --oauth-token-file."
        )
    return Choice(present[0], tuple(present[1:]))


def every_value(choice: Choice) -> tuple[str, ...]:
    return (choice.used.value, *(c.value for c in choice.unused))


def _most_explicit(found: list[Credential], kind: TokenKind) -> Credential | None:
    mine = [c for c in found if c.kind == kind]
    return max(mine, key=lambda c: c.rank) if mine else None


def _from_file(path: Path | None, kind: TokenKind, option: str) -> list[Credential]:
    if path is None:
        return []
    value = read_secret_file(path, option)
    if not value:
        raise UsageError(f"{option} {path}: the file is empty")
    return [Credential(kind, value, f"{option} {path}", COMMAND_LINE)]


def _from_environment_file(named: EnvConnection, env: Mapping[str, str]) -> list[Credential]:
    pairs: list[tuple[TokenKind, str | None, str, str]] = [
        ("api_token", named.token_env, "token_env", named.token_env_at),
        ("oauth", named.oauth_token_env, "oauth_token_env", named.oauth_token_env_at),
    ]
    found = []
    for kind, variable, key, at in pairs:
        if not variable:
            continue
        value = env.get(variable, "").strip()
        if not value:
            raise UsageError(
                f"No {KIND_WORDS[kind]}: {variable} (named by {key} at {at}) is not set or empty."
            )
        source = f"{variable} ({key} of {named.label})"
        found.append(Credential(kind, value, source, ENVIRONMENT_FILE))
    return found


def _from_variable(env: Mapping[str, str], name: str, kind: TokenKind) -> list[Credential]:
    value = env.get(name, "").strip()
    return [Credential(kind, value, name, PROCESS_ENVIRONMENT)] if value else []
