"""Pipelines and stages: table-driven rows of (config, live, expected changes)."""

from __future__ import annotations

import pytest
from planning_builders import change, live, pipeline, plan, rows, stage

from reconciler.errors import PlanError


def sales(*stages, **extra):
    return {"pipelines": [{"name": "Sales", **extra, "stages": list(stages)}]}


LEAD = {"name": "Lead", "deal_probability": 10, "rotten_days": 14}
WON = {"name": "Won", "deal_probability": 100}


def lead(pos=1, pid=10, pname="Sales", **kw):
    kw.setdefault("rotten_days", 14)
    kw.setdefault("deal_probability", 10)
    return stage(21, pname, "Lead", pos, pipeline_id=pid, **kw)


def won(pos=2, pid=10, pname="Sales", **kw):
    return stage(22, pname, "Won", pos, pipeline_id=pid, **kw)


CASES = {
    "in sync, sloppy live values are not drift": (
        sales(LEAD, WON, deal_probability=True),
        live(
            pipeline(10, "Sales", deal_probability=1),
            lead("1", rotten_days="14", deal_probability="10"),
            won("2", deal_probability="100"),
        ),
        [],
    ),
    "create pipeline and its stages in order": (
        sales(LEAD, WON),
        live(),
        [
            ("pipeline/Sales", "create", {}),
            ("stage/Sales/Lead", "create", {}),
            ("stage/Sales/Won", "create", {}),
        ],
    ),
    "update deal_probability of a pipeline": (
        {"pipelines": [{"name": "Sales", "deal_probability": True}]},
        live(pipeline(10, "Sales", deal_probability="0")),
        [("pipeline/Sales", "update", {"deal_probability": (False, True)})],
    ),
    "pipeline rename keeps its stages": (
        sales(LEAD, WON, renamed_from=["Old"]),
        live(pipeline(10, "Old"), lead(pname="Old"), won(pname="Old")),
        [("pipeline/Sales", "update", {"name": ("Old", "Sales")})],
    ),
    "pin renames a pipeline": (
        {"pipelines": [{"name": "Sales", "id": 10}]},
        live(pipeline(10, "Other"), pipeline(11, "Sales")),
        [("pipeline/Sales", "update", {"name": ("Other", "Sales")})],
    ),
    "stage rename through renamed_from": (
        sales(LEAD, {**WON, "renamed_from": ["Closed"]}),
        live(pipeline(10, "Sales"), lead(), stage(22, "Sales", "Closed", 2, pipeline_id=10)),
        [("stage/Sales/Won", "update", {"name": ("Closed", "Won")})],
    ),
    "undeclared stage of a declared list is deleted": (
        sales(LEAD),
        live(pipeline(10, "Sales"), lead(), won()),
        [("stage/Sales/Won", "delete", {})],
    ),
    "stages of a pipeline without a stage list are unmanaged": (
        {"pipelines": [{"name": "Sales"}]},
        live(pipeline(10, "Sales"), lead(), won()),
        [],
    ),
    "rotten_days is always managed, deal_probability only when declared": (
        sales({"name": "Lead"}),
        live(pipeline(10, "Sales"), lead(deal_probability=55)),
        [("stage/Sales/Lead", "update", {"rotten_days": (14, None)})],
    ),
    "rotten_days 0 live is rotting off": (
        sales({"name": "Lead"}),
        live(pipeline(10, "Sales"), lead(rotten_days=0)),
        [],
    ),
    "stages match within their own pipeline": (
        {
            "pipelines": [
                {"name": "Sales", "stages": [WON]},
                {"name": "Support", "stages": [WON]},
            ]
        },
        live(pipeline(10, "Sales"), pipeline(11, "Support"), won(pid=11, pname="Support")),
        [("stage/Sales/Won", "create", {})],
    ),
    "undeclared pipelines are deleted when pruned": (
        {"prune": ["pipelines"], "pipelines": [{"name": "Sales"}]},
        live(pipeline(10, "Sales"), pipeline(11, "Legacy"), lead(pid=11, pname="Legacy")),
        [("pipeline/Legacy", "delete", {})],
    ),
    "undeclared pipelines are unmanaged otherwise": (
        {"pipelines": [{"name": "Sales"}]},
        live(pipeline(10, "Sales"), pipeline(11, "Legacy")),
        [],
    ),
}


@pytest.mark.parametrize("config, state, expected", CASES.values(), ids=CASES.keys())
def test_pipeline_rows(config, state, expected):
    assert rows(plan(config, state)) == expected


def test_unmanaged_and_pruned_pipeline_details():
    p = plan(
        {"pipelines": [{"name": "Sales"}]}, live(pipeline(10, "Sales"), pipeline(11, "Legacy"))
    )
    assert p.unmanaged == ("pipeline/Legacy",)
    pruned = plan(
        {"prune": ["pipelines"], "pipelines": [{"name": "Sales"}]},
        live(pipeline(10, "Sales"), pipeline(11, "Legacy"), lead(pid=11, pname="Legacy")),
    )
    deleted = change(pruned, "pipeline/Legacy")
    assert deleted.id == 11 and pruned.unmanaged == ()
    assert deleted.payload.stage_ids == (21,)
    assert deleted.notes == ("its stages are deleted with it: Lead",)


def test_create_carries_all_declared_fields():
    p = plan(sales(LEAD, WON, deal_probability=True), live())
    assert dict(change(p, "pipeline/Sales").after) == {"name": "Sales", "deal_probability": True}
    assert dict(change(p, "stage/Sales/Won").after) == {
        "name": "Won",
        "pipeline": "Sales",
        "rotten_days": None,
        "position": 2,
        "deal_probability": 100,
    }


