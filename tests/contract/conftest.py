"""Fixtures for the contract tests: a seeded in-process sandbox and a checking client.

Every request a contract test sends goes through `ContractClient.call`, which checks the
request body against the documents before sending and the response (status and body)
after, so a test cannot pass on a response the documents do not allow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest

from .cases import PLACEHOLDERS
from .cases_admin import ADMIN_SEED
from .openapi import (
    find_operation,
    query_problems,
    request_problems,
    response_problems,
    split_api_path,
)

TOKEN = "contract-secret-7d1e"

# Config language plus the sandbox-only users and deals (DESIGN.md "Sandbox").
SEED: dict[str, Any] = {
    "pipelines": [
        {
            "name": "Sales",
            "deal_probability": True,
            "stages": [
                {"name": "Lead", "deal_probability": 10, "rotten_days": 14},
                {"name": "Won", "deal_probability": 100},
            ],
        },
        {"name": "Support", "stages": [{"name": "Open"}]},
    ],
    "roles": [
        {
            "name": "Managers",
            "settings": {"deal_default_visibility": 3},
            "pipelines": {"visible": ["Sales"]},
            "members": ["a@example.com"],
        },
        {"name": "Reps", "parent": "Managers", "members": ["b@example.com"]},
    ],
    "users": [
        {"name": "A", "email": "a@example.com"},
        {"name": "B", "email": "b@example.com"},
        {"name": "C", "email": "c@example.com"},
    ],
    "deals": [
        {"pipeline": "Sales", "stage": "Lead", "count": 3},
        {
            "id": 101,
            "title": "ACME",
            "pipeline": "Sales",
            "stage": "Lead",
            "person_id": 34,
            "org_id": 12,
        },
        {"id": 102, "title": "Beta", "pipeline": "Sales", "stage": "Won"},
        {"id": 103, "title": "Gamma", "pipeline": "Sales", "stage": "Lead"},
    ],
    # The projects world (FACTS.md §9) and product followers, subscriptions (§10).
    "boards": [
        {"name": "Delivery", "phases": ["Kickoff", "Rollout"]},
        {"name": "Ops", "phases": ["Todo"]},
    ],
    "templates": [{"title": "Standard", "board": "Delivery"}, {"title": "Light", "board": "Ops"}],
    "projects": [
        {
            "title": "Onboarding",
            "board": "Delivery",
            "phase": "Kickoff",
            "deals": [101],
            "description": "Kick-off",
            "start_date": "2026-12-01",
            "end_date": "2027-01-31",
            "org": 12,
            "person": 34,
            "labels": [3],
            "plan": {"tasks": {"Kickoff call": {"phase": "Kickoff", "group": "Week 1"}}},
        },
        {"title": "Migration", "board": "Ops", "phase": "Todo"},
        {"title": "Archived", "board": "Ops", "phase": "Todo", "archived": True},
    ],
    "groups": [
        {"project": "Onboarding", "name": "Week 1"},
        {"project": "Onboarding", "name": "Week 2"},
    ],
    "tasks": [
        {"project": "Onboarding", "title": "Kickoff call"},
        {"project": "Onboarding", "title": "Go live"},
    ],
    "activities": [{"id": 9001, "project": "Onboarding", "subject": "Call"}],
    "products": [{"id": 17, "name": "Widget", "followers": ["a@example.com", "b@example.com"]}],
    "subscriptions": [
        {
            "deal": 101,
            "recurring": {
                "currency": "EUR",
                "cadence": "monthly",
                "cycle_amount": 100,
                "cycles_count": 3,
                "start_date": "2026-12-01",
                "description": "Support",
            },
        },
        {
            "deal": 102,
            "installment": {
                "currency": "USD",
                "payments": [
                    {"amount": 500, "description": "First", "due_at": "2026-12-15"},
                    {"amount": 250, "description": "Second", "due_at": "2027-01-15"},
                ],
            },
        },
    ],
    **ADMIN_SEED,
}


class ContractClient:
    """An httpx client whose every call is checked against the OpenAPI documents."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.last_response: httpx.Response | None = None

    async def call(
        self,
        method: str,
        url_path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        expect: int | None = None,
        check_request: bool = True,
    ) -> Any:
        """Send, check, return the decoded body.

        `json=None` sends no body. `expect` defaults to the operation's documented success
        status (200 or 201).
        `check_request=False` is for error tests that send an invalid request on purpose.
        """
        version, path = split_api_path(url_path)
        operation = find_operation(version, method, path)
        if check_request and json is not None:
            problems = request_problems(version, method, path, json)
            assert not problems, "test sends an undocumented body:\n" + "\n".join(problems)
        if check_request:
            problems = query_problems(version, method, path, params)
            assert not problems, "test sends undocumented parameters:\n" + "\n".join(problems)
        kwargs: dict[str, Any] = {"params": params}
        if json is not None:
            kwargs["json"] = json
        response = self.last_response = await self.http.request(method, url_path, **kwargs)
        wanted = operation.success_status if expect is None else expect
        assert response.status_code == wanted, (
            f"{operation.key}: status {response.status_code}, documented/expected {wanted}: "
            f"{response.text[:500]}"
        )
        content_type = response.headers.get("content-type", "")
        assert content_type.startswith("application/json"), f"{operation.key}: {content_type}"
        body = response.json()
        problems = response_problems(version, method, path, response.status_code, body)
        assert not problems, "\n".join(problems)
        return body


