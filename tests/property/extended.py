"""Hypothesis strategies for the extended kinds: projects, product followers, subscriptions.

The seed's read-only world is fixed (two boards with phases, a template, two products, five
deals, groups and tasks for every live project); what varies is the live projects,
followers and subscriptions, and the config that keeps, renames, drops and adds projects
(board, phase, owner by email or id, status, description, dates, labels, `archived: true`,
plan placement of tasks, `protect: true`, a `protected:` list), sets product followers, and
declares recurring or installment subscriptions, changed in place, replaced or cancelled,
with prune on or off.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.property.scenarios import Scenario

USERS = [{"name": f"User {i}", "email": f"u{i}@ex.test"} for i in range(3)]
BOARDS = {"Delivery": ["Kickoff", "Rollout", "Done"], "Internal": ["Backlog", "Doing"]}
TITLES = ["ACME onboarding", "Initech trial", "Old migration", "Zürich rollout", "pilot"]
DEALS = [101, 102, 103, 104, 105]
PRODUCTS = [17, 18]
GROUPS = ["Week 1", "Week 2"]
TASKS = ["Kickoff call", "Data import"]
DATES = ["2026-12-01", "2027-01-15", "2027-03-31"]


def _user(draw: st.DrawFn) -> str | int:
    index = draw(st.integers(0, len(USERS) - 1))
    return USERS[index]["email"] if draw(st.booleans()) else index + 1


def _project_fields(draw: st.DrawFn, board: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["phase"] = draw(st.sampled_from(BOARDS[board]))
    if draw(st.booleans()):
        out["owner"] = _user(draw)
    if draw(st.booleans()):
        out["status"] = draw(st.sampled_from(["open", "completed", "canceled"]))
    if draw(st.booleans()):
        out["description"] = draw(st.sampled_from(["", "Kick-off", "Rollout ✓"]))
    if draw(st.booleans()):
        out["start_date"] = draw(st.sampled_from(DATES))
    if draw(st.booleans()):
        out["end_date"] = draw(st.sampled_from(DATES))
    if draw(st.booleans()):
        out["labels"] = draw(st.lists(st.sampled_from([3, 5, 8]), unique=True))
    if draw(st.booleans()):
        out["deals"] = draw(st.lists(st.sampled_from(DEALS), unique=True))
    return out


def _recurring(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {
        "currency": draw(st.sampled_from(["EUR", "USD"])),
        "cadence": draw(st.sampled_from(["monthly", "yearly"])),
        "cycle_amount": draw(st.sampled_from([80, 100, 1200])),
        "start_date": draw(st.sampled_from(DATES)),
    }
    if draw(st.booleans()):
        out["infinite"] = True
    else:
        out["cycles_count"] = draw(st.integers(1, 12))
    if draw(st.booleans()):
        out["description"] = draw(st.sampled_from(["Support plan", "Hosting"]))
    if not draw(st.integers(0, 3)):
        out["payments"] = _installment(draw)["payments"]
    if not draw(st.integers(0, 3)):
        out["update_deal_value"] = draw(st.booleans())
    return out


def _installment(draw: st.DrawFn) -> dict[str, Any]:
    payments = [
        {"amount": draw(st.sampled_from([100, 500])), "due_at": due}
        for due in draw(st.lists(st.sampled_from(DATES), unique=True, min_size=1))
    ]
    return {"currency": draw(st.sampled_from(["EUR", "USD"])), "payments": payments}


def _subscription(draw: st.DrawFn, deal: int, *, allow_cancel: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"deal": deal}
    if draw(st.booleans()):
        out["recurring"] = _recurring(draw)
        if allow_cancel and not draw(st.integers(0, 3)):
            out["cancelled"] = {"end_date": DATES[-1]} if draw(st.booleans()) else {}
    else:
        out["installment"] = _installment(draw)
    return out


@st.composite
def extended_scenarios(draw: st.DrawFn) -> Scenario:
    live_titles = draw(st.lists(st.sampled_from(TITLES), unique=True, max_size=3))
    projects = []
    for title in live_titles:
        board = draw(st.sampled_from(sorted(BOARDS)))
        project = {"title": title, "board": board, **_project_fields(draw, board)}
        project.setdefault("phase", BOARDS[board][0])
        projects.append(project)
    subs_live = [
        _subscription(draw, deal, allow_cancel=True)
        for deal in draw(st.lists(st.sampled_from(DEALS), unique=True))
    ]
    seed: dict[str, Any] = {
        "users": USERS,
        "pipelines": [{"name": "Sales", "stages": [{"name": "Won"}]}],
        "deals": [
            {"id": d, "title": f"Deal {d}", "pipeline": "Sales", "stage": "Won"} for d in DEALS
        ],
        "boards": [{"name": n, "phases": p} for n, p in BOARDS.items()],
        "templates": [{"title": "Standard onboarding", "board": "Delivery"}],
        "products": [
            {
                "id": p,
                "name": f"Product {p}",
                "followers": draw(
                    st.lists(st.sampled_from([u["email"] for u in USERS]), unique=True)
                ),
            }
            for p in PRODUCTS
        ],
        "projects": projects,
        "groups": [{"project": t, "name": g} for t in live_titles for g in GROUPS],
        "tasks": [{"project": t, "title": task} for t in live_titles for task in TASKS],
        "activities": [
            {"id": 9000 + i, "project": t, "subject": "Review"}
            for i, t in enumerate(TITLES)
            if t in live_titles
        ],
        "subscriptions": subs_live,
    }
    prune = draw(st.lists(st.sampled_from(["projects", "subscriptions"]), unique=True))
    config: dict[str, Any] = {"prune": prune}
    config["projects"] = _projects(draw, projects)
    config["products"] = [
        {"id": p, "followers": list({_user(draw) for _ in range(draw(st.integers(0, 3)))})}
        for p in draw(st.lists(st.sampled_from(PRODUCTS), unique=True))
    ]
    if live_titles:
        config["protected"] = [
            f"project/{t}" for t in draw(st.lists(st.sampled_from(live_titles), unique=True))
        ]
    config["subscriptions"] = [
        _subscription(draw, deal, allow_cancel=True)
        for deal in draw(st.lists(st.sampled_from(DEALS), unique=True))
    ]
    return Scenario(seed, config)


def _projects(draw: st.DrawFn, live: list[dict[str, Any]]) -> list[dict[str, Any]]:
    taken = {p["title"] for p in live}
    out = []
    for project in live:
        fate = draw(st.sampled_from(["keep", "keep", "rename", "drop"]))
        if fate == "drop":
            continue
        entry: dict[str, Any] = {"title": project["title"]}
        free = [t for t in TITLES if t not in taken]
        if fate == "rename" and free:
            new = draw(st.sampled_from(free))
            taken.add(new)
            entry = {"title": new, "renamed_from": [project["title"]]}
        board = project["board"]
        if draw(st.booleans()):
            entry["board"] = board = draw(st.sampled_from(sorted(BOARDS)))
            entry["phase"] = draw(st.sampled_from(BOARDS[board]))
        entry = {**_project_fields(draw, board), **entry}
        if draw(st.booleans()):
            tasks = draw(st.lists(st.sampled_from(TASKS), unique=True))
            entry["plan"] = {"tasks": {t: _place(draw, board) for t in tasks}}
            if draw(st.booleans()):
                activity = str(9000 + TITLES.index(project["title"]))
                entry["plan"]["activities"] = {activity: _place(draw, board)}
        if not draw(st.integers(0, 4)):
            entry["archived"] = True
        if not draw(st.integers(0, 4)):
            entry["protect"] = True
        out.append(entry)
    for _ in range(draw(st.integers(0, 2))):
        free = [t for t in TITLES if t not in taken]
        if not free:
            break
        title = draw(st.sampled_from(free))
        taken.add(title)
        board = draw(st.sampled_from(sorted(BOARDS)))
        entry = {"title": title, "board": board, **_project_fields(draw, board)}
        entry.setdefault("phase", BOARDS[board][0])
        if board == "Delivery" and draw(st.booleans()):
            entry["template"] = "Standard onboarding"
        out.append(entry)
    return out


def _place(draw: st.DrawFn, board: str) -> dict[str, str]:
    place: dict[str, str] = {}
    if draw(st.booleans()):
        place["phase"] = draw(st.sampled_from(BOARDS[board]))
    if draw(st.booleans()) or not place:
        place["group"] = draw(st.sampled_from(GROUPS))
    return place
