"""The planner's shortcuts answer exactly as the slow ways they replace: the field diff's
fast path for plain values against DeepDiff, the states' lookups against scans, the plan's
fingerprint (of the normalised copy) against the live state's own."""

from __future__ import annotations

from typing import Any

from deepdiff import DeepDiff
from hypothesis import given
from hypothesis import strategies as st
from planning_builders import desired, live, pipeline, role, stage, user

from reconciler.planning.diff import values_differ
from reconciler.planning.fingerprint import live_fingerprint
from reconciler.planning.planner import build_plan
from reconciler.state import ROLE, STAGE, LiveState, Resource

# Everything but NaN, which no normalised field holds (numbers are ints or finite).
ATOMS = st.one_of(
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, -0.0, 2.5]),
    st.sampled_from(["", "a", "b", "1", "Sales"]),
)
VALUES = st.one_of(
    ATOMS,
    st.lists(ATOMS, max_size=4),
    st.lists(ATOMS, max_size=4).map(tuple),
    st.dictionaries(st.sampled_from(["a", "b"]), ATOMS, max_size=2),
    st.lists(st.dictionaries(st.sampled_from(["x"]), ATOMS, max_size=1), max_size=2).map(tuple),
)


def deepdiff_differs(before: Any, after: Any, as_set: bool) -> bool:
    options: dict[str, Any] = {"ignore_order": as_set, "ignore_type_in_groups": [(list, tuple)]}
    return bool(DeepDiff(before, after, **options))


@given(VALUES, VALUES, st.booleans())
def test_the_fast_path_agrees_with_deepdiff(before: Any, after: Any, as_set: bool) -> None:
    assert values_differ(before, after, as_set=as_set) == deepdiff_differs(before, after, as_set)


@given(st.lists(ATOMS, max_size=4), st.booleans())
def test_a_value_never_differs_from_an_equal_copy(items: list, as_set: bool) -> None:
    assert not values_differ(list(items), tuple(items), as_set=as_set)


def test_lookups_by_kind_id_and_key_return_the_first_as_a_scan_would() -> None:
    twins = (
        Resource(ROLE, ("Rep",), {"name": "Rep"}, id=5),
        Resource(ROLE, ("Rep",), {"name": "Rep"}, id=6),
        Resource(STAGE, ("Sales", "Won"), {"name": "Won"}, id=5),
    )
    state = LiveState(resources=twins)
    assert state.of_kind(ROLE) == [r for r in twins if r.kind == ROLE]
    assert state.with_id(ROLE, 6) is twins[1] and state.with_id(STAGE, 5) is twins[2]
    assert state.with_key(ROLE, ("Rep",)) is twins[0]
    assert state.with_id(ROLE, None) is None and state.with_id(ROLE, 7) is None
    state.of_kind(ROLE).clear()  # a copy: the state is not changed through it
    assert len(state.of_kind(ROLE)) == 2


def test_the_plan_fingerprints_the_live_state_as_read() -> None:
    company = live(
        pipeline(10, "Sales"),
        stage(21, "Sales", "Lead", "1", pipeline_id=10, deal_probability="100"),
        role(5, "Rep"),
        users=(user(100, "ann@x.com", 5),),
    )
    plan = build_plan(desired({"roles": [{"name": "Rep"}]}), company)
    assert plan.live_fingerprint == live_fingerprint(company)
