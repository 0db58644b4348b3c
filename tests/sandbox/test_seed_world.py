"""Seeding the projects world, products and subscriptions: every reference problem reported
at its file:line:column, and a state dump that round-trips the new records."""

from __future__ import annotations

import pytest

from reconciler.errors import ConfigError
from reconciler.sandbox.kinds.products import Products
from reconciler.sandbox.seed import load_seed
from tests.sandbox.seeds_world import WORLD_SEED

pytestmark = pytest.mark.anyio

BAD = """\
users:
  - {name: A, email: a@example.com}
pipelines:
  - name: Sales
    stages: [{name: Lead}]
deals:
  - {id: 5, title: One, pipeline: Sales, stage: Lead}
  - {id: 5, title: Two, pipeline: Sales, stage: Lead}
  - {id: 6, pipeline: Sales, stage: Lead, count: 2}
boards:
  - {name: Delivery, phases: [Kickoff]}
templates:
  - {title: T, board: Nowhere}
products:
  - {id: 17, followers: [ghost@example.com]}
projects:
  - {title: P, board: Delivery, phase: Rollout}
  - {title: Q, board: Delivery, phase: Kickoff, template: Missing}
  - title: R
    board: Delivery
    phase: Kickoff
    plan: {tasks: {Nope: {phase: Kickoff}}}
tasks:
  - {project: Unknown, title: X}
subscriptions:
  - {deal: 99, installment: {currency: EUR, payments: [{amount: 1, due_at: 2027-01-01}]}}
  - deal: 5
    installment: {currency: EUR, payments: [{amount: 1, due_at: 2027-01-01}]}
    cancelled: {}
"""


def test_a_deal_is_either_counted_or_given_an_id(tmp_path):
    path = tmp_path / "seed.yaml"
    path.write_text(BAD)
    with pytest.raises(ConfigError) as caught:
        load_seed(path)
    found = [(i.line, i.column, i.message) for i in caught.value.issues]
    assert found == [(9, 5, "deals.2: Value error, give either `count` or `id`, not both")]


def test_reference_problems_after_validation(tmp_path):
    text = BAD.replace("  - {id: 6, pipeline: Sales, stage: Lead, count: 2}\n", "")
    path = tmp_path / "seed.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_seed(path)
    found = sorted((i.line, i.message) for i in caught.value.issues)
    assert found == [
        (8, "duplicate deal id 5"),
        (12, "unknown board 'Nowhere'"),
        (14, "user 'ghost@example.com' is not among the seed's users"),
        (16, "unknown phase 'Rollout' on 'Delivery'"),
        (17, "unknown template 'Missing'"),
        (21, "task 'Nope' is not in the project"),
        (23, "unknown project 'Unknown'"),
        (25, "Parameter 'deal_id': deal 99 not found"),
        (26, "only a recurring subscription can be cancelled"),
    ]


def test_products_accept_the_configs_followers_and_the_seeds_name():
    seed = load_seed({"products": [{"id": 3, "name": "Widget", "followers": []}]})
    products = seed.build(lambda: 0.0).part(Products)
    assert (products.products[3].name, products.followers(3)) == ("Widget", [])


async def test_state_dump_round_trips_the_new_records(make_api):
    api = make_api(seed=WORLD_SEED)
    await api.call("POST", "/api/v1/projects/1/archive")
    state = (await api.control.get("/_sandbox/state")).json()
    assert {"boards", "projects", "product_followers", "subscriptions"} <= state.keys()
    copy = make_api(seed=state)
    for path in (
        "/api/v1/projects?include_archived=true",
        "/api/v1/projects/1/plan",
        "/api/v1/products/17/followers",
        "/api/v1/subscriptions/find/101",
    ):
        assert await copy.data("GET", path) == await api.data("GET", path), path
    created = await copy.call("POST", "/api/v1/products/17/followers", json={"user_id": 2})
    assert created.json()["data"]["id"] == 2  # id sequences continue after the dump's
