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


# Every operation the sandbox serves (FACTS.md §5-§8, DESIGN.md "The Pipedrive API it speaks").
SERVED_OPERATIONS = frozenset(
    {
        "v1 GET /roles",
        "v1 POST /roles",
        "v1 GET /roles/{id}",
        "v1 PUT /roles/{id}",
        "v1 DELETE /roles/{id}",
        "v1 GET /roles/{id}/assignments",
        "v1 POST /roles/{id}/assignments",
        "v1 DELETE /roles/{id}/assignments",
        "v1 GET /roles/{id}/settings",
        "v1 POST /roles/{id}/settings",
        "v1 GET /roles/{id}/pipelines",
        "v1 PUT /roles/{id}/pipelines",
        "v1 GET /users",
        "v1 GET /users/me",
        "v1 GET /recents",
        "v1 GET /stages",
        "v1 POST /stages",
        "v1 DELETE /stages",
        "v1 GET /stages/{id}",
        "v1 PUT /stages/{id}",
        "v1 DELETE /stages/{id}",
        "v1 GET /stages/{id}/deals",
        "v1 GET /pipelines",
        "v1 POST /pipelines",
        "v1 GET /pipelines/{id}",
        "v1 PUT /pipelines/{id}",
        "v1 DELETE /pipelines/{id}",
        "v2 GET /stages",
        "v2 POST /stages",
        "v2 GET /stages/{id}",
        "v2 PATCH /stages/{id}",
        "v2 DELETE /stages/{id}",
        "v2 GET /pipelines",
        "v2 POST /pipelines",
        "v2 GET /pipelines/{id}",
        "v2 PATCH /pipelines/{id}",
        "v2 DELETE /pipelines/{id}",
        "v2 GET /deals",
    }
)

V1, V2 = "/api/v1", "/api/v2"
SINCE = {"since_timestamp": "2000-01-01 00:00:00"}

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
)

PLACEHOLDERS = frozenset(
    {"managers", "reps", "sales", "support", "lead", "won", "open"} | {"user_a", "user_b", "user_c"}
)
