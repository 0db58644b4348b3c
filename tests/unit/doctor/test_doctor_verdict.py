"""The doctor's verdict from findings, without a server: what blocks a plan, what the tool
cannot do, and how each check reads."""

from __future__ import annotations

from reconciler.api.limits import RateLimits
from reconciler.doctor.findings import ApiState, ConfigFacts, Findings, PlanFacts, Who
from reconciler.doctor.report import build_report
from reconciler.doctor.verdict import admin_only_kinds
from reconciler.kinds import NAMES as KINDS
from reconciler.planning.provenance import Company

ALL_SERVED = {
    area: ApiState("served", f"GET {area}: 200")
    for area in ("v2", "v1_stages", "projects", "subscriptions")
}


def _found(**changes: object) -> Findings:
    found = Findings("https://acme.pipedrive.com", "api_token")
    found.who = Who(7, "Ann", "ann@acme.example", 2, Company(1, "Acme", "acme"), True)
    found.admin, found.admin_evidence = True, "GET /api/v1/roles/2: 200"
    found.apis = dict(ALL_SERVED)
    found.burst_limit, found.daily_limit, found.daily_remaining = 100, 300_000, 250_000
    for name, value in changes.items():
        setattr(found, name, value)
    return found


def test_admin_only_kinds_come_from_the_documents_scopes() -> None:
    assert admin_only_kinds(KINDS) == [
        "pipeline",
        "stage",
        "role",
        "role_settings",
        "role_pipelines",
        "role_members",
        "activity_type",
        "webhook",
    ]
    assert admin_only_kinds(KINDS, "v1")[:2] == ["pipeline", "stage"]


def test_a_healthy_company_can_plan_and_names_its_plan() -> None:
    report = build_report(_found())
    assert report.can_plan and report.cannot == ()
    burst = next(c for c in report.checks if c.name == "burst")
    assert burst.summary == "100 requests per 2 seconds (the Premium plan's, for an API token)"
    token = report.checks[0]
    assert (
        token.summary
        == "API token of Ann <ann@acme.example> (user 7) in Acme (acme.pipedrive.com, id 1)"
    )


def test_an_oauth_burst_limit_names_the_plan_by_the_oauth_table() -> None:
    report = build_report(_found(credential="oauth", burst_limit=160))
    burst = next(c for c in report.checks if c.name == "burst")
    assert "(the Growth plan's, for an OAuth access token)" in burst.summary


def test_v2_not_served_blocks_a_config_of_pipelines_but_suggests_v1() -> None:
    apis = {**ALL_SERVED, "v2": ApiState("not_served", "GET /api/v2/pipelines: 404 x")}
    config = ConfigFacts("cfg", kinds=("pipeline", "stage"))
    report = build_report(_found(apis=apis, config=config))
    assert not report.can_plan
    assert report.problems[0].startswith("the config manages pipelines with stages API v2")
    assert any("--stages-api v1 still works" in item for item in report.cannot)
    assert next(c for c in report.checks if c.name == "v2").status == "fail"


def test_projects_unavailable_only_matter_to_a_config_with_projects() -> None:
    apis = {**ALL_SERVED, "projects": ApiState("unavailable", "GET /api/v1/projects: 402 x")}
    without = build_report(_found(apis=apis, config=ConfigFacts("cfg", kinds=("role",))))
    assert without.can_plan
    assert next(c for c in without.checks if c.name == "projects").status == "warn"
    with_projects = build_report(_found(apis=apis, config=ConfigFacts("cfg", kinds=("project",))))
    assert with_projects.problems == (
        "the config manages projects, and Projects do not answer here",
    )


def test_an_unknown_answer_is_said_not_guessed() -> None:
    apis = {**ALL_SERVED, "v1_stages": ApiState("unknown", "GET /api/v1/stages: 503 down")}
    report = build_report(_found(apis=apis, admin=None, admin_evidence="GET /roles/2: 500 x"))
    assert report.can_plan
    assert (
        "tell whether the v1 stages API is served (GET /api/v1/stages: 503 down)" in report.cannot
    )
    assert "tell whether the token's user is an admin (GET /roles/2: 500 x)" in report.cannot


def test_missing_budget_headers_are_a_warning() -> None:
    report = build_report(_found(daily_remaining=None, daily_limit=None))
    assert report.can_plan
    budget = next(c for c in report.checks if c.name == "budget")
    assert (budget.status, budget.summary) == ("warn", "not stated in Pipedrive's answers")


def test_a_plan_that_fits_the_budget_but_its_apply_does_not() -> None:
    config = ConfigFacts("cfg", kinds=("role",), plan=PlanFacts(100, 500, 12, 0))
    report = build_report(_found(config=config, daily_remaining=400))
    assert report.can_plan
    assert report.cannot == (
        "apply this config today: it needs about 600 tokens (reading 100, writing 500) and "
        "400 are left",
    )


def test_rate_limits_keep_what_a_later_answer_leaves_out() -> None:
    limits = RateLimits()
    limits.observe({"x-ratelimit-limit": "40", "x-daily-ratelimit-token-remaining": "90"})
    limits.observe(
        {"x-daily-ratelimit-token-remaining": "oops", "x-daily-ratelimit-token-limit": "100"}
    )
    assert (limits.burst_limit, limits.daily_limit, limits.daily_remaining) == (40, 100, 90)
    limits.observe({"x-daily-ratelimit-token-remaining": "0"})
    assert limits.daily_remaining == 0


def test_an_oauth_token_refused_admin_operations_may_lack_the_scope() -> None:
    found = _found(credential="oauth", admin=False, admin_evidence="GET /roles/2: 403 no")
    admin = next(c for c in build_report(found).checks if c.name == "admin")
    assert admin.summary == (
        "not an admin (or the OAuth app lacks the admin scope): roles are refused "
        "(GET /roles/2: 403 no)"
    )
