"""What the findings mean: why a plan cannot run (`problems`) and what the tool cannot do
with this company (`cannot`). Pure.

A plan cannot run when the company is out of reach (no answer, not Pipedrive, the token
refused), the daily budget is spent or too low for the config's reads, the config does not
load or plan, or it manages a kind this company or token cannot serve: the stages API it
uses is gone, subscriptions or projects are not there, or a kind only an admin may write
while the token's user is not one. Whether a kind is admin-only is read from the
documents' OAuth scopes, for the operation that creates its objects.
"""

from __future__ import annotations

from reconciler import kinds as registry
from reconciler.doctor.findings import Findings
from reconciler.kinds.spec import StagesApi
from reconciler.pipedrive_api import admin_only
from reconciler.state import PIPELINE, PROJECT, SUBSCRIPTION

STAGES_AREA = {"v1": "v1_stages", "v2": "v2"}


def admin_only_kinds(kinds: tuple[str, ...] | list[str], stages_api: str = "v2") -> list[str]:
    """The kinds whose writes (`KindSpec.create_call`) only an admin may make."""
    api: StagesApi = "v1" if stages_api == "v1" else "v2"
    found = []
    for kind in kinds:
        create = registry.kind(kind).create_call if registry.known(kind) else None
        if create is None:
            continue
        call = create(api)
        if admin_only(call.version, call.method, call.path):
            found.append(kind)
    return found


def config_blockers(found: Findings) -> dict[str, str]:
    """Why the config cannot be planned (or applied) against this company, known before
    planning (the plan is then not tried, which saves its reads); keyed by the check that
    shows it (`admin`, `v2`, `v1_stages`, `projects`, `subscriptions`)."""
    config = found.config
    if config is None or config.problem is not None:
        return {}
    kinds = set(config.kinds)
    blockers = {}
    area = STAGES_AREA.get(config.stages_api, "v2")
    if PIPELINE in kinds and _state(found, area) in ("gone", "not_served"):
        which = "v1 stage and pipeline endpoints are" if area == "v1_stages" else "API v2 is"
        blockers[area] = (
            f"the config manages pipelines with stages API {config.stages_api}, and the "
            f"{which} not served here"
        )
    if SUBSCRIPTION in kinds and _state(found, "subscriptions") == "removed":
        blockers["subscriptions"] = (
            "the config manages subscriptions, and this account has no Subscriptions API"
        )
    if PROJECT in kinds and _state(found, "projects") == "unavailable":
        blockers["projects"] = "the config manages projects, and Projects do not answer here"
    if found.admin is False:
        needed = admin_only_kinds(config.kinds, config.stages_api)
        if needed:
            blockers["admin"] = (
                "the token's user is not an admin, and only an admin may write what the "
                f"config manages: {', '.join(needed)}"
            )
    return blockers


def budget_short(found: Findings) -> bool:
    """The budget left is less than one more plan of this config would read."""
    plan = found.config.plan if found.config else None
    left = found.daily_remaining
    return plan is not None and left is not None and 0 < left < plan.read_tokens


def problems(found: Findings) -> list[str]:
    """Every reason a plan cannot run now; none means it can."""
    if found.unreachable:
        return [found.unreachable]
    out = []
    if found.budget_exhausted or found.daily_remaining == 0:
        out.append(
            "the company's daily API token budget is spent; it resets at midnight server time"
        )
    config = found.config
    if config is not None:
        if config.problem:
            out.append(f"the configuration does not load: {config.problem}")
        out.extend(config_blockers(found).values())
        if config.plan_error:
            out.append(f"planning failed: {config.plan_error}")
        if budget_short(found) and config.plan is not None:
            out.append(
                f"a plan reads for {config.plan.read_tokens} tokens and "
                f"{found.daily_remaining} are left today"
            )
    return out


def cannot_do(found: Findings) -> list[str]:
    """What the tool cannot do with this company and token, whatever the config says."""
    if found.who is None:
        return []
    out = [*_cannot_with_apis(found)]
    if found.admin is False:
        kinds = admin_only_kinds(list(registry.NAMES))
        out.append(
            f"write {', '.join(kinds)}: only an admin may, and the token's user is not one "
            f"({found.admin_evidence})"
        )
    elif found.admin is None:
        out.append(f"tell whether the token's user is an admin ({found.admin_evidence})")
    config = found.config
    plan, left = (config.plan if config else None), found.daily_remaining
    if plan is not None and left is not None and left < plan.read_tokens + plan.apply_tokens:
        out.append(
            f"apply this config today: it needs about {plan.read_tokens + plan.apply_tokens} "
            f"tokens (reading {plan.read_tokens}, writing {plan.apply_tokens}) and {left} are "
            "left"
        )
    return out


def _cannot_with_apis(found: Findings) -> list[str]:
    out = []
    v1, v2 = _state(found, "v1_stages"), _state(found, "v2")
    if v1 == "gone":
        out.append(
            "use --stages-api v1 (or api: {stages: v1}): the v1 stage and pipeline endpoints "
            "are gone here, so stage order cannot be written either (API v2 cannot write it)"
        )
    if v2 == "not_served":
        hint = "; --stages-api v1 still works" if v1 == "served" else ""
        out.append(f"manage pipelines and stages with API v2 (the default): not served here{hint}")
    if _state(found, "projects") == "unavailable":
        out.append(f"manage projects: {found.apis['projects'].evidence}")
    if _state(found, "subscriptions") == "removed":
        out.append(
            "manage subscriptions: Pipedrive removed the Subscriptions API from this account "
            f"({found.apis['subscriptions'].evidence})"
        )
    for area, state in sorted(found.apis.items()):
        if state.state == "unknown":
            out.append(f"tell whether {_AREA_NAMES[area]} is served ({state.evidence})")
    return out


_AREA_NAMES = {
    "v2": "API v2",
    "v1_stages": "the v1 stages API",
    "projects": "Projects",
    "subscriptions": "the Subscriptions API",
}


def _state(found: Findings, area: str) -> str | None:
    state = found.apis.get(area)
    return state.state if state else None