def make_app(**options: Any) -> Any:
    from reconciler.sandbox import SandboxOptions, create_app

    # A generous burst so rate limiting never interferes with the contract checks.
    settings: dict[str, Any] = {"token": TOKEN, "seed": SEED, "page_cap": None, "burst": 100_000}
    settings.update(options)
    return create_app(SandboxOptions(**settings))


@pytest.fixture
async def api(anyio_backend: str) -> AsyncIterator[ContractClient]:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers={"x-api-token": TOKEN}
    ) as http:
        yield ContractClient(http)


@pytest.fixture
async def ids(api: ContractClient) -> dict[str, int]:
    """Server ids of the seeded objects, read through checked calls."""
    found: dict[str, int] = {}
    roles = await api.call("GET", "/api/v1/roles")
    names = {"Managers": "managers", "Reps": "reps", "(Unassigned users)": "default_role"}
    for role in roles["data"]:
        if role["name"] in names:
            found[names[role["name"]]] = role["id"]
    pipelines = await api.call("GET", "/api/v2/pipelines")
    for pipeline in pipelines["data"]:
        found[pipeline["name"].lower()] = pipeline["id"]
    stages = await api.call("GET", "/api/v2/stages")
    for stage in stages["data"]:
        found[stage["name"].lower()] = stage["id"]
    users = await api.call("GET", "/api/v1/users")
    for user in users["data"]:
        found["user_" + user["email"].split("@")[0]] = user["id"]
    found.update(await _world_ids(api, found))
    found.update(await _admin_ids(api))
    missing = PLACEHOLDERS - found.keys()
    assert not missing, f"seed not visible: missing {missing}"
    return found


async def _world_ids(api: ContractClient, known: dict[str, int]) -> dict[str, int]:
    """Ids of the seeded projects world, followers and subscriptions (conftest.SEED)."""
    found: dict[str, int] = {"widget": 17, "activity": 9001}
    found |= {"deal_recurring": 101, "deal_installment": 102, "deal_free": 103}
    for board in (await api.call("GET", "/api/v1/projects/boards"))["data"]:
        found[board["name"].lower()] = board["id"]
        phases = await api.call("GET", "/api/v1/projects/phases", params={"board_id": board["id"]})
        found |= {phase["name"].lower(): phase["id"] for phase in phases["data"]}
    templates = await api.call("GET", "/api/v1/projectTemplates")
    found |= {"template_" + t["title"].lower(): t["id"] for t in templates["data"]}
    projects = await api.call("GET", "/api/v1/projects", params={"include_archived": "true"})
    found |= {p["title"].lower(): p["id"] for p in projects["data"]}
    groups = await api.call("GET", f"/api/v1/projects/{found['onboarding']}/groups")
    found |= {g["name"].lower().replace(" ", ""): g["id"] for g in groups["data"]}
    tasks = await api.call("GET", f"/api/v1/projects/{found['onboarding']}/tasks")
    found |= {t["title"].lower().replace(" ", "_"): t["id"] for t in tasks["data"]}
    followers = await api.call("GET", "/api/v1/products/17/followers")
    users = {v: k for k, v in known.items() if k.startswith("user_")}
    found |= {"follower_" + users[f["user_id"]][5:]: f["id"] for f in followers["data"]}
    for deal, name in ((101, "recurring"), (102, "installment")):
        found[name] = (await api.call("GET", f"/api/v1/subscriptions/find/{deal}"))["data"]["id"]
    return found


async def _admin_ids(api: ContractClient) -> dict[str, Any]:
    """Codes and ids of the seeded admin kinds (cases_admin.ADMIN_SEED)."""
    found: dict[str, Any] = {}
    for entity in ("deal", "person", "organization", "product", "project"):
        fields = (await api.call("GET", f"/api/v2/{entity}Fields"))["data"]
        custom = [f for f in fields if f["is_custom_field"]]
        found[f"{entity}_field"] = custom[0]["field_code"]
    types = (await api.call("GET", "/api/v1/activityTypes"))["data"]
    found |= {"type_" + t["key_string"]: t["id"] for t in types}
    labels = (await api.call("GET", "/api/v1/leadLabels"))["data"]
    found |= {"label_" + label["name"].lower(): label["id"] for label in labels}
    hooks = (await api.call("GET", "/api/v1/webhooks"))["data"]
    found |= {"webhook_" + h["name"].split()[-1].lower(): h["id"] for h in hooks}
    return found


def fill(value: Any, ids: Mapping[str, int]) -> Any:
    """Put seeded ids into a table entry: `"{lead}"` becomes the int, `"[{lead}]"` a string."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        # Keys too: required_fields.statuses is keyed by pipeline id ("{sales}" -> "7").
        return {key.format(**ids): fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value
