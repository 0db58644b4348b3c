"""Running the doctor: the probes, then a plan with the config when nothing stands in its
way, then the verdict. Library code: it returns a report and raises nothing of its own."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reconciler import kinds
from reconciler.config.loader import LoadedConfig
from reconciler.doctor.findings import ConfigFacts, Findings, PlanFacts
from reconciler.doctor.probes import check_admin, check_areas, identify
from reconciler.doctor.report import Report, build_report
from reconciler.doctor.verdict import config_blockers
from reconciler.errors import DailyBudgetExhausted, ReconcilerError
from reconciler.kinds.spec import StagesApi
from reconciler.reading import scope_for
from reconciler.workflow import desired_state, make_plan

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


@dataclass(frozen=True)
class ConfigInput:
    """The config doctor was given: loaded, or why it could not be."""

    label: str
    loaded: LoadedConfig | None = None
    problem: str | None = None
    stages_api: StagesApi | None = None  # --stages-api, over the config's api.stages


async def examine(client: PipedriveClient, config: ConfigInput | None = None) -> Report:
    found = Findings(client.base_url, client.token_kind)
    if config is not None:
        found.config = _facts(config)
    await identify(client, found)
    if found.who is not None and not found.budget_exhausted:
        await asyncio.gather(check_admin(client, found), check_areas(client, found))
        if config is not None and config.loaded is not None:
            await _plan(client, found, config)
    limits = client.limits
    found.burst_limit = limits.burst_limit
    found.daily_limit, found.daily_remaining = limits.daily_limit, limits.daily_remaining
    found.requests, found.tokens = client.tally.requests, client.tally.tokens
    return build_report(found)


def _facts(config: ConfigInput) -> ConfigFacts:
    facts = ConfigFacts(config.label, problem=config.problem)
    if config.loaded is not None:
        desired = desired_state(config.loaded, config.stages_api)
        facts.stages_api = desired.stages_api
        read = scope_for(desired).wanted
        facts.kinds = tuple(name for name in kinds.NAMES if name in read)
    return facts


async def _plan(client: PipedriveClient, found: Findings, config: ConfigInput) -> None:
    facts = found.config
    assert facts is not None and config.loaded is not None
    blockers = config_blockers(found)
    if found.budget_exhausted or blockers:
        facts.plan_skipped = "; ".join(blockers.values()) or "the daily budget is spent"
        return
    try:
        company = found.who.company if found.who is not None else None
        planned = await make_plan(
            client, config.loaded, stages_api=config.stages_api, company=company
        )
    except DailyBudgetExhausted:
        found.budget_exhausted = True
        facts.plan_error = "the daily token budget ran out while it read the company"
    except ReconcilerError as error:
        facts.plan_error = str(error)
    else:
        plan = planned.plan
        facts.plan = PlanFacts(
            read_tokens=plan.read_token_cost,
            apply_tokens=plan.token_cost,
            changes=len(plan.changes),
            blocked=len(plan.blocked),
        )
