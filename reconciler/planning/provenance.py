"""What a plan was made for and from: the company, the connection, the narrowing.

A plan file is an approval that travels (in GitOps, from a pull request's run to the merge's),
so it says which company it approves changes to, which `--env` and base URL reached it, which
tool version made it and when, and whether `--target`/`--exclude` narrowed it. The planner
itself never sees these; the workflow attaches them after reading `GET /users/me`.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    """The Pipedrive company a token reaches (`company_id`, `company_name`, `company_domain`
    of `GET /users/me`)."""

    id: int | None  # None when Pipedrive's answer did not carry it
    name: str
    domain: str

    @property
    def host(self) -> str:
        """`acme.pipedrive.com`: Pipedrive gives the subdomain alone."""
        return self.domain if "." in self.domain else f"{self.domain}.pipedrive.com"

    def same_as(self, other: Company) -> bool:
        """The same company: equal ids when both are known, else the same host."""
        if self.id is not None and other.id is not None:
            return self.id == other.id
        return self.host == other.host

    def describe(self, env: str | None = None) -> str:
        """`Acme Inc (acme.pipedrive.com, env production)`; the env only when given."""
        where = self.host if env is None else f"{self.host}, env {env}"
        return f"{self.name} ({where})"


@dataclass(frozen=True)
class Provenance:
    company: Company
    base_url: str
    env: str | None
    tool_version: str
    created_at: str  # ISO 8601, UTC, seconds

    def describe(self) -> str:
        return self.company.describe(self.env)


@dataclass(frozen=True)
class Selection:
    """`--target`/`--exclude` as given; an empty selection is the whole company."""

    targets: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    @classmethod
    def of(cls, targets: Sequence[str] = (), excludes: Sequence[str] = ()) -> Selection:
        return cls(tuple(targets), tuple(excludes))

    @property
    def partial(self) -> bool:
        return bool(self.targets or self.excludes)

    def describe(self) -> str:
        """The options as a shell would take them: `--target role --exclude 'role/Sales Rep'`."""
        words = [f"--target {shlex.quote(t)}" for t in self.targets]
        words += [f"--exclude {shlex.quote(e)}" for e in self.excludes]
        return " ".join(words)


PARTIAL_WARNING = "Warning: partial plan: {options} (changes outside it are not shown or applied)"


def partial_warning(selection: Selection) -> str:
    return PARTIAL_WARNING.format(options=selection.describe())
