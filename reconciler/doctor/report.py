"""The doctor's report: a short checklist and the verdict, built from the findings. Pure.

Each check is `ok`, `warn` (something the tool cannot do here, which this config does not
need), `fail` (a reason a plan cannot run) or `skip` (not asked, because an earlier check
failed or no config was given).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reconciler.doctor.findings import AREAS, Findings
from reconciler.doctor.verdict import (
    budget_short,
    cannot_do,
    config_blockers,
    problems,
)

Status = Literal["ok", "warn", "fail", "skip"]

# x-ratelimit-limit per plan (FACTS.md §3): API tokens and OAuth differ.
PLANS_BY_BURST = {
    "api_token": {20: "Lite", 40: "Growth", 100: "Premium", 120: "Ultimate"},
    "oauth": {80: "Lite", 160: "Growth", 400: "Premium", 480: "Ultimate"},
}
CREDENTIAL_WORDS = {"api_token": "API token", "oauth": "OAuth access token"}


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    summary: str


@dataclass(frozen=True)
class Report:
    findings: Findings
    checks: tuple[Check, ...]
    problems: tuple[str, ...]
    cannot: tuple[str, ...]

    @property
    def can_plan(self) -> bool:
        return not self.problems


def build_report(found: Findings) -> Report:
    checks = [_token(found)]
    if found.who is not None:
        checks.append(_admin(found))
        checks.extend(_area(found, area) for area in AREAS if area in found.apis)
    checks.extend([_burst(found), _budget(found), *_config(found)])
    return Report(found, tuple(checks), tuple(problems(found)), tuple(cannot_do(found)))


def _token(found: Findings) -> Check:
    who = found.who
    if who is None and found.unreachable is None:
        return Check("token", "skip", "not checked: the daily token budget is spent")
    if who is None:
        return Check("token", "fail", found.unreachable or "no answer")
    company = who.company
    ident = f", id {company.id}" if company.id is not None else ""
    return Check(
        "token",
        "ok",
        f"{CREDENTIAL_WORDS[found.credential]} of {who.name} <{who.email}> (user {who.user_id}) "
        f"in {company.name} ({company.host}{ident})",
    )


def _admin(found: Findings) -> Check:
    if found.admin:
        return Check("admin", "ok", f"an admin: roles answer ({found.admin_evidence})")
    status: Status = "fail" if "admin" in config_blockers(found) else "warn"
    if found.admin is False:
        # An OAuth app's token is refused admin operations also when it lacks the scope.
        scope = " (or the OAuth app lacks the admin scope)" if found.credential == "oauth" else ""
        summary = f"not an admin{scope}: roles are refused ({found.admin_evidence})"
        return Check("admin", status, summary)
    return Check("admin", "warn", f"unknown: {found.admin_evidence}")


def _area(found: Findings, area: str) -> Check:
    state = found.apis[area]
    if state.state == "served":
        return Check(area, "ok", "served")
    word = state.state.replace("_", " ")
    status: Status = "fail" if area in config_blockers(found) else "warn"
    return Check(area, status, f"{word} ({state.evidence})")


def _burst(found: Findings) -> Check:
    if found.burst_limit is None:
        return Check("burst", "skip" if found.who is None else "warn", "not stated")
    plan = PLANS_BY_BURST[found.credential].get(found.burst_limit)
    tier = f" (the {plan} plan's, for an {CREDENTIAL_WORDS[found.credential]})" if plan else ""
    return Check("burst", "ok", f"{found.burst_limit} requests per 2 seconds{tier}")


def _budget(found: Findings) -> Check:
    left, limit = found.daily_remaining, found.daily_limit
    if found.budget_exhausted or left == 0:
        return Check("budget", "fail", "spent for today; it resets at midnight server time")
    if left is None:
        status: Status = "skip" if found.who is None else "warn"
        return Check("budget", status, "not stated in Pipedrive's answers")
    of = f" of {limit:,}" if limit is not None else ""
    status = "fail" if budget_short(found) else "ok"
    return Check("budget", status, f"{left:,}{of} tokens left today")


def _config(found: Findings) -> list[Check]:
    config = found.config
    if config is None:
        return [Check("config", "skip", "none given: pass PATH to price a plan of it")]
    if config.problem:
        return [Check("config", "fail", f"{config.label}: does not load (see below)")]
    kinds = ", ".join(config.kinds) or "nothing"
    checks = [
        Check("config", "ok", f"{config.label}: manages {kinds} (stages API {config.stages_api})")
    ]
    plan = config.plan
    if plan is not None:
        blocked = f", {plan.blocked} blocked" if plan.blocked else ""
        summary = (
            f"reading the company cost {plan.read_tokens} tokens; applying its "
            f"{plan.changes} changes{blocked} would cost about {plan.apply_tokens} more"
        )
        checks.append(Check("plan", "ok", summary))
    elif config.plan_error:
        checks.append(Check("plan", "fail", f"failed: {config.plan_error}"))
    else:
        reason = config.plan_skipped or (
            "the daily token budget is spent"
            if found.budget_exhausted
            else "the company could not be reached"
        )
        checks.append(Check("plan", "skip", f"not tried: {reason}"))
    return checks