def test_missing_pin_names_origin():
    with pytest.raises(PlanError) as err:
        plan({"pipelines": [{"name": "Sales", "id": 99}]}, live(pipeline(10, "Sales")))
    assert "cfg.yaml:pipelines.0" in str(err.value) and "99" in str(err.value)


def test_ambiguous_live_names_name_both_ids_and_origin():
    with pytest.raises(PlanError) as err:
        plan({"pipelines": [{"name": "Sales"}]}, live(pipeline(10, "Sales"), pipeline(11, "Sales")))
    text = str(err.value)
    assert "10" in text and "11" in text and "cfg.yaml:pipelines.0" in text


def test_ambiguous_stage_names_within_a_pipeline():
    state = live(pipeline(10, "Sales"), won(), stage(23, "Sales", "Won", 3, pipeline_id=10))
    with pytest.raises(PlanError) as err:
        plan(sales(WON), state)
    assert "22" in str(err.value) and "23" in str(err.value)
    assert "cfg.yaml:pipelines.0.stages.0" in str(err.value)


def test_a_pin_resolves_an_ambiguity():
    state = live(pipeline(10, "Sales"), pipeline(11, "Sales"))
    p = plan({"prune": ["pipelines"], "pipelines": [{"name": "Sales", "id": 11}]}, state)
    assert [(c.address, c.action.value, c.id) for c in p.changes] == [
        ("pipeline/Sales", "delete", 10)
    ]


# --- stage order -------------------------------------------------------------------------

SWAPPED = sales(WON, LEAD)


def test_wrong_order_v1_updates_positions():
    p = plan({**SWAPPED, "api": {"stages": "v1"}}, live(pipeline(10, "Sales"), lead(), won()))
    assert rows(p) == [
        ("stage/Sales/Won", "update", {"position": (2, 1)}),
        ("stage/Sales/Lead", "update", {"position": (1, 2)}),
    ]
    assert p.warnings == ()


def test_wrong_order_v2_warns_and_never_touches_position():
    p = plan(SWAPPED, live(pipeline(10, "Sales"), lead(), won()))
    assert p.changes == ()
    (warning,) = p.warnings
    assert "pipeline/Sales" in warning and "Lead > Won" in warning and "Won > Lead" in warning
    assert "--stages-api v1" in warning and "UI" in warning


def test_gaps_in_order_nr_are_not_drift():
    for api in ("v1", "v2"):
        state = live(pipeline(10, "Sales"), lead(pos=3), won(pos=9))
        p = plan({**sales(LEAD, WON), "api": {"stages": api}}, state)
        assert (p.changes, p.warnings) == ((), ())


def test_new_stage_at_the_end_is_just_a_create():
    for api in ("v1", "v2"):
        state = live(pipeline(10, "Sales"), lead(pos=3), won(pos=9))
        p = plan({**sales(LEAD, WON, {"name": "Lost"}), "api": {"stages": api}}, state)
        assert rows(p) == [("stage/Sales/Lost", "create", {})]
        assert p.warnings == () and not p.changes[0].payload.set_position
        assert p.changes[0].after["position"] == 3


def test_new_stage_before_existing_v1_sets_every_position():
    config = {**sales({"name": "New"}, LEAD, WON), "api": {"stages": "v1"}}
    p = plan(config, live(pipeline(10, "Sales"), lead(), won()))
    assert rows(p) == [
        ("stage/Sales/Lead", "update", {"position": (1, 2)}),
        ("stage/Sales/Won", "update", {"position": (2, 3)}),
        ("stage/Sales/New", "create", {}),
    ]
    assert change(p, "stage/Sales/New").payload.set_position is True


def test_new_stage_before_existing_v2_warns():
    p = plan(sales({"name": "New"}, LEAD, WON), live(pipeline(10, "Sales"), lead(), won()))
    assert rows(p) == [("stage/Sales/New", "create", {})]
    (warning,) = p.warnings
    assert "Lead > Won > New" in warning and "New > Lead > Won" in warning


def test_position_never_in_v2_updates_even_with_other_changes():
    config = sales({**WON, "rotten_days": 3}, LEAD)
    p = plan(config, live(pipeline(10, "Sales"), lead(), won()))
    (update,) = p.changes
    assert [f.path for f in update.fields] == ["rotten_days"]
    assert "position" not in update.before and "position" not in update.after


def test_stage_creates_of_one_pipeline_form_a_chain():
    p = plan(sales(LEAD, WON, {"name": "Lost"}), live())
    stage_orders = [c.order for c in p.changes if c.kind == "stage"]
    groups = [o[:-1] for o in stage_orders]
    assert len(set(groups)) == 3  # one at a time, in list order
    assert [c.key[-1] for c in p.changes if c.kind == "stage"] == ["Lead", "Won", "Lost"]


def test_protected_stage_of_a_renamed_pipeline_is_kept_by_its_live_address():
    """`protected: [stage/Old/Won]` keeps Won when the config renames Old to Sales and drops
    Won; it was deleted because only `stage/Sales/Won` was looked up (property test)."""
    config = {**sales(LEAD, renamed_from=["Old"]), "protected": ["stage/Old/Won"]}
    result = plan(config, live(pipeline(10, "Old"), lead(pname="Old"), won(pname="Old")))
    assert [c.address for c in result.changes if c.action.value == "delete"] == []
    assert result.protected == ("stage/Sales/Won",)
