"""build_desired: the config as state resources, with origins."""

from __future__ import annotations

from planning_builders import desired

from reconciler.state import entry_key


def by_address(state):
    return {r.address: r for r in state.resources}


def test_pipelines_and_stages_shapes():
    state = desired(
        {
            "api": {"stages": "v1"},
            "prune": ["pipelines", "roles"],
            "guards": {"max_delete_percent": 10, "min_existing": 3},
            "pipelines": [
                {
                    "name": "Sales",
                    "deal_probability": True,
                    "id": 7,
                    "renamed_from": ["Old"],
                    "stages": [
                        {"name": "Lead", "deal_probability": 10, "rotten_days": 14},
                        {"name": "Won", "protect": True},
                    ],
                },
                {"name": "Support"},
                {"name": "Empty", "stages": []},
            ],
        }
    )
    got = by_address(state)
    assert dict(got["pipeline/Sales"].fields) == {"name": "Sales", "deal_probability": True}
    assert got["pipeline/Sales"].id == 7
    assert got["pipeline/Sales"].renamed_from == ("Old",)
    assert got["pipeline/Sales"].origin == "cfg.yaml:pipelines.0"
    assert dict(got["pipeline/Support"].fields) == {"name": "Support"}
    assert dict(got["stage/Sales/Lead"].fields) == {
        "name": "Lead",
        "pipeline": "Sales",
        "rotten_days": 14,
        "position": 1,
        "deal_probability": 10,
    }
    won = got["stage/Sales/Won"]
    assert dict(won.fields) == {
        "name": "Won",
        "pipeline": "Sales",
        "rotten_days": None,
        "position": 2,
    }
    assert won.protect and won.origin == "cfg.yaml:pipelines.0.stages.1"
    assert state.authoritative == frozenset({"pipeline/Sales", "pipeline/Empty"})
    assert state.prune == frozenset({"pipeline", "role"})
    assert (state.stages_api, state.max_delete_percent, state.min_existing) == ("v1", 10, 3)


def test_roles_and_aspects_shapes():
    state = desired(
        {
            "roles": [
                {"name": "Boss", "parent": None, "settings": {"deal_default_visibility": 7}},
                {
                    "name": "Rep",
                    "parent": "Boss",
                    "pipelines": {"visible": ["B", "A", "B"]},
                    "members": ["Alice@Example.com", 42],
                    "protect": True,
                },
                {"name": "Free"},
            ]
        }
    )
    got = by_address(state)
    assert dict(got["role/Boss"].fields) == {"name": "Boss", "parent": None}
    assert dict(got["role/Rep"].fields) == {"name": "Rep", "parent": "Boss"}
    assert dict(got["role/Free"].fields) == {"name": "Free"}  # parent absent: unmanaged
    assert got["role/Rep"].protect
    assert dict(got["role_settings/Boss"].fields) == {"deal_default_visibility": 7}
    assert dict(got["role_pipelines/Rep"].fields) == {"visible": ("A", "B")}
    assert dict(got["role_members/Rep"].fields) == {"members": ("alice@example.com", 42)}
    assert "role_settings/Rep" not in got and "role_members/Free" not in got
    origins = state.entry_origins
    assert origins[entry_key("role_members/Rep", "members", 42)] == "cfg.yaml:roles.1.members.1"
    assert origins[entry_key("role_pipelines/Rep", "visible", "A")].endswith("visible.1")
    assert state.origin_of(got["role/Rep"], "parent") == "cfg.yaml:roles.1.parent"
