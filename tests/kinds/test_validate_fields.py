"""Offline checks of `fields:`, each problem at its place in the YAML."""

from __future__ import annotations

from tests.kinds.test_validate_extended import problems


def test_names_options_and_pins_are_checked_per_entity(tmp_path):
    found = problems(
        tmp_path,
        """\
        fields:
          deal:
            - {name: Priority, type: enum, options: [Low, High, Low]}
            - {name: Priority, type: text, code: abc}
            - {name: Size, type: double, code: abc}
            - {name: Tier, type: enum, options: [Gold, {label: Silver, renamed_from: [Gold]}]}
          person:
            - {name: Priority, type: text}
        """,
    )
    assert any(p.startswith("3:") and "option 'Low'" in p and "twice" in p for p in found)
    assert any(p.startswith("4:") and "deal field 'Priority' is defined twice" in p for p in found)
    assert any(p.startswith("5:") and "code abc is pinned by two deal fields" in p for p in found)
    assert any(p.startswith("6:") and "renamed from 'Gold'" in p for p in found)
    assert not any("person field" in p for p in found)  # one name per entity, not overall


def test_keys_follow_each_entity_and_options_need_an_option_type(tmp_path):
    found = problems(
        tmp_path,
        """\
        fields:
          deal:
            - {name: Notes, type: text, options: [A]}
          product:
            - {name: Line, type: varchar, important: true}
        """,
    )
    assert any(p.startswith("3:") and "`options` belong to enum and set fields" in p for p in found)
    assert any(
        p.startswith("5:") and "unknown key 'important' in product field" in p for p in found
    )
