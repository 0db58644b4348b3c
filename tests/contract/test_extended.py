"""Projects, product followers and subscriptions beyond the success table: 400s naming the
field, what writes return, both pagination styles, and the removed subscriptions API.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .cases import SUBSCRIPTION_CASES, V1, Case
from .conftest import TOKEN, ContractClient, fill, make_app

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

_PAYMENT = [{"amount": 10, "description": "x", "due_at": "2027-01-01"}]

BAD_REQUESTS: tuple[tuple[Case, str], ...] = (
    (Case("POST", f"{V1}/projects", {"board_id": "{ops}", "phase_id": "{todo}"}), "'title'"),
    (Case("POST", f"{V1}/projects", {"title": "X", "phase_id": "{todo}"}), "'board_id'"),
    (
        Case(
            "POST", f"{V1}/projects", {"title": "X", "board_id": "{ops}", "phase_id": "{kickoff}"}
        ),
        "'phase_id'",
    ),
    (
        Case(
            "POST",
            f"{V1}/projects",
            {"title": "X", "board_id": "{ops}", "phase_id": "{todo}", "status": "paused"},
        ),
        "'status'",
    ),
    (
        Case(
            "POST",
            f"{V1}/projects",
            {"title": "X", "board_id": "{ops}", "phase_id": "{todo}", "deal_ids": [987654]},
        ),
        "'deal_ids'",
    ),
    (Case("PUT", f"{V1}/projects/{{onboarding}}", {"start_date": "01.12.2026"}), "'start_date'"),
    (Case("PUT", f"{V1}/projects/{{onboarding}}", {"board_id": "{ops}"}), "'phase_id'"),
    (Case("GET", f"{V1}/projects/phases"), "'board_id'"),
    (
        Case("PUT", f"{V1}/projects/{{onboarding}}/plan/tasks/{{go_live}}", {"phase_id": "{todo}"}),
        "'phase_id'",
    ),
    (Case("POST", f"{V1}/products/{{widget}}/followers", {}), "'user_id'"),
    (Case("POST", f"{V1}/products/{{widget}}/followers", {"user_id": "{user_a}"}), "'user_id'"),
    (
        Case(
            "POST",
            f"{V1}/subscriptions/recurring",
            {
                "deal_id": "{deal_free}",
                "currency": "EUR",
                "cycle_amount": 1,
                "start_date": "2027-01-01",
            },
        ),
        "'cadence_type'",
    ),
    (
        Case(
            "POST",
            f"{V1}/subscriptions/recurring",
            {
                "deal_id": "{deal_free}",
                "currency": "EUR",
                "cadence_type": "monthly",
                "cycle_amount": 1,
                "start_date": "2027-01-01",
                "cycles_count": 2,
                "infinite": True,
            },
        ),
        "'infinite'",
    ),
    (
        Case(
            "POST",
            f"{V1}/subscriptions/installment",
            {"deal_id": "{deal_recurring}", "currency": "EUR", "payments": _PAYMENT},
        ),
        "'deal_id'",
    ),
    (
        Case(
            "POST", f"{V1}/subscriptions/installment", {"deal_id": "{deal_free}", "currency": "EUR"}
        ),
        "'payments'",
    ),
    (
        Case("PUT", f"{V1}/subscriptions/recurring/{{recurring}}", {"cycle_amount": 5}),
        "'effective_date'",
    ),
    (
        Case("PUT", f"{V1}/subscriptions/installment/{{recurring}}", {"payments": _PAYMENT}),
        "is a recurring subscription",
    ),
)


@pytest.mark.parametrize(("case", "names"), BAD_REQUESTS, ids=[c.id for c, _ in BAD_REQUESTS])
async def test_bad_field_is_400_naming_it(
    api: ContractClient, ids: dict[str, int], case: Case, names: str
) -> None:
    body = await api.call(
        case.method,
        fill(case.path, ids),
        json=fill(case.json, ids),
        params=fill(case.params, ids),
        expect=400,
        check_request=False,
    )
    assert names in body["error"]


WRITE_RESULTS: tuple[tuple[Case, Any], ...] = (
    # FACTS.md §9: the delete example answers only the id.
    (Case("DELETE", f"{V1}/projects/{{migration}}"), {"id": "{migration}"}),
    # FACTS.md §12 item 12: the v1 follower delete takes and answers the relationship id.
    (
        Case("DELETE", f"{V1}/products/{{widget}}/followers/{{follower_a}}"),
        {"id": "{follower_a}"},
    ),
    (
        Case(
            "PUT",
            f"{V1}/projects/{{onboarding}}/plan/tasks/{{go_live}}",
            {"phase_id": "{rollout}", "group_id": "{week2}"},
        ),
        {
            "item_id": "{go_live}",
            "item_type": "task",
            "phase_id": "{rollout}",
            "group_id": "{week2}",
        },
    ),
    (Case("GET", f"{V1}/products/{{widget}}/permittedUsers"), ["{user_a}", "{user_b}", "{user_c}"]),
)


@pytest.mark.parametrize(("case", "expected"), WRITE_RESULTS, ids=[c.id for c, _ in WRITE_RESULTS])
async def test_write_returns_documented_data(
    api: ContractClient, ids: dict[str, int], case: Case, expected: Any
) -> None:
    body = await api.call(case.method, fill(case.path, ids), json=fill(case.json, ids))
    assert body["data"] == fill(expected, ids)


async def test_project_writes_read_back(api: ContractClient, ids: dict[str, int]) -> None:
    created = await api.call(
        "POST",
        f"{V1}/projects",
        json={"title": "New", "board_id": ids["ops"], "phase_id": ids["todo"], "labels": [4]},
    )
    project = created["data"]
    assert (project["title"], project["status"], project["labels"]) == ("New", "open", [4])
    assert project["archive_time"] is None
    archived = await api.call("POST", f"{V1}/projects/{project['id']}/archive")
    assert archived["data"]["archive_time"] is not None
    listed = await api.call("GET", f"{V1}/projects")
    assert project["id"] not in [p["id"] for p in listed["data"]]
    await api.call("DELETE", f"{V1}/projects/{project['id']}")
    deleted = await api.call("GET", f"{V1}/projects", params={"status": "deleted"})
    assert [p["id"] for p in deleted["data"]] == [project["id"]]


async def test_follower_post_answers_the_relationship(
    api: ContractClient, ids: dict[str, int]
) -> None:
    body = await api.call(
        "POST", f"{V1}/products/{ids['widget']}/followers", json={"user_id": ids["user_c"]}
    )
    follower = body["data"]
    assert (follower["user_id"], follower["product_id"]) == (ids["user_c"], ids["widget"])
    assert follower["id"] not in (ids["follower_a"], ids["follower_b"])


CURSOR_LISTS = [f"{V1}/projects", f"{V1}/projectTemplates"]


@pytest.mark.parametrize("path", CURSOR_LISTS)
async def test_cursor_pages_cover_the_list_once(api: ContractClient, path: str) -> None:
    whole = await api.call("GET", path)
    expected = [item["id"] for item in whole["data"]]
    assert len(expected) >= 2 and whole["additional_data"]["next_cursor"] is None
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 1}
    for _ in range(len(expected) + 1):
        page = await api.call("GET", path, params=params)
        seen += [item["id"] for item in page["data"]]
        cursor = page["additional_data"]["next_cursor"]
        if cursor is None:
            break
        params = {"limit": 1, "cursor": cursor}
    assert seen == expected


async def test_followers_offset_pages(api: ContractClient, ids: dict[str, int]) -> None:
    path = f"{V1}/products/{ids['widget']}/followers"
    first = await api.call("GET", path, params={"start": 0, "limit": 1})
    assert first["additional_data"]["pagination"] == {
        "start": 0,
        "limit": 1,
        "more_items_in_collection": True,
        "next_start": 1,
    }
    second = await api.call("GET", path, params={"start": 1, "limit": 1})
    assert [f["id"] for f in first["data"] + second["data"]] == [
        ids["follower_a"],
        ids["follower_b"],
    ]


@pytest.mark.parametrize(("mode", "status"), [("gone", 410), ("unknown", 404)])
@pytest.mark.parametrize("case", SUBSCRIPTION_CASES, ids=lambda case: case.id)
async def test_removed_subscriptions_api(
    anyio_backend: str, case: Case, mode: str, status: int
) -> None:
    # Pipedrive removed the API in 2025 (FACTS.md §10): every path answers in the envelope.
    any_ids = {"deal_free": 103, "deal_recurring": 101, "recurring": 1, "installment": 2}
    transport = httpx.ASGITransport(app=make_app(subscriptions_api=mode))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers={"x-api-token": TOKEN}
    ) as http:
        body = await ContractClient(http).call(
            case.method, fill(case.path, any_ids), json=fill(case.json, any_ids), expect=status
        )
    assert body["success"] is False
