"""Planning custom fields, pure: matching within an entity, type changes, system fields,
options by label, dangling pipeline and stage names, and the data-loss guard."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from reconciler.errors import GuardRefused, PlanError
from reconciler.kinds.fields.desired import FIELD
from reconciler.kinds.fields.payloads import FieldWrite
from reconciler.planning.guards import check_apply, refusals
from reconciler.state import Resource
from tests.unit.planning.planning_builders import change, desired, live, pipeline, plan, rows, stage

SALES = (pipeline(1, "Sales"), stage(11, "Sales", "Lead", 1, pipeline_id=1),
         stage(12, "Sales", "Won", 2, pipeline_id=1))  # fmt: skip
PIPELINES = [{"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won"}]}]


def field(entity: str, name: str, code: str, **values: Any) -> Resource:
    base = {"name": name, "entity": entity, "code": code, "type": "varchar", "system": False,
            "add_visible": False, "details_visible": True, "required": False}  # fmt: skip
    if entity == "deal":
        base |= {"description": None, "pipelines": "all", "important": False, "required_on": {}}
    if "options" in values:
        values["option_ids"] = {label: i for i, label in enumerate(values["options"], start=1)}
    return Resource(FIELD, (entity, name), base | values)


def config(**fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {"pipelines": PIPELINES, "fields": fields}


def test_options_match_by_label_renames_keep_the_id_and_removals_destroy_data():
    state = live(
        *SALES, field("deal", "Priority", "c1", type="enum", options=("Low", "Urgent", "Old"))
    )
    options = ["Low", {"label": "High", "renamed_from": ["Urgent"]}, "New"]
    wanted = config(deal=[{"name": "Priority", "type": "enum", "options": options}])
    found = change(plan(wanted, state), "field/deal/Priority")
    assert found.destroys_data
    assert found.payload == FieldWrite("deal", "c1", ("New",), ((2, "High"),), (3,))
    assert any("'Urgent' is renamed to 'High'" in note for note in found.notes)


def test_a_changed_type_is_a_plan_error_that_says_how_to_migrate():
    state = live(*SALES, field("person", "Score", "c1", type="varchar"))
    with pytest.raises(PlanError) as caught:
        plan(config(person=[{"name": "Score", "type": "double"}]), state)
    assert "cannot convert" in str(caught.value) and "new field under a new name" in str(
        caught.value
    )


def test_dangling_pipeline_and_stage_names_are_plan_errors():
    wanted = config(deal=[{"name": "X", "type": "text", "important": {"Sales": ["Nowhere"]},
                           "required_on": {"Gone": ["won"]}}])  # fmt: skip
    with pytest.raises(PlanError) as caught:
        plan(wanted, live(*SALES))
    text = str(caught.value)
    assert "stage 'Nowhere' of pipeline 'Sales'" in text and "pipeline 'Gone'" in text


def test_stages_created_in_the_same_run_may_be_named():
    stages = [{"name": "Lead"}, {"name": "Won"}, {"name": "Late"}]
    late = {"name": "X", "type": "text", "required": {"Sales": ["Late"]}}
    wanted = {"pipelines": [{"name": "Sales", "stages": stages}], "fields": {"deal": [late]}}
    made = plan(wanted, live(*SALES))
    assert [a for a, action, _ in rows(made)] == ["stage/Sales/Late", "field/deal/X"]


def test_system_fields_take_settings_only_and_are_never_unmanaged_or_deleted():
    value = field("deal", "Value", "value", type="monetary", system=True)
    state = live(*SALES, value, field("deal", "Extra", "c9"))
    made = plan({**config(deal=[{"name": "Value", "important": True}]), "prune": ["fields"]}, state)
    assert [(a, action) for a, action, _ in rows(made)] == [
        ("field/deal/Value", "update"),
        ("field/deal/Extra", "delete"),
    ]
    with pytest.raises(PlanError, match="system field"):
        plan(config(deal=[{"name": "Amount", "renamed_from": ["Value"]}]), state)
    kept = plan(config(deal=[{"name": "Value", "important": True}]), state)
    assert kept.unmanaged == ("field/deal/Extra",)


def test_a_code_pin_matches_across_names_and_entities_are_apart():
    state = live(*SALES, field("deal", "Old", "c1"), field("person", "Old", "c2"))
    made = plan(config(deal=[{"name": "New", "code": "c1", "type": "varchar"}]), state)
    assert rows(made) == [("field/deal/New", "update", {"name": ("Old", "New")})]


def test_two_live_fields_sharing_a_name_need_a_code_pin():
    state = live(*SALES, field("deal", "Twin", "c1"), field("deal", "Twin", "c2"))
    with pytest.raises(PlanError, match="codes c1, c2"):
        plan(config(deal=[{"name": "Twin", "type": "varchar"}]), state)
    pinned = plan(config(deal=[{"name": "Twin", "code": "c2", "add_visible": True}]), state)
    assert rows(pinned) == [("field/deal/Twin", "update", {"add_visible": (False, True)})]


def test_a_field_differing_only_in_case_is_warned_about():
    state = live(*SALES, field("person", "lead Source ", "c1"))
    made = plan(config(person=[{"name": "Lead source", "type": "varchar"}]), state)
    assert [a for a, action, _ in rows(made)] == ["field/person/Lead source"]
    [warning] = made.warnings
    assert (
        "field/person/Lead source is created although the live custom field 'lead Source '"
        in warning
    )
    assert "(code c1) differs from it only in case and surrounding whitespace" in warning
    assert (
        "add renamed_from or code: to match it (renamed_from: [lead Source ] or code: c1)"
        in warning
    )


def test_a_pipeline_rename_is_not_a_change_of_the_fields_naming_it():
    state = live(
        *SALES, field("deal", "X", "c1", pipelines=("Sales",), important={"Sales": ["Won"]})
    )
    wanted = {"pipelines": [{"name": "Deals", "renamed_from": ["Sales"],
                             "stages": [{"name": "Lead"}, {"name": "Won"}]}],
              "fields": {"deal": [{"name": "X", "pipelines": ["Deals"],
                                   "important": {"Deals": ["Won"]}}]}}  # fmt: skip
    assert [a for a, _, _ in rows(plan(wanted, state))] == ["pipeline/Deals"]


def test_the_data_loss_guard_refuses_unless_allowed():
    state = live(*SALES, field("deal", "Gone", "c1"))
    wanted = {"prune": ["fields"], "fields": {"deal": [{"name": "Kept", "type": "text"}]}}
    made = plan(wanted, state)
    found = refusals(made, desired(wanted), state)
    assert [r.guard for r in found] == ["data-loss"]
    guarded = dataclasses.replace(made, refusals=tuple(found))
    with pytest.raises(GuardRefused, match="--allow-data-loss"):
        check_apply(guarded)
    check_apply(guarded, allow_data_loss=True)
