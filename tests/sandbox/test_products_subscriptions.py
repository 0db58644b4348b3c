"""v1 product followers (relationship ids, permitted users) and legacy subscriptions."""

from __future__ import annotations

import pytest

from reconciler.sandbox.kinds.subscriptions import Subscriptions
from tests.sandbox.seeds_world import WORLD_SEED

pytestmark = pytest.mark.anyio
F = "/api/v1/products/17/followers"
S = "/api/v1/subscriptions"


@pytest.fixture
async def world(make_api):
    return make_api(seed=WORLD_SEED)


async def test_followers_are_relationships_removed_by_their_own_id(world):
    assert [(f["id"], f["user_id"]) for f in await world.data("GET", F)] == [(1, 1)]
    added = await world.call("POST", F, json={"user_id": 3})
    assert added.status_code == 201
    relation = added.json()["data"]
    assert (relation["id"], relation["user_id"], relation["product_id"]) == (2, 3, 17)
    # The user id is not the follower id (FACTS.md §12 item 12).
    assert (await world.call("DELETE", f"{F}/3")).status_code == 404
    assert await world.data("DELETE", f"{F}/2") == {"id": 2}
    assert [f["user_id"] for f in await world.data("GET", F)] == [1]
    again = await world.call("POST", F, json={"user_id": 3})
    assert again.json()["data"]["id"] == 3  # a new relationship, never a reused id


async def test_following_twice_or_as_a_stranger_is_refused(world):
    twice = await world.call("POST", F, json={"user_id": 1})
    assert twice.status_code == 400 and "'user_id'" in twice.json()["error"]
    stranger = await world.call("POST", F, json={"user_id": 99})
    assert stranger.status_code == 400
    assert (await world.call("GET", "/api/v1/products/99/followers")).status_code == 404


async def test_permitted_users_default_to_everyone(world):
    assert await world.data("GET", "/api/v1/products/17/permittedUsers") == [1, 2]
    assert await world.data("GET", "/api/v1/products/18/permittedUsers") == [1, 2, 3]
    # Not being permitted does not stop a user from following (the tool warns instead).
    assert (await world.call("POST", F, json={"user_id": 3})).status_code == 201


async def test_recurring_subscription_schedule_and_month_end(world):
    found = await world.data("GET", f"{S}/find/101")
    assert (found["cycles_count"], found["end_date"], found["lifetime_value"]) == (
        3,
        "2027-01-30",
        300.0,
    )
    payments = await world.data("GET", f"{S}/{found['id']}/payments")
    assert [(p["due_at"], p["revenue_movement_type"]) for p in payments] == [
        ("2026-11-30", "new"),
        ("2026-12-30", "recurring"),
        ("2027-01-30", "recurring"),
    ]


async def test_recurring_update_needs_effective_date_and_cancel_is_final(world, wall):
    missing = await world.call("PUT", f"{S}/recurring/1", json={"cycle_amount": 120})
    assert missing.status_code == 400 and "'effective_date'" in missing.json()["error"]
    updated = await world.data(
        "PUT",
        f"{S}/recurring/1",
        json={"effective_date": "2027-01-01", "cycle_amount": 120, "update_deal_value": True},
    )
    assert updated["cycle_amount"] == 120
    deals = (await world.call("GET", "/api/v2/deals")).json()["data"]
    assert [d["value"] for d in deals if d["id"] == 101] == [120]
    cancelled = await world.data("PUT", f"{S}/recurring/1/cancel", json={})
    assert (cancelled["is_active"], cancelled["final_status"]) == (False, "canceled")
    assert cancelled["end_date"] == "2023-11-14"  # today by the sandbox's wall clock
    again = await world.call("PUT", f"{S}/recurring/1/cancel", json={})
    assert again.status_code == 400
    later = await world.call("PUT", f"{S}/recurring/1", json={"effective_date": "2027-01-01"})
    assert later.status_code == 400 and "cancelled" in later.json()["error"]


async def test_installment_subscription_and_one_per_deal(world):
    body = {
        "deal_id": 102,
        "currency": "usd",
        "payments": [
            {"amount": 250, "description": "Second", "due_at": "2027-01-15"},
            {"amount": 500, "description": "First", "due_at": "2026-12-15"},
        ],
        "update_deal_value": True,
    }
    created = await world.data("POST", f"{S}/installment", json=body)
    assert (created["currency"], created["start_date"], created["end_date"]) == (
        "USD",
        "2026-12-15",
        "2027-01-15",
    )
    assert "cadence_type" not in created and created["lifetime_value"] == 750.0
    twice = await world.call("POST", f"{S}/installment", json=body)
    assert twice.status_code == 400 and "'deal_id'" in twice.json()["error"]
    path = f"{S}/recurring/{created['id']}"
    wrong_put = await world.call("PUT", path, json={"effective_date": "2027-01-01"})
    assert wrong_put.status_code == 400 and "installment" in wrong_put.json()["error"]
    replaced = await world.data(
        "PUT",
        f"{S}/installment/{created['id']}",
        json={"payments": [{"amount": 900, "due_at": "2027-02-01"}]},
    )
    assert (replaced["cycles_count"], replaced["lifetime_value"]) == (1, 900.0)


async def test_delete_is_soft_and_frees_the_deal(world):
    deleted = await world.data("DELETE", f"{S}/1")
    assert deleted["id"] == 1
    assert (await world.call("GET", f"{S}/1")).status_code == 404
    assert (await world.call("GET", f"{S}/find/101")).status_code == 404
    assert world.sandbox.store.part(Subscriptions).subscriptions[1].deleted is True
    body = {"deal_id": 101, "currency": "EUR", "cadence_type": "weekly", "cycle_amount": 5,
            "start_date": "2027-01-01", "infinite": True}  # fmt: skip
    created = await world.data("POST", f"{S}/recurring", json=body)
    assert (created["id"], created["infinite"], created.get("end_date")) == (2, True, None)


@pytest.mark.parametrize(("mode", "status"), [("gone", 410), ("unknown", 404)])
async def test_removed_api_answers_every_path_but_is_still_counted(make_api, mode, status):
    api = make_api(seed=WORLD_SEED, subscriptions_api=mode)
    for method, path in (("GET", f"{S}/1"), ("GET", f"{S}/find/101"), ("POST", f"{S}/recurring")):
        response = await api.call(method, path, json={})
        assert response.status_code == status
        assert response.json()["success"] is False
    assert api.sandbox.stats.requests == 3
    # Everything else is unaffected.
    assert (await api.call("GET", "/api/v1/products/17/followers")).status_code == 200


def test_subscriptions_api_option_is_checked():
    from reconciler.sandbox import SandboxOptions

    with pytest.raises(ValueError):
        SandboxOptions(subscriptions_api="off")  # type: ignore[arg-type]
