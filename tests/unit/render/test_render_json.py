"""The JSON plan document and the saved-plan loader."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_samples import PLANS, change, full_plan, huge_plan

from reconciler.errors import EXIT_STALE, DamagedPlan
from reconciler.planning.changes import Action, Blocked, FieldChange, Plan
from reconciler.render.json import document_digest, plan_to_dict, plan_to_json
from reconciler.render.json_load import load_saved_plan, plan_from_dict, plan_from_json

TOP_KEYS = [
    "format_version", "tool", "tool_version", "created_at", "company", "base_url", "env",
    "partial", "stages_api", "changes", "summary", "unmanaged", "protected", "blocked",
    "refusals", "warnings", "token_cost", "read_token_cost", "live_fingerprint", "config_digest",
    "plan_digest",
]  # fmt: skip
CHANGE_KEYS = [
    "address", "action", "kind", "key", "id", "before", "after", "fields", "notes", "order",
    "extra",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(PLANS))
def test_json_matches_golden(name: str, golden) -> None:
    golden(f"{name}.json", plan_to_json(PLANS[name]()))


@pytest.mark.parametrize("name", sorted(PLANS))
def test_round_trip(name: str) -> None:
    plan = PLANS[name]()
    assert plan_from_json(plan_to_json(plan)) == plan
    assert plan_from_dict(plan_to_dict(plan)) == plan


def test_document_shape() -> None:
    text = plan_to_json(full_plan())
    assert text.endswith("}\n")
    assert text.startswith('{\n  "format_version": 1,\n  "tool": "pipedrive-reconciler",')
    doc = json.loads(text)
    assert list(doc) == TOP_KEYS
    assert all(list(c)[: len(CHANGE_KEYS)] == CHANGE_KEYS for c in doc["changes"])
    assert [c["address"] for c in doc["changes"] if "changed_at" in c] == ["role_members/Sales Rep"]
    assert doc["summary"] == {"create": 4, "update": 5, "delete": 3}
    members = doc["changes"][-1]
    assert members["address"] == "role_members/Sales Rep"
    assert members["fields"] == [
        {
            "path": "members",
            "before": ["bob@example.com", "dave@example.com"],
            "after": ["carol@example.com", "dave@example.com"],
        }
    ]
    assert members["order"] == [3, 5, "Sales Rep"]
    assert doc["blocked"][0] == {
        "address": "stage/Sales/Stale",
        "reason": "still holds 3 deals",
        "hint": "move or close its deals first",
    }


def test_sets_are_written_sorted_and_load_as_tuples() -> None:
    one = change(Action.UPDATE, "role_pipelines", ("R",), id=1, after={"visible": {"b", "a"}})
    doc = plan_to_dict(Plan(changes=(one,)))
    assert doc["changes"][0]["after"] == {"visible": ["a", "b"]}
    loaded = plan_from_dict(doc)
    assert loaded.changes[0].after == {"visible": ("a", "b")}


@pytest.mark.parametrize("bad", [object(), float("nan"), {1: "int key"}])
def test_values_json_cannot_carry_are_refused(bad: object) -> None:
    one = change(Action.CREATE, "role", ("R",), after={"name": bad})
    with pytest.raises(TypeError, match=r"role/R after"):
        plan_to_dict(Plan(changes=(one,)))


def _doc() -> dict:
    return plan_to_dict(full_plan())


def _broken(**edits) -> dict:
    doc = _doc()
    doc.update(edits)
    return doc


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ([], "document should be an object"),
        (_broken(format_version=2), "unsupported format_version 2"),
        (_broken(format_version=True), "unsupported format_version True"),
        (_broken(tool="terraform"), "written by 'terraform'"),
        (_broken(changes={}), "changes should be an array, not an object"),
        (_broken(token_cost="5"), "token_cost should be an integer, not a string"),
        (_broken(summary={"create": 0, "update": 0, "delete": 0}), "summary does not match"),
        (_broken(blocked=[{"address": "x"}]), "blocked[0].reason should be a string, not null"),
    ],
)
def test_malformed_documents_are_refused_as_damaged(doc: object, reason: str) -> None:
    with pytest.raises(DamagedPlan) as caught:
        plan_from_dict(doc, source="plan.json")
    message = str(caught.value)
    assert message.startswith("plan.json is not a valid pipedrive-reconciler plan (")
    assert reason in message
    assert caught.value.exit_code == EXIT_STALE


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"action": "replace"}, "changes[0].action is 'replace'"),
        ({"address": "role/Other"}, "does not match its kind and key"),
        ({"key": "Interns"}, "changes[0].key should be an array"),
        ({"id": True}, "changes[0].id should be an integer, not a boolean"),
        ({"fields": [{"before": 1}]}, "changes[0].fields[0].path should be a string"),
        ({"extra": []}, "changes[0].extra should be an object"),
    ],
)
def test_malformed_changes_are_refused_as_damaged(edit: dict, reason: str) -> None:
    doc = _doc()
    doc["changes"][0].update(edit)
    with pytest.raises(DamagedPlan, match="is not a valid pipedrive-reconciler plan") as caught:
        plan_from_dict(doc)
    assert reason in str(caught.value)


def test_invalid_json_names_the_source() -> None:
    with pytest.raises(
        DamagedPlan, match=r"^out/plan.json is not a valid pipedrive-reconciler plan \(not JSON"
    ):
        plan_from_json("{not json", source="out/plan.json")


def test_the_digest_covers_every_byte_that_means_something() -> None:
    text = plan_to_json(full_plan())
    saved = load_saved_plan(text)
    assert saved.plan == full_plan() and saved.live_digests is None
    doc = json.loads(text)
    assert doc["plan_digest"] == document_digest(doc)
    doc["changes"][0]["notes"] = ["nothing moves"]
    with pytest.raises(DamagedPlan, match="does not match its plan_digest: the file was edited"):
        load_saved_plan(json.dumps(doc), source="plan.json")
    del doc["plan_digest"]
    with pytest.raises(DamagedPlan, match="has no plan_digest"):
        load_saved_plan(json.dumps(doc))


def test_a_recomputed_digest_still_needs_a_sound_document() -> None:
    doc = _doc()
    doc["summary"] = {"create": 9, "update": 0, "delete": 0}
    doc["plan_digest"] = document_digest(doc)
    with pytest.raises(DamagedPlan, match="summary does not match its changes"):
        load_saved_plan(json.dumps(doc))


def test_live_digests_travel_inside_the_digest() -> None:
    text = plan_to_json(full_plan(), live_digests={"role/B": "sha256:2", "role/A": "sha256:1"})
    doc = json.loads(text)
    assert list(doc)[-2:] == ["live_digests", "plan_digest"]
    assert list(doc["live_digests"]) == ["role/A", "role/B"]
    assert load_saved_plan(text).live_digests == {"role/A": "sha256:1", "role/B": "sha256:2"}
    doc["live_digests"]["role/A"] = "sha256:0"
    with pytest.raises(DamagedPlan):
        load_saved_plan(json.dumps(doc))


def test_company_and_partial_round_trip() -> None:
    plan = PLANS["partial"]()
    doc = plan_to_dict(plan)
    assert doc["company"] == {"id": 4711, "name": "Acme Inc", "domain": "acme"}
    assert doc["env"] == "production" and doc["base_url"] == "https://acme.pipedrive.com"
    assert doc["partial"] == {
        "target": ["role", "role_settings/Sales Rep"],
        "exclude": ["role/Interns Team"],
    }
    assert plan_from_dict(doc) == plan
    assert plan_to_dict(full_plan())["partial"] is None


def test_huge_plan_round_trips() -> None:
    plan = huge_plan(500)
    assert plan_from_json(plan_to_json(plan)) == plan


_names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
_leaf = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | _names
_value = st.recursive(
    _leaf,
    lambda inner: (
        st.lists(inner, max_size=3).map(tuple) | st.dictionaries(_names, inner, max_size=3)
    ),
    max_leaves=8,
)
_kind = st.sampled_from(["role", "stage", "role_members", "project"])
_key = st.lists(_names, min_size=1, max_size=2).map(tuple)
_mapping = st.dictionaries(_names, _value, max_size=3)
_parts = {
    "notes": st.lists(_names, max_size=2).map(tuple),
    "order": st.lists(_value, max_size=3).map(tuple),
    "extra": st.dictionaries(_names, _value, max_size=2),
}
_change = (
    st.builds(
        lambda kind, key, after, **parts: change(Action.CREATE, kind, key, after=after, **parts),
        _kind,
        _key,
        _mapping,
        **_parts,
    )
    | st.builds(
        lambda kind, key, ident, before, after, fields, **parts: change(
            Action.UPDATE, kind, key, ident, before, after, fields, **parts
        ),
        _kind,
        _key,
        st.none() | st.integers(1, 10**9),
        _mapping,
        _mapping,
        st.lists(st.builds(FieldChange, _names, _value, _value), max_size=3).map(tuple),
        **_parts,
    )
    | st.builds(
        lambda kind, key, ident, before, **parts: change(
            Action.DELETE, kind, key, ident, before, **parts
        ),
        _kind,
        _key,
        st.none() | st.integers(1, 10**9),
        st.none() | _mapping,
        **_parts,
    )
)
_plan = st.builds(
    Plan,
    changes=st.lists(_change, max_size=4).map(tuple),
    unmanaged=st.lists(_names, max_size=2).map(tuple),
    protected=st.lists(_names, max_size=2).map(tuple),
    blocked=st.lists(st.builds(Blocked, _names, _names, _names), max_size=2).map(tuple),
    warnings=st.lists(_names, max_size=2).map(tuple),
    token_cost=st.integers(0, 10**6),
    read_token_cost=st.integers(0, 10**6),
    live_fingerprint=_names,
    config_digest=_names,
    stages_api=st.sampled_from(["v1", "v2"]),
)


@settings(max_examples=50, deadline=None)
@given(_plan)
def test_any_plan_round_trips(plan: Plan) -> None:
    assert plan_from_json(plan_to_json(plan)) == plan
