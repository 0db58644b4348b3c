"""The pure parts of look-alike detection and of visibility's export form."""

from __future__ import annotations

import pytest

from reconciler.kinds.roles.export import visibility_forms
from reconciler.planning.lookalike import did_you_mean, spelling_difference


@pytest.mark.parametrize(
    ("wanted", "live", "expected"),
    [
        ("sales", "Sales", "case"),
        ("Sales", "Sales ", "surrounding whitespace"),
        ("sales", " Sales", "case and surrounding whitespace"),
        ("Sales", "Sales", None),
        ("Sales", "Sales EMEA", None),
        ("Sales Team", "SalesTeam", None),  # inner spaces are part of the name
    ],
)
def test_spelling_difference(wanted, live, expected):
    assert spelling_difference(wanted, live) == expected


def test_did_you_mean_names_the_object_the_pin_and_the_way_out():
    text = did_you_mean("c.yaml:2:5", "role/sdr", "role", "SDR", 7, "differs in case")
    assert text == (
        "c.yaml:2:5: role/sdr is created although the live role 'SDR' (id 7) differs in case: "
        "did you mean 'SDR'? add renamed_from or id: to match it (renamed_from: [SDR] or id: 7)"
    )


@pytest.mark.parametrize(
    ("visible", "every", "expected"),
    [
        ({"A", "B", "C"}, {"A", "B", "C"}, {"visible": "all"}),
        ({"A", "B"}, {"A", "B", "C"}, {"hidden": ["C"]}),
        ({"A"}, {"A", "B", "C"}, {"visible": ["A"]}),
        ({"A", "B"}, {"A", "B", "C", "D"}, {"visible": ["A", "B"]}),  # a tie: the list
        (set(), {"A"}, {"visible": []}),
    ],
)
def test_visibility_is_exported_in_its_shortest_faithful_form(visible, every, expected):
    form = visibility_forms(visible, every)
    assert {k: v for k, v in form.items() if not k.startswith("_")} == expected
    assert form["_visible"] == sorted(visible)
    assert form["_hidden"] == sorted(every - visible)
