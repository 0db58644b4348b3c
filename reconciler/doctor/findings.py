"""What the doctor's requests found, as plain data gathered while it probes.

`Findings` is filled in by `probes` and `examine` and read by `verdict`, which alone
decides what it means; nothing here talks to Pipedrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reconciler.planning.provenance import Company

# One API area's state. "served" for any area that answers; otherwise the word that
# says why not: v2 "not_served", v1 stages "gone", projects "unavailable", subscriptions
# "removed"; "unknown" when the answer said neither.
ApiStateName = Literal["served", "not_served", "gone", "unavailable", "removed", "unknown"]
AREAS = ("v2", "v1_stages", "projects", "subscriptions")


@dataclass(frozen=True)
class ApiState:
    state: ApiStateName
    evidence: str  # the request and what it answered, e.g. "GET /api/v1/stages: 404 ..."


@dataclass(frozen=True)
class Who:
    """The token's user and company, from GET /users/me."""

    user_id: int
    name: str
    email: str
    role_id: int | None
    company: Company
    admin_per_access: bool | None  # what the user's `access` list says, when it says


@dataclass(frozen=True)
class PlanFacts:
    """A plan made with the config: what reading cost and what applying would."""

    read_tokens: int
    apply_tokens: int
    changes: int
    blocked: int


@dataclass
class ConfigFacts:
    """The config given to doctor and what planning with it showed."""

    label: str  # the PATHs as given
    stages_api: str = "v2"
    kinds: tuple[str, ...] = ()  # the kinds it manages
    problem: str | None = None  # why it could not be loaded
    plan: PlanFacts | None = None
    plan_error: str | None = None  # Pipedrive's or the planner's message
    plan_skipped: str | None = None  # why no plan was tried


@dataclass
class Findings:
    base_url: str
    credential: str  # "api_token" | "oauth"
    unreachable: str | None = None  # no answer, not Pipedrive, or the token refused
    token_refused: bool = False
    who: Who | None = None
    admin: bool | None = None
    admin_evidence: str = ""
    apis: dict[str, ApiState] = field(default_factory=dict)
    budget_exhausted: bool = False
    burst_limit: int | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    config: ConfigFacts | None = None
    requests: int = 0
    tokens: int = 0
