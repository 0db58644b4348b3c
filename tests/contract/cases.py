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
    json: dict[str, Any] | list[Any] | None = None  # None: no body
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

# The extended kinds' cases (projects, followers, subscriptions) live in cases_extended, the
# admin kinds' in cases_admin; both join SUCCESS_CASES at the end of this module.

from .cases_admin import ADMIN_CASES  # noqa: E402
from .cases_extended import FOLLOWER_CASES, PROJECT_CASES, SUBSCRIPTION_CASES  # noqa: E402

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
    *ADMIN_CASES,
)

PLACEHOLDERS = frozenset(
    {"managers", "reps", "sales", "support", "lead", "won", "open"}
    | {"user_a", "user_b", "user_c"}
    | {"delivery", "ops", "kickoff", "rollout", "todo", "template_standard", "template_light"}
    | {"onboarding", "migration", "archived", "week1", "week2", "kickoff_call", "go_live"}
    | {"activity", "widget", "follower_a", "follower_b", "recurring", "installment"}
    | {"deal_recurring", "deal_installment", "deal_free"}
    | {f"{entity}_field" for entity in ("deal", "person", "organization", "product", "project")}
    | {"type_demo", "type_call", "label_hot", "webhook_sync"}
)
