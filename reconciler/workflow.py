"""The steps every command composes: connect, read, plan, check a saved plan, apply.

Library code: it raises, it does not print. The CLI decides what to show.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reconciler.api import PipedriveClient
from reconciler.apply import ApplyReport, Progress, apply_plan
from reconciler.config.desired import build_desired
from reconciler.config.loader import LoadedConfig
from reconciler.errors import StalePlan
from reconciler.planning.changes import Plan
from reconciler.planning.fingerprint import live_digests
from reconciler.planning.planner import build_plan
from reconciler.planning.safety import (
    block_deletes,
    block_last_visible,
    unknown_protected,
    with_guard_warnings,
)
from reconciler.resources import ApplyContext
from reconciler.resources.deals import count_deals
from reconciler.resources.reader import read_live
from reconciler.resources.visibility import unmanaged_visibility
from reconciler.state import DesiredState, LiveState


@dataclass(frozen=True)
class Connection:
    base_url: str
    token: str = field(repr=False)
    parallelism: int = 4

    def client(self) -> PipedriveClient:
        return PipedriveClient(self.base_url, self.token, parallelism=self.parallelism)


@dataclass(frozen=True)
class Planned:
    plan: Plan
    live: LiveState
    desired: DesiredState


def desired_state(loaded: LoadedConfig, stages_api: str | None = None) -> DesiredState:
    desired = build_desired(loaded)
    return replace(desired, stages_api=stages_api) if stages_api else desired


async def make_plan(
    client: PipedriveClient,
    loaded: LoadedConfig,
    *,
    stages_api: str | None = None,
    targets: Sequence[str] = (),
    excludes: Sequence[str] = (),
) -> Planned:
    """Read what the config manages, plan, then apply the safety rails: deletes of stages
    holding deals, and of the last pipeline a role sees, move to `blocked` (the only reads
    after planning, and only when the plan deletes stages or pipelines) and broken guards
    become "apply will refuse: ..." warnings."""
    desired = desired_state(loaded, stages_api)
    tokens_before = client.tally.tokens
    live = await read_live(client, desired)
    plan = build_plan(
        desired,
        live,
        targets=targets,
        excludes=excludes,
        config_digest=loaded.digest,
        today=datetime.date.today().isoformat(),  # when subscription updates take effect
    )
    deals = await count_deals(client, plan, desired.stages_api)
    plan = block_deletes(plan, deals.by_stage)
    plan = block_last_visible(plan, await unmanaged_visibility(client, plan, live))
    plan = with_guard_warnings(plan, desired, live)
    plan = replace(
        plan,
        warnings=(*plan.warnings, *deals.warnings, *unknown_protected(desired, live)),
        read_token_cost=client.tally.tokens - tokens_before,
    )
    return Planned(plan, live, desired)


def check_fresh(saved: Plan, fresh: Planned, saved_digests: dict[str, str] | None) -> None:
    """Refuse a saved plan when the config or the company changed since it was made."""
    if saved.config_digest != fresh.plan.config_digest:
        raise StalePlan(
            "The saved plan is stale: the configuration changed since it was made "
            f"({saved.config_digest[:19]}… now {fresh.plan.config_digest[:19]}…). "
            "Run plan again. Nothing was written."
        )
    if saved.live_fingerprint == fresh.plan.live_fingerprint:
        _check_blocked(saved, fresh.plan)
        return
    changed: list[str] = []
    if saved_digests is not None:
        now = live_digests(fresh.live)
        changed = sorted(
            a for a in set(saved_digests) | set(now) if saved_digests.get(a) != now.get(a)
        )
    what = ", ".join(changed[:20]) + (" …" if len(changed) > 20 else "")
    detail = f": {what}" if what else ""
    raise StalePlan(
        f"The saved plan is stale: Pipedrive changed since it was made{detail}. "
        "Run plan again. Nothing was written."
    )


def _check_blocked(saved: Plan, fresh: Plan) -> None:
    """Deals are not in the fingerprint: refuse when a change the saved plan would make is
    now blocked because deals moved into what it deletes."""
    doomed = {c.address for c in saved.changes}
    now = [b for b in fresh.blocked if b.address in doomed]
    if now:
        what = "; ".join(f"{b.address} ({b.reason})" for b in now)
        raise StalePlan(
            f"The saved plan is stale: deals moved into what it deletes: {what}. "
            "Run plan again. Nothing was written."
        )


async def execute(
    client: PipedriveClient,
    plan: Plan,
    live: LiveState,
    *,
    parallelism: int,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
) -> ApplyReport:
    ctx = ApplyContext.from_live(
        client,
        live.resources,
        stages_api=plan.stages_api,
        default_role_id=live.default_role_id,
        users=live.users,
    )
    return await apply_plan(plan, ctx, parallelism=parallelism, progress=progress, stop=stop)
