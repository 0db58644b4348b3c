"""`plan` right after `export` is "No changes." for any company (a property test)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.export.helpers import export_to, plan_of
from tests.integration.conftest import make_company

# Names that YAML would read as something else unless quoted, and some plain ones.
NAMES = [
    "Sales",
    "Ops",
    "true",
    "null",
    "123",
    "1.5",
    "a: b",
    "#hash",
    "- dash",
    "Ünïcode ✓",
    "[x]",
    "{y}",
    "it's",
    'say "hi"',
    "yes",
    "~",
    "x" * 80,
    "Won",
    "Lost",
    "Lead In",
]
LEVELS = st.sampled_from([1, 3, 5, 7])
SETTING_KEYS = [
    "deal_default_visibility",
    "lead_default_visibility",
    "org_default_visibility",
    "person_default_visibility",
    "product_default_visibility",
]


@st.composite
def companies(draw: st.DrawFn) -> dict[str, Any]:
    """A sandbox seed: users, pipelines with stages, a role tree with settings, visibility
    and members."""
    emails = [f"user{i}@example.com" for i in range(draw(st.integers(1, 6)))]
    users = [{"name": f"User {i}", "email": e} for i, e in enumerate(emails)]
    pipeline_names = draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True))
    pipelines = []
    for name in pipeline_names:
        stages = [
            {
                "name": stage,
                "deal_probability": draw(st.none() | st.integers(0, 100)),
                "rotten_days": draw(st.none() | st.integers(1, 90)),
            }
            for stage in draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
        ]
        pipelines.append({"name": name, "deal_probability": draw(st.booleans()), "stages": stages})
    role_names = draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
    owner = {e: draw(st.sampled_from([None, *role_names])) for e in emails}
    roles = []
    for index, name in enumerate(role_names):
        role: dict[str, Any] = {"name": name}
        earlier = role_names[:index]
        if earlier and draw(st.booleans()):
            role["parent"] = draw(st.sampled_from(earlier))
        keys = draw(st.lists(st.sampled_from(SETTING_KEYS), unique=True))
        role["settings"] = {k: draw(LEVELS) for k in keys}
        if draw(st.booleans()):
            visible = draw(st.lists(st.sampled_from(pipeline_names or ["-"]), unique=True))
            role["pipelines"] = {"visible": [v for v in visible if v in pipeline_names]}
        role["members"] = [e for e, r in owner.items() if r == name]
        roles.append(role)
    if draw(st.booleans()):  # the default role as an admin left it
        settings = {k: draw(LEVELS) for k in draw(st.lists(st.sampled_from(SETTING_KEYS)))}
        roles.append({"name": "(Unassigned users)", "settings": settings})
    return {"users": users, "pipelines": pipelines, "roles": roles}


async def _export_then_plan(seed: dict[str, Any], directory: Path) -> None:
    company = make_company(seed, fast=True)
    async with company.client:
        await export_to(company, directory)
        plan = await plan_of(company, directory)
        stats = await company.stats()
    await company.control.aclose()
    assert plan.changes == (), [c.address for c in plan.changes]
    assert plan.warnings == ()
    assert plan.unmanaged == ()
    assert stats["writes"] == 0


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(companies())
def test_plan_after_export_is_empty(seed: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_export_then_plan(seed, Path(tmp)))
