"""Request tables for the extended kinds: projects (FACTS.md §9), product followers and
subscriptions (§10). Placeholders as in `cases`."""

from __future__ import annotations

from .cases import V1, V2, Case

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
