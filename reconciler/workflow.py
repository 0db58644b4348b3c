"""The steps every command composes: connect, read, plan, check a saved plan, apply.

Library code: it raises, it does not print. The CLI decides what to show.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reconciler import __version__
from reconciler.api import PipedriveClient
from reconciler.api.auth import TokenKind
from reconciler.apply import ApplyReport, Progress, apply_plan
from reconciler.config.desired import build_desired
from reconciler.config.loader import LoadedConfig
from reconciler.errors import StalePlan
from reconciler.planning.approval import differences
from reconciler.planning.changes import Plan
from reconciler.planning.fingerprint import live_digests
from reconciler.planning.planner import build_plan
from reconciler.planning.provenance import Provenance
from reconciler.planning.safety import (
    block_deletes,
    block_last_visible,
    unknown_protected,
    with_guard_warnings,
)
from reconciler.render.json_load import SavedPlan
from reconciler.resources import ApplyContext
from reconciler.resources.company import read_company
from reconciler.resources.deals import count_deals
from reconciler.resources.reader import read_live
from reconciler.resources.visibility import unmanaged_visibility
from reconciler.state import DesiredState, LiveState


@dataclass(frozen=True)
class Connection:
    """A company and the credential to reach it: an API token, or an OAuth access token
    (`token_kind="oauth"`, sent as `Authorization: Bearer`)."""

    base_url: str
    token: str = field(repr=False)
    parallelism: int = 4
    token_kind: TokenKind = "api_token"

    def client(self) -> PipedriveClient:
        return PipedriveClient(
            self.base_url, self.token, token_kind=self.token_kind, parallelism=self.parallelism
        )


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
    """Read the company (`GET /users/me`) and what the config manages, plan, then apply the
    safety rails: deletes of stages holding deals, and of the last pipeline a role sees, move
    to `blocked` (the only reads after planning, and only when the plan deletes stages or
    pipelines) and broken guards become "apply will refuse: ..." warnings. The plan records
    the company, connection and tool it was made with."""
    desired = desired_state(loaded, stages_api)
    tokens_before = client.tally.tokens
    company, live = await asyncio.gather(read_company(client), read_live(client, desired))
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
        provenance=Provenance(company, client.base_url, loaded.env, __version__, _now()),
    )
    return Planned(plan, live, desired)


def _now() -> str:
    moment = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


ALREADY_APPLIED = "Nothing left to do: Pipedrive already matches this plan."
_SHOWN = 5


def check_approval(saved: SavedPlan, fresh: Planned) -> bool:
    """Whether the fresh plan may be applied as the approved one: True when it has exactly
    the saved plan's changes, False when the saved plan is already applied (nothing is left
    to do). Anything else raises StalePlan (exit 4) naming the first differences."""
    was, now = saved.plan, fresh.plan
    _check_company(was, now)
    problems = differences(was, now)
    if was.config_digest != now.config_digest:
        problems.insert(0, "the configuration changed since the plan was made")
    elif now.empty and not now.blocked and not was.empty:
        return False
    changed = _live_changes(saved, fresh)
    if not problems and changed is not None:
        problems.append("Pipedrive changed since the plan was made")
    if not problems:
        return True
    lines = [f"  - {p}" for p in problems[:_SHOWN]]
    if len(problems) > _SHOWN:
        lines.append(f"  - and {len(problems) - _SHOWN} more")
    if changed:
        lines.append(f"Changed in Pipedrive since the plan was made: {changed}")
    raise StalePlan(
        "The saved plan is stale: a fresh plan differs from it. Nothing was written.\n"
        + "\n".join(lines)
        + "\nRun plan again and review the new plan."
    )


def _check_company(saved: Plan, fresh: Plan) -> None:
    if saved.provenance is None:
        raise StalePlan(
            "The saved plan does not say which company it was made for (it was not written "
            "by `plan --out` of this version). Run plan again. Nothing was written."
        )
    assert fresh.provenance is not None  # make_plan always records it
    was, now = saved.provenance, fresh.provenance
    if not was.company.same_as(now.company):
        raise StalePlan(
            f"The saved plan was made for {_named(was)}, but this run reaches "
            f"{_named(now)}. Check PIPEDRIVE_BASE_URL, the token and --env. Nothing was written."
        )
    if was.env != now.env:
        raise StalePlan(
            f"The saved plan was made with --env {was.env or '(none)'}, this run uses "
            f"--env {now.env or '(none)'}. Nothing was written."
        )


def _named(provenance: Provenance) -> str:
    company = provenance.company
    ident = f", id {company.id}" if company.id is not None else ""
    return f"{company.name} ({company.host}{ident})"


def _live_changes(saved: SavedPlan, fresh: Planned) -> str | None:
    """None when the company is as it was; else the addresses that changed (from the saved
    per-object digests), or "" when the file does not have them."""
    if saved.plan.live_fingerprint == fresh.plan.live_fingerprint:
        return None
    if saved.live_digests is None:
        return ""
    now = live_digests(fresh.live)
    was = saved.live_digests
    changed = sorted(a for a in set(was) | set(now) if was.get(a) != now.get(a))
    return ", ".join(changed[:20]) + (" …" if len(changed) > 20 else "")


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
