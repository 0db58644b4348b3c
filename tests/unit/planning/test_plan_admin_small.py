"""Activity types, lead labels and webhooks planned without a server; replacements in the
plan (`replaced`, order, JSON, approval, renderers) and `--replace`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from planning_builders import live, plan, rows, user

from reconciler.errors import PlanError, UsageError
from reconciler.planning.approval import differences
from reconciler.planning.changes import LiveRef
from reconciler.render.json import plan_to_dict
from reconciler.render.json_load import plan_from_dict
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_text
from reconciler.state import Resource

UUID = "4b8f5a3e-5f1c-4c3e-9a61-0d6b4c2e8f10"


def activity_type(
    tid: int, name: str, order: int, *, custom: bool = True, **fields: Any
) -> Resource:
    values = {"name": name, "icon": "call", "color": None, "order_nr": order, "custom": custom}
    return Resource("activity_type", (name,), {**values, **fields}, id=tid)


def label(uuid: str, name: str, color: str) -> Resource:
    return Resource("lead_label", (name,), {"name": name, "color": color, "label_id": uuid})


def webhook(wid: int, name: str, **fields: Any) -> Resource:
    values = {
        "name": name,
        "url": "https://hooks.example.com/a",
        "event": "create.deal",
        "user": "alice@example.com",
        "version": "2.0",
        "http_auth_user": None,
        "http_auth_password": None,
    }
    return Resource("webhook", (name,), {**values, **fields}, id=wid)


ALICE = user(7, "alice@example.com", None)
BOB = user(8, "bob@example.com", None)


def test_activity_types_in_order_need_no_renumbering():
    config = {"activity_types": [{"name": "Call"}, {"name": "Demo", "icon": "presentation"}]}
    state = live(
        activity_type(1, "Call", 1, custom=False), activity_type(9, "Demo", 4, icon="presentation")
    )
    assert rows(plan(config, state)) == []


def test_activity_types_out_of_order_get_their_places():
    config = {"activity_types": [{"name": "Demo"}, {"name": "Call"}]}
    state = live(activity_type(1, "Call", 1, custom=False), activity_type(9, "Demo", 4))
    assert rows(plan(config, state)) == [
        ("activity_type/Call", "update", {"order_nr": (1, 2)}),
        ("activity_type/Demo", "update", {"order_nr": (4, 1)}),
    ]


def test_a_new_type_before_existing_ones_is_placed_after_it_is_created():
    config = {"activity_types": [{"name": "Demo", "icon": "presentation"}, {"name": "Call"}]}
    result = plan(config, live(activity_type(1, "Call", 1, custom=False)))
    created = next(c for c in result.changes if c.action.value == "create")
    assert created.after["order_nr"] == 1
    assert [c.address for c in result.changes] == ["activity_type/Call", "activity_type/Demo"]


def test_new_types_need_an_icon_and_built_in_ones_are_kept_under_prune():
    with pytest.raises(PlanError, match="Pipedrive needs its `icon`"):
        plan({"activity_types": [{"name": "Demo"}]}, live())
    state = live(activity_type(1, "Call", 1, custom=False), activity_type(9, "Old", 2))
    result = plan({"prune": ["activity_types"], "activity_types": []}, state)
    assert rows(result) == [("activity_type/Old", "delete", {})]
    assert result.protected == () and result.unmanaged == ()


def test_colors_compare_in_any_case():
    config = {"activity_types": [{"name": "Demo", "color": "ffd700"}]}
    assert rows(plan(config, live(activity_type(9, "Demo", 1, color="FFD700")))) == []


def test_lead_labels_are_changed_by_their_uuid():
    config = {"prune": ["lead_labels"], "lead_labels": [{"name": "Hot", "color": "purple"}]}
    result = plan(
        config,
        live(
            label(UUID, "Hot", "red"), label("00000000-0000-4000-8000-000000000001", "Old", "gray")
        ),
    )
    update, delete = result.changes
    assert update.id is None and update.payload == LiveRef(UUID)
    assert delete.payload == LiveRef("00000000-0000-4000-8000-000000000001")
    assert delete.notes == ("every lead with this label loses it",)
    document = plan_to_dict(result)
    assert document["changes"][0]["extra"] == {"live_id": UUID}


def test_a_lead_label_pinned_by_uuid_is_renamed():
    config = {"lead_labels": [{"name": "Very hot", "id": UUID.upper()}]}
    assert rows(plan(config, live(label(UUID, "Hot", "red")))) == [
        ("lead_label/Very hot", "update", {"name": ("Hot", "Very hot")})
    ]
    with pytest.raises(PlanError, match="not a live lead label"):
        plan(config, live())


def _hook_config(**changes: Any) -> dict[str, Any]:
    entry = {
        "name": "Deal sync",
        "url": "https://hooks.example.com/a",
        "event": "create.deal",
        "user": "alice@example.com",
        "http_auth": {"user": "hook", "password": "hunter2!"},
    }
    return {"webhooks": [{**entry, **changes}]}


def test_an_unchanged_webhook_with_a_password_plans_nothing():
    state = live(
        webhook(3, "Deal sync", http_auth_user="hook", http_auth_password="(sensitive)"),
        users=(ALICE,),
    )
    assert rows(plan(_hook_config(), state)) == []


def test_a_changed_webhook_is_replaced_delete_first_and_hides_its_password():
    state = live(webhook(3, "Deal sync", http_auth_user="hook"), users=(ALICE, BOB))
    result = plan(_hook_config(user="BOB@example.com"), state)
    delete, create = result.changes
    assert (delete.action.value, create.action.value) == ("delete", "create")
    assert delete.replaced == create.replaced == "Pipedrive cannot update a webhook"
    assert delete.order < create.order
    assert create.payload.to_json() == {"user_id": 8, "password": "(sensitive)"}
    document = plan_to_dict(result)
    assert "hunter2!" not in repr(document) and "hunter2!" not in repr(create)
    assert [c["replace"] for c in document["changes"]] == [delete.replaced] * 2
    assert plan_from_dict(document).changes[0].replaced == delete.replaced
    text = render_text(result)
    assert "-/+ webhook/Deal sync (replaced: Pipedrive cannot update a webhook)" in text
    assert '"alice@example.com" -> "bob@example.com"' in text
    assert "  + webhook/Deal sync" not in text  # the create half is on the -/+ line
    markdown = render_markdown(result)
    assert "-/+ replace" in markdown and "not shown" not in markdown


def test_a_webhook_user_who_is_not_a_user_is_a_plan_error():
    with pytest.raises(PlanError, match="is not a user"):
        plan(_hook_config(user="carol@example.com"), live(users=(ALICE,)))


def test_approval_tells_a_replacement_from_a_plain_delete_and_create():
    state = live(webhook(3, "Deal sync"), users=(ALICE, BOB))
    replaced = plan(_hook_config(user="bob@example.com"), state)
    plain = dataclasses.replace(
        replaced, changes=tuple(dataclasses.replace(c, replaced="") for c in replaced.changes)
    )
    found = differences(plan_from_dict(plan_to_dict(replaced)), plain)
    assert any("replace is" in line for line in found), found


def test_replace_forces_a_webhook_and_a_label_to_be_made_again():
    state = live(webhook(3, "Deal sync", http_auth_user="hook", http_auth_password="(sensitive)"),
                 label(UUID, "Hot", "red"), users=(ALICE,))  # fmt: skip
    config = {**_hook_config(), "lead_labels": [{"name": "Hot", "color": "red"}]}
    result = plan(config, state, replace=["webhook/Deal sync", "lead_label/Hot"])
    assert [(c.address, c.action.value, c.replaced) for c in result.changes] == [
        ("lead_label/Hot", "delete", "--replace"),
        ("lead_label/Hot", "create", "--replace"),
        ("webhook/Deal sync", "delete", "--replace"),
        ("webhook/Deal sync", "create", "--replace"),
    ]
    assert result.changes[0].payload == LiveRef(UUID)
    assert result.changes[3].payload.to_json()["password"] == "(sensitive)"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("webhook/Other", "matches no object the config declares"),
        ("pipeline/Sales", "holds other objects"),
        ("stage/Sales/Won", "holds other objects"),
        ("webhook", "not an address"),
    ],
)
def test_replace_of_what_cannot_be_replaced_is_a_usage_error(address, message):
    with pytest.raises(UsageError, match=message):
        plan(_hook_config(), live(users=(ALICE,)), replace=[address])


def test_replace_of_an_object_about_to_be_created_changes_nothing():
    result = plan(_hook_config(), live(users=(ALICE,)), replace=["webhook/Deal sync"])
    assert [(c.action.value, c.replaced) for c in result.changes] == [("create", "")]


def test_a_saved_forced_replacement_loads_back_as_one():
    # apply --plan plans again with the addresses a saved plan replaced with --replace.
    state = live(
        webhook(3, "Deal sync", http_auth_user="hook", http_auth_password="(sensitive)"),
        users=(ALICE,),
    )
    saved = plan_from_dict(plan_to_dict(plan(_hook_config(), state, replace=["webhook/Deal sync"])))
    assert {c.address for c in saved.changes if c.replaced == "--replace"} == {"webhook/Deal sync"}


def test_replacements_do_not_count_as_mass_deletes():
    from reconciler.planning.guards import deletes_by_kind

    hooks = [webhook(i, f"Hook {i}") for i in range(1, 12)]
    config = {
        "webhooks": [
            {"name": f"Hook {i}", "url": "https://hooks.example.com/b", "event": "create.deal"}
            for i in range(1, 12)
        ]
    }
    result = plan(config, live(*hooks, users=(ALICE,)))
    assert len(result.changes) == 22
    assert deletes_by_kind(result, live(*hooks)) == {}


def test_export_leaves_out_a_webhook_it_cannot_write_and_its_password():
    from reconciler.kinds.exporting import Notes
    from reconciler.kinds.webhooks import export_webhooks

    notes = Notes()
    state = live(
        webhook(3, "Types", event="create.activityType"),
        webhook(4, "Deals", http_auth_user="hook", http_auth_password="(sensitive)"),
    )
    items = export_webhooks(state, notes)
    assert [i["name"] for i in items] == ["Deals"]
    assert "http_auth" not in items[0] and "_id" in items[0]
    text = " ".join(notes.by_section["webhooks"])
    assert "create.activityType" in text and "declare it yourself" in text
