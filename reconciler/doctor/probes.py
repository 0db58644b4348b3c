"""The doctor's requests: few, cheap, read-only.

    GET /api/v1/users/me             2   the token accepted? whose? which company?
    GET /api/v1/roles/{own role}     2   admin-only: 200 means an admin, 403 not (or
                                         GET /roles?limit=1, 20 tokens, if no role is named)
    GET /api/v2/pipelines?limit=1    5   API v2 (stages and pipelines by default)
    GET /api/v1/stages?limit=1      10   the v1 stage and pipeline endpoints (--stages-api v1)
    GET /api/v1/projects?limit=1    20   Projects
    GET /api/v1/subscriptions/1      2   the Subscriptions API, removed from Pipedrive in 2025
                                         (a 404 about a missing subscription means served)

41 tokens in all for an admin. Every answer's rate-limit headers are read by the client
(`PipedriveClient.limits`). Nothing here raises for an error answer: each becomes a finding.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reconciler.api.decode import as_bool, as_int
from reconciler.company import company_of
from reconciler.doctor.findings import ApiState, ApiStateName, Findings, Who
from reconciler.errors import (
    ApiError,
    AuthError,
    DailyBudgetExhausted,
    TransportError,
    UnexpectedAnswer,
)
from reconciler.kinds.subscriptions.api import means_removed

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

# area -> (version, path, query, the state a "not here" answer means)
AREA_PROBES: dict[str, tuple[str, str, Mapping[str, Any] | None, ApiStateName]] = {
    "v2": ("v2", "/pipelines", {"limit": 1}, "not_served"),
    "v1_stages": ("v1", "/stages", {"limit": 1}, "gone"),
    "projects": ("v1", "/projects", {"limit": 1}, "unavailable"),
    "subscriptions": ("v1", "/subscriptions/1", None, "removed"),
}
# Statuses meaning "not here": gone or unknown paths, and for Projects a plan without it
# (402 account, 403 forbidden, 415 feature not enabled: FACTS.md §2).
_ABSENT = {"v2": {404, 410}, "v1_stages": {404, 410}, "projects": {402, 403, 404, 410, 415}}


@dataclass(frozen=True)
class Answer:
    status: int  # 200 for any success, 0 when nothing answered
    evidence: str
    error: ApiError | None = None


async def ask(
    client: PipedriveClient, version: str, path: str, params: Mapping[str, Any] | None = None
) -> Answer:
    shown = f"GET /api/{version}{path}"
    try:
        await client.request("GET", version, path, params=params)  # type: ignore[arg-type]
    except ApiError as error:
        return Answer(error.status, str(error), error)
    except TransportError as error:
        return Answer(0, str(error))
    return Answer(200, f"{shown}: 200")


async def identify(client: PipedriveClient, found: Findings) -> None:
    """Who the token is; on failure, `found.unreachable` says why nothing else can be asked."""
    kind = "OAuth access token" if found.credential == "oauth" else "API token"
    try:
        answer = await client.request("GET", "v1", "/users/me")
    except DailyBudgetExhausted:
        found.budget_exhausted = True  # nothing more can be asked today, not even who
    except AuthError as error:
        found.token_refused = True
        found.unreachable = f"Pipedrive did not accept the {kind} ({error})"
    except ApiError as error:
        found.unreachable = f"{client.base_url} does not answer as Pipedrive does ({error})"
    except TransportError as error:
        found.unreachable = f"no answer from {client.base_url} ({error.reason})"
    else:
        found.who = who_of(answer.data, client.base_url)
        if found.who is None:
            found.unreachable = (
                f"{client.base_url} does not answer as Pipedrive does (GET /api/v1/users/me "
                "gave no user)"
            )


def who_of(me: Any, base_url: str) -> Who | None:
    if not isinstance(me, dict):
        return None
    try:
        user_id, role_id = as_int(me.get("id")), as_int(me.get("role_id"))
        access = [as_bool(a.get("admin")) for a in me.get("access") or () if isinstance(a, dict)]
    except UnexpectedAnswer:
        return None
    if user_id is None:
        return None
    return Who(
        user_id=user_id,
        name=str(me.get("name") or ""),
        email=str(me.get("email") or ""),
        role_id=role_id,
        company=company_of(me, base_url),
        admin_per_access=any(access) if access else None,
    )


async def check_admin(client: PipedriveClient, found: Findings) -> None:
    """Roles are admin-only: reading the token user's own role tells admin from not."""
    role_id = found.who.role_id if found.who else None
    answer = await ask(client, "v1", f"/roles/{role_id}") if role_id is not None else None
    if answer is None or answer.status == 404:
        answer = await ask(client, "v1", "/roles", {"limit": 1})
    found.admin = {200: True, 403: False}.get(answer.status)
    found.admin_evidence = answer.evidence
    _note_budget(found, answer)


async def check_areas(client: PipedriveClient, found: Findings) -> None:
    answers = await asyncio.gather(
        *(ask(client, v, path, query) for v, path, query, _ in AREA_PROBES.values())
    )
    for area, answer in zip(AREA_PROBES, answers, strict=True):
        found.apis[area] = ApiState(area_state(area, answer), answer.evidence)
        _note_budget(found, answer)


def area_state(area: str, answer: Answer) -> ApiStateName:
    if answer.status == 200:
        return "served"
    absent = AREA_PROBES[area][3]
    if area == "subscriptions" and answer.error is not None and answer.status in (404, 410):
        return absent if means_removed(answer.error) else "served"
    return absent if answer.status in _ABSENT.get(area, ()) else "unknown"


def _note_budget(found: Findings, answer: Answer) -> None:
    if isinstance(answer.error, DailyBudgetExhausted):
        found.budget_exhausted = True
