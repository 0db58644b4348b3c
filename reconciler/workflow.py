"""The steps every command composes: connect, read, plan, apply.

Reading is done here and only here: the company (`GET /users/me`), what the config manages
(`reading.scope_for`), then the facts the first plan asks for (deals in what it deletes, the
pipelines unmanaged roles see, `/recents` for drift), once each. Everything else is pure
(`planning`). Library code: it raises, it does not print. The CLI decides what to show.
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
from reconciler.company import read_company
from reconciler.config.desired import build_desired
from reconciler.config.loader import LoadedConfig
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Plan
from reconciler.planning.finalise import blockers, finalise
from reconciler.planning.planner import build_plan
from reconciler.planning.provenance import Company, Provenance
from reconciler.reading import read_live, scope_for
from reconciler.recents import annotate_drift, dated, read_recents
from reconciler.state import PIPELINE, DesiredState, LiveState


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


def desired_state(loaded: LoadedConfig, stages_api: StagesApi | None = None) -> DesiredState:
    desired = build_desired(loaded)
    return replace(desired, stages_api=stages_api) if stages_api else desired


async def make_plan(
    client: PipedriveClient,
    loaded: LoadedConfig,
    *,
    stages_api: StagesApi | None = None,
    targets: Sequence[str] = (),
    excludes: Sequence[str] = (),
    drift_since: datetime.datetime | None = None,
    replacing: Sequence[str] = (),
    company: Company | None = None,
) -> Planned:
    """Read the company and what the config manages, plan, read the facts the plan asks for
    and finalise it: blocked deletes kept (and what depends on them planned with them), the
    guards it breaks, the company it was made for. `drift_since` dates the changes from
    Pipedrive's recents since then (`drift`). `replacing` are addresses to delete and create
    again (`apply --replace`). `company` is the company already read by the caller (the
    doctor's first request), so `GET /users/me` is not sent twice."""
    desired = desired_state(loaded, stages_api)
    tokens_before = client.tally.tokens
    reading = read_live(client, scope_for(desired), desired.stages_api)
    if company is None:
        made_for, live = await asyncio.gather(read_company(client), reading)
    else:
        made_for, live = company, await reading
    today = datetime.date.today().isoformat()  # when subscription updates take effect

    def replan(blocked: frozenset[str]) -> Plan:
        return build_plan(
            desired,
            live,
            targets=targets,
            excludes=excludes,
            config_digest=loaded.digest,
            today=today,
            blocked=blocked,
            replace=replacing,
        )

    first = replan(frozenset())
    wanted = [b for b in blockers() if b.wants(first, live)]
    read = await asyncio.gather(*(b.read(client, first, live, desired.stages_api) for b in wanted))
    plan = finalise(first, desired, live, dict(zip(wanted, read, strict=True)), replan)
    if drift_since is not None and dated(plan):
        recents = await read_recents(client, drift_since)
        pipeline_ids = {r.name: r.id for r in live.of_kind(PIPELINE) if r.id is not None}
        plan = annotate_drift(plan, recents, pipeline_ids, drift_since)
    elif drift_since is not None:
        plan = annotate_drift(plan, [], {}, drift_since)
    plan = replace(
        plan,
        read_token_cost=client.tally.tokens - tokens_before,
        provenance=Provenance(made_for, client.base_url, loaded.env, __version__, _now()),
    )
    return Planned(plan, live, desired)


def _now() -> str:
    moment = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


async def execute(
    client: PipedriveClient,
    plan: Plan,
    live: LiveState,
    *,
    parallelism: int,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
) -> ApplyReport:
    return await apply_plan(
        plan, client, live, parallelism=parallelism, progress=progress, stop=stop
    )
