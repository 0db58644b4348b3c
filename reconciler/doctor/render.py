"""The doctor's report as text (a checklist for a person) and JSON (a stable document).

JSON, `format_version` 1:

    {"format_version": 1, "can_plan": true, "base_url": "...", "credential": "api_token",
     "user": {"id", "name", "email"} | null, "company": {"id", "name", "domain"} | null,
     "admin": true | false | null,
     "apis": {"v2" | "v1_stages" | "projects" | "subscriptions": {"state", "evidence"}},
     "limits": {"burst_per_2s", "daily_token_limit", "daily_tokens_left"} (null: not stated),
     "config": null | {"paths", "stages_api", "kinds", "problem", "plan": null |
                {"read_tokens", "apply_tokens", "changes", "blocked"}, "plan_error",
                "plan_skipped"},
     "checks": [{"name", "status": "ok|warn|fail|skip", "summary"}],
     "cannot": ["what the tool cannot do here"], "problems": ["why a plan cannot run"],
     "spent": {"requests", "tokens"}}
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from reconciler.doctor.findings import Findings
from reconciler.doctor.report import Report, Status
from reconciler.render.values import counted

FORMAT_VERSION = 1
LABELS = {
    "token": "token",
    "admin": "admin",
    "v2": "API v2",
    "v1_stages": "v1 stages",
    "projects": "projects",
    "subscriptions": "subscriptions",
    "burst": "burst limit",
    "budget": "daily budget",
    "config": "config",
    "plan": "plan",
}
_COLOURS: dict[Status, str] = {
    "ok": "\x1b[32m",
    "warn": "\x1b[33m",
    "fail": "\x1b[31m",
    "skip": "\x1b[2m",
}
_RESET = "\x1b[0m"


def render_doctor_text(report: Report, *, color: bool = False) -> str:
    found = report.findings
    lines = [f"Pipedrive at {found.base_url}", ""]
    for check in report.checks:
        mark = f"[{check.status}]".ljust(7)
        if color:
            mark = f"{_COLOURS[check.status]}{mark}{_RESET}"
        lines.append(f"  {mark}{LABELS.get(check.name, check.name):<15}{check.summary}")
    if report.cannot:
        lines += ["", "What the tool cannot do here:"]
        lines += [f"  - {item}" for item in report.cannot]
    lines.append("")
    if report.can_plan:
        lines.append("A plan can run.")
    else:
        lines.append("A plan cannot run:")
        lines += [f"  - {problem}" for problem in report.problems]
    planned = " (the plan's reads included)" if found.config and found.config.plan else ""
    lines.append(
        f"The doctor sent {counted(found.requests, 'request')} and spent "
        f"{counted(found.tokens, 'token')}{planned}; it wrote nothing."
    )
    return "\n".join(lines) + "\n"


def render_doctor_json(report: Report) -> str:
    return json.dumps(doctor_document(report), indent=2) + "\n"


def doctor_document(report: Report) -> dict[str, Any]:
    found = report.findings
    return {
        "format_version": FORMAT_VERSION,
        "can_plan": report.can_plan,
        "base_url": found.base_url,
        "credential": found.credential,
        **_identity(found),
        "admin": found.admin,
        "apis": {area: dataclasses.asdict(state) for area, state in found.apis.items()},
        "limits": {
            "burst_per_2s": found.burst_limit,
            "daily_token_limit": found.daily_limit,
            "daily_tokens_left": found.daily_remaining,
        },
        "config": _config(found),
        "checks": [dataclasses.asdict(check) for check in report.checks],
        "cannot": list(report.cannot),
        "problems": list(report.problems),
        "spent": {"requests": found.requests, "tokens": found.tokens},
    }


def _identity(found: Findings) -> dict[str, Any]:
    who = found.who
    if who is None:
        return {"user": None, "company": None}
    company = who.company
    return {
        "user": {"id": who.user_id, "name": who.name, "email": who.email},
        "company": {"id": company.id, "name": company.name, "domain": company.domain},
    }


def _config(found: Findings) -> dict[str, Any] | None:
    config = found.config
    if config is None:
        return None
    return {
        "paths": config.label,
        "stages_api": config.stages_api,
        "kinds": list(config.kinds),
        "problem": config.problem,
        "plan": dataclasses.asdict(config.plan) if config.plan else None,
        "plan_error": config.plan_error,
        "plan_skipped": config.plan_skipped,
    }
