"""Tables of requests the contract tests send to the sandbox.

Placeholders such as ``{lead}`` name seeded objects (see `conftest.SEED` and the `ids`
fixture); a string that is exactly one placeholder becomes the integer id, any other string
is formatted (``"[{support}]"`` -> ``"[7]"``, the documented string-encoded array).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Any


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    json: dict[str, Any] | None = None  # None: no body
    params: dict[str, Any] | None = None
    label: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        query = "?" + "&".join(f"{k}={v}" for k, v in self.params.items()) if self.params else ""
        return f"{self.method} {self.path}{query}{' ' + self.label if self.label else ''}"

    def path_placeholders(self) -> list[str]:
        return [name for _, name, _, _ in Formatter().parse(self.path) if name]


def _served() -> frozenset[str]:
    from reconciler.sandbox import create_app
    from reconciler.sandbox.validation import served_operations

    return frozenset(operation.key for operation in served_operations(create_app().routes))


# Every operation the sandbox serves, read from its routes (each bound to its documented
# operation): a new route without a success case below fails test_success.
SERVED_OPERATIONS = _served()

V1, V2 = "/api/v1", "/api/v2"
SINCE = {"since_timestamp": "2000-01-01 00:00:00"}

PROJECT_CASES: tuple[Case, ...] = (
    Case("GET", f"{V1}/projects/boards"),
    Case("GET", f"{V1}/projects/boards/{{delivery}}"),
    Case("GET", f"{V1}/projects/phases", params={"board_id": "{delivery}"}),
    Case("GET", f"{V1}/projects/phases/{{kickoff}}"),
    Case("GET", f"{V1}/projectTemplates"),
    Case("GET", f"{V1}/projectTemplates", params={"limit": 1}),
    Case("GET", f"{V1}/projectTemplates/{{template_standard}}"),
    Case("GET", f"{V1}/projects"),
    Case("GET", f"{V1}/projects", params={"limit": 1}),
    Case("GET", f"{V1}/projects", params={"status": "open", "include_archived": "true"}),
    Case("GET", f"{V1}/projects", params={"phase_id": "{kickoff}"}),
    Case("GET", f"{V1}/projects", params={"status": "deleted"}),
    Case("POST", f"{V1}/projects", {"title": "New", "board_id": "{ops}", "phase_id": "{todo}"}),
    Case(
        "POST",
        f"{V1}/projects",
        {
            "title": "Full",
            "board_id": "{delivery}",
            "phase_id": "{rollout}",
            "description": "All keys",
            "status": "open",
            "owner_id": "{user_b}",
            "start_date": "2026-12-01",
            "end_date": "2027-01-31",
            "deal_ids": ["{deal_free}"],
            "org_id": 12,
            "person_id": 34,
            "labels": [1, 2],
            "template_id": "{template_standard}",
        },
        label="every key",
    ),
    Case("GET", f"{V1}/projects/{{onboarding}}"),
    Case("GET", f"{V1}/projects/{{archived}}", label="archived"),
    Case(
        "PUT",
        f"{V1}/projects/{{onboarding}}",
        {"title": "Onboarding EU", "status": "completed", "labels": [], "end_date": "2027-02-28"},
    ),
    Case("PUT", f"{V1}/projects/{{onboarding}}", {"phase_id": "{rollout}"}, label="phase"),
    Case(
        "PUT",
        f"{V1}/projects/{{migration}}",
        {"board_id": "{delivery}", "phase_id": "{kickoff}"},
        label="board",
    ),
    Case("DELETE", f"{V1}/projects/{{migration}}"),
    Case("POST", f"{V1}/projects/{{onboarding}}/archive"),
    Case("GET", f"{V1}/projects/{{onboarding}}/groups"),
    Case("GET", f"{V1}/projects/{{onboarding}}/plan"),
    Case(
        "PUT",
        f"{V1}/projects/{{onboarding}}/plan/tasks/{{go_live}}",
        {"phase_id": "{rollout}", "group_id": "{week2}"},
    ),
    Case(
        "PUT",
        f"{V1}/projects/{{onboarding}}/plan/activities/{{activity}}",
        {"phase_id": "{kickoff}"},
    ),
    Case("GET", f"{V1}/projects/{{onboarding}}/tasks"),
    Case("GET", f"{V1}/projects/{{onboarding}}/activities"),
)

FOLLOWER_CASES: tuple[Case, ...] = (
    Case("GET", f"{V1}/products/{{widget}}/followers"),
    Case("GET", f"{V1}/products/{{widget}}/followers", params={"start": 0, "limit": 1}),
    Case("POST", f"{V1}/products/{{widget}}/followers", {"user_id": "{user_c}"}),
    Case("DELETE", f"{V1}/products/{{widget}}/followers/{{follower_a}}"),
    Case("GET", f"{V1}/products/{{widget}}/permittedUsers"),
    Case("GET", f"{V2}/products"),
    Case("GET", f"{V2}/products", params={"limit": 1, "sort_by": "name"}),
    Case("GET", f"{V2}/products", params={"ids": "{widget}", "owner_id": "{user_a}"}),
    Case("GET", f"{V2}/products", params={"updated_since": "2000-01-01T00:00:00Z"}),
    Case("GET", f"{V2}/products/{{widget}}"),
)

_RECURRING = {"deal_id": "{deal_free}", "currency": "EUR", "cadence_type": "monthly"}
SUBSCRIPTION_CASES: tuple[Case, ...] = (
    Case(
        "POST",
        f"{V1}/subscriptions/recurring",
        {**_RECURRING, "cycle_amount": 100, "cycles_count": 12, "start_date": "2026-12-01"},
    ),
    Case(
        "POST",
        f"{V1}/subscriptions/recurring",
        {
            **_RECURRING,
            "cadence_type": "yearly",
            "cycle_amount": 1200,
            "infinite": True,
            "start_date": "2026-01-01",
            "description": "Licence",
            "payments": [{"amount": 50, "description": "Setup", "due_at": "2026-01-15"}],
            "update_deal_value": True,
        },
        label="infinite",
    ),
    Case(
        "POST",
        f"{V1}/subscriptions/installment",
        {
            "deal_id": "{deal_free}",
            "currency": "USD",
            "payments": [{"amount": 500, "description": "First", "due_at": "2026-12-15"}],
        },
    ),
    Case("GET", f"{V1}/subscriptions/{{recurring}}"),
    Case("GET", f"{V1}/subscriptions/{{installment}}", label="installment"),
    Case("DELETE", f"{V1}/subscriptions/{{installment}}"),
    Case("GET", f"{V1}/subscriptions/find/{{deal_recurring}}"),
    Case("GET", f"{V1}/subscriptions/{{recurring}}/payments"),
    Case("GET", f"{V1}/subscriptions/{{installment}}/payments", label="installment"),
    Case(
        "PUT",
        f"{V1}/subscriptions/recurring/{{recurring}}",
        {"effective_date": "2027-01-01", "cycle_amount": 120, "description": "Support+"},
    ),
    Case(
        "PUT",
        f"{V1}/subscriptions/installment/{{installment}}",
        {"payments": [{"amount": 900, "description": "All", "due_at": "2027-01-01"}]},
    ),
    Case("PUT", f"{V1}/subscriptions/recurring/{{recurring}}/cancel", {"end_date": "2027-01-31"}),
    Case("PUT", f"{V1}/subscriptions/recurring/{{recurring}}/cancel", {}, label="today"),
)

SUCCESS_CASES: tuple[Case, ...] = (
    # Roles (FACTS.md §5)
    Case("GET", f"{V1}/roles"),
    Case("GET", f"{V1}/roles", params={"start": 0, "limit": 1}),
    Case("POST", f"{V1}/roles", {"name": "Analysts"}),
    Case("POST", f"{V1}/roles", {"name": "Juniors", "parent_role_id": "{reps}"}),
    Case("GET", f"{V1}/roles/{{managers}}"),
    Case("PUT", f"{V1}/roles/{{reps}}", {"name": "Sales reps"}),
    Case("PUT", f"{V1}/roles/{{reps}}", {"parent_role_id": None}, label="to top level"),
    Case("DELETE", f"{V1}/roles/{{reps}}"),
    Case("GET", f"{V1}/roles/{{managers}}/assignments"),
    Case("GET", f"{V1}/roles/{{managers}}/assignments", params={"start": 0, "limit": 1}),
    Case("POST", f"{V1}/roles/{{managers}}/assignments", {"user_id": "{user_c}"}),
    Case("DELETE", f"{V1}/roles/{{managers}}/assignments", {"user_id": "{user_a}"}),
    Case("GET", f"{V1}/roles/{{managers}}/settings"),
    Case(
        "POST",
        f"{V1}/roles/{{managers}}/settings",
        {"setting_key": "deal_default_visibility", "value": 1},
    ),
    Case(
        "POST",
        f"{V1}/roles/{{managers}}/settings",
        {"setting_key": "lead_default_visibility", "value": 3},
    ),
    Case("GET", f"{V1}/roles/{{managers}}/pipelines"),
    Case("GET", f"{V1}/roles/{{managers}}/pipelines", params={"visible": "false"}),
    Case(
        "PUT",
        f"{V1}/roles/{{managers}}/pipelines",
        {"visible_pipeline_ids": {"add": "[{support}]", "remove": "[{sales}]"}},
        label="string-encoded arrays",
    ),
    Case(
        "PUT",
        f"{V1}/roles/{{managers}}/pipelines",
        {"visible_pipeline_ids": {"add": ["{support}"]}},
        label="real arrays",
    ),
    # Users, recents (FACTS.md §8)
    Case("GET", f"{V1}/users"),
    Case("GET", f"{V1}/users/me"),
    Case("GET", f"{V1}/users/{{user_b}}"),
    Case("GET", f"{V1}/users/{{user_a}}/roleAssignments"),
    Case("GET", f"{V1}/users/{{user_a}}/roleAssignments", params={"start": 0, "limit": 1}),
    Case("GET", f"{V1}/users/{{user_c}}/roleSettings", label="default role"),
    Case("GET", f"{V1}/users/{{user_a}}/roleSettings"),
    Case("GET", f"{V1}/recents", params=SINCE),
    Case("GET", f"{V1}/recents", params={**SINCE, "items": "stage"}),
    Case("GET", f"{V1}/recents", params={**SINCE, "items": "pipeline", "limit": 1}),
    Case("GET", f"{V1}/recents", params={**SINCE, "items": "user"}),
    # v1 stages and pipelines (FACTS.md §6-§7, V1J)
    Case("GET", f"{V1}/stages"),
    Case("GET", f"{V1}/stages", params={"pipeline_id": "{sales}"}),
    Case("GET", f"{V1}/stages", params={"start": 0, "limit": 1}),
    Case(
        "POST",
        f"{V1}/stages",
        {"name": "Proposal", "pipeline_id": "{sales}", "deal_probability": 50},
    ),
    Case(
        "POST",
        f"{V1}/stages",
        {"name": "Stale", "pipeline_id": "{support}", "rotten_flag": True, "rotten_days": 7},
        label="rotting",
    ),
    Case("DELETE", f"{V1}/stages", params={"ids": "{open}"}),
    Case("DELETE", f"{V1}/stages", params={"ids": "{won},{open}"}, label="two ids"),
    Case("GET", f"{V1}/stages/{{lead}}"),
    Case("GET", f"{V1}/stages/{{won}}", label="not rotting"),
    Case("PUT", f"{V1}/stages/{{lead}}", {"name": "Lead in", "order_nr": 2}),
    Case("PUT", f"{V1}/stages/{{won}}", {"rotten_flag": True, "rotten_days": 3}),
    Case("DELETE", f"{V1}/stages/{{open}}"),
    Case("GET", f"{V1}/stages/{{lead}}/deals"),
    Case("GET", f"{V1}/stages/{{lead}}/deals", params={"everyone": 1, "start": 0, "limit": 2}),
    Case("GET", f"{V1}/pipelines/{{sales}}/deals"),
    Case(
        "GET",
        f"{V1}/pipelines/{{sales}}/deals",
        params={"everyone": 1, "stage_id": "{lead}", "start": 0, "limit": 2},
    ),
    Case("GET", f"{V1}/pipelines"),
    Case("POST", f"{V1}/pipelines", {"name": "Renewals", "deal_probability": 1, "active": 1}),
    Case("GET", f"{V1}/pipelines/{{sales}}"),
    Case("PUT", f"{V1}/pipelines/{{sales}}", {"name": "Sales EU", "deal_probability": 0}),
    Case("PUT", f"{V1}/pipelines/{{support}}", {"order_nr": 0}, label="reorder"),
    Case("DELETE", f"{V1}/pipelines/{{support}}"),
    # v2 stages and pipelines (FACTS.md §6-§7, V2A)
    Case("GET", f"{V2}/stages"),
    Case("GET", f"{V2}/stages", params={"pipeline_id": "{sales}", "sort_by": "order_nr"}),
    Case("GET", f"{V2}/stages", params={"limit": 1}),
    Case(
        "POST",
        f"{V2}/stages",
        {
            "name": "Proposal",
            "pipeline_id": "{sales}",
            "deal_probability": 50,
            "is_deal_rot_enabled": True,
            "days_to_rotten": 5,
        },
    ),
    Case("GET", f"{V2}/stages/{{lead}}"),
    Case("GET", f"{V2}/stages/{{won}}", label="not rotting"),
    Case("PATCH", f"{V2}/stages/{{lead}}", {"name": "Lead in", "deal_probability": 20}),
    Case("PATCH", f"{V2}/stages/{{lead}}", {"is_deal_rot_enabled": False}, label="rot off"),
    Case("DELETE", f"{V2}/stages/{{open}}"),
    Case("GET", f"{V2}/pipelines"),
    Case("GET", f"{V2}/pipelines", params={"limit": 1, "sort_by": "add_time"}),
    Case("POST", f"{V2}/pipelines", {"name": "Renewals", "is_deal_probability_enabled": True}),
    Case("GET", f"{V2}/pipelines/{{sales}}"),
    Case("PATCH", f"{V2}/pipelines/{{sales}}", {"name": "Sales EU"}),
    Case("DELETE", f"{V2}/pipelines/{{support}}"),
    Case("GET", f"{V2}/deals", params={"stage_id": "{lead}"}),
    Case("GET", f"{V2}/deals", params={"stage_id": "{lead}", "limit": 1}),
    Case("GET", f"{V2}/deals", params={"ids": "{deal_recurring},{deal_free}", "person_id": 34}),
    Case("GET", f"{V2}/deals", params={"org_id": 12, "status": "open,won"}),
    Case("GET", f"{V2}/deals", params={"updated_since": "2000-01-01T00:00:00Z"}),
    Case("GET", f"{V2}/deals/{{deal_recurring}}"),
    Case("GET", f"{V2}/deals/{{deal_free}}", label="no person"),
    *PROJECT_CASES,
    *FOLLOWER_CASES,
    *SUBSCRIPTION_CASES,
)

PLACEHOLDERS = frozenset(
    {"managers", "reps", "sales", "support", "lead", "won", "open"}
    | {"user_a", "user_b", "user_c"}
    | {"delivery", "ops", "kickoff", "rollout", "todo", "template_standard", "template_light"}
    | {"onboarding", "migration", "archived", "week1", "week2", "kickoff_call", "go_live"}
    | {"activity", "widget", "follower_a", "follower_b", "recurring", "installment"}
    | {"deal_recurring", "deal_installment", "deal_free"}
)
