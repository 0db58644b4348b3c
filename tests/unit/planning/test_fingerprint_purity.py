"""Fingerprints of live state, and the planner's purity."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from planning_builders import live, pipeline, plan, role, stage, user

from reconciler.planning.fingerprint import live_digests, live_fingerprint


def company(deal_probability=100, position=1):
    return live(
        pipeline(10, "Sales"),
        stage(21, "Sales", "Lead", position, pipeline_id=10, deal_probability=deal_probability),
        role(5, "Rep"),
        users=(user(100, "ann@x.com", 5),),
    )


def test_fingerprint_ignores_order_and_representation():
    base = company()
    shuffled = dataclasses.replace(base, resources=tuple(reversed(base.resources)))
    sloppy = company(deal_probability="100", position="1")
    assert live_fingerprint(base) == live_fingerprint(shuffled) == live_fingerprint(sloppy)
    assert live_fingerprint(base).startswith("sha256:") and len(live_fingerprint(base)) == 71


def test_fingerprint_changes_with_any_value_and_digests_say_where():
    before, after = company(), company(deal_probability=50)
    assert live_fingerprint(before) != live_fingerprint(after)
    old, new = live_digests(before), live_digests(after)
    assert {a for a in old if old[a] != new.get(a)} == {"stage/Sales/Lead"}
    moved = dataclasses.replace(before, users=(user(100, "ann@x.com", 1),))
    assert live_fingerprint(moved) != live_fingerprint(before)
    assert {a for a in old if old[a] != live_digests(moved)[a]} == {"user/100"}


def test_plan_records_fingerprint_digest_and_stages_api():
    state = company()
    p = plan({"api": {"stages": "v1"}}, state, config_digest="sha256:abc", read_token_cost=42)
    assert p.live_fingerprint == live_fingerprint(state)
    assert (p.config_digest, p.read_token_cost, p.stages_api) == ("sha256:abc", 42, "v1")


def test_planning_imports_no_io_libraries():
    code = (
        "import sys\n"
        "import reconciler.state, reconciler.config.desired, reconciler.planning\n"
        "import reconciler.planning.planner\n"
        "bad = {'httpx', 'ruamel', 'click', 'starlette', 'uvicorn'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
