"""Loader error messages, each checked with its file:line:column."""

from __future__ import annotations

import pytest
from config_helpers import issues_of

CASES = [
    (
        "unknown key with suggestion",
        """\
        roles:
          - name: A
            setings: {}
        """,
        ["c.yaml:3:5: roles[0]: unknown key 'setings' in role (did you mean 'settings'?)"],
    ),
    (
        "unknown key without a close match lists the keys",
        """\
        guards: {zzz: 1}
        """,
        [
            "c.yaml:1:10: guards: unknown key 'zzz' in guards "
            "(expected one of: max_delete_percent, min_existing)"
        ],
    ),
    (
        "unknown top-level key",
        """\
        pipelins: []
        """,
        ["c.yaml:1:1: unknown top-level key 'pipelins' (did you mean 'pipelines'?)"],
    ),
    (
        "unknown key in a stage",
        """\
        pipelines:
          - name: P
            stages:
              - {name: S, rotten: 3}
        """,
        [
            "c.yaml:4:19: pipelines[0].stages[0]: unknown key 'rotten' in stage "
            "(did you mean 'rotten_days'?)"
        ],
    ),
    (
        "visibility outside 1, 3, 5, 7",
        """\
        roles:
          - name: A
          - name: B
            settings:
              deal_default_visibility: 4
        """,
        [
            "c.yaml:5:32: roles[1].settings.deal_default_visibility: "
            "must be one of 1, 3, 5, 7 (got 4)"
        ],
    ),
    (
        "visibility true is not 1",
        """\
        roles:
          - {name: A, settings: {lead_default_visibility: true}}
        """,
        [
            "c.yaml:2:51: roles[0].settings.lead_default_visibility: "
            "must be one of 1, 3, 5, 7 (got true)"
        ],
    ),
    (
        "missing required key points at the mapping",
        """\
        roles:
          - protect: true
        """,
        ["c.yaml:2:5: roles[0]: missing required key 'name'"],
    ),
    (
        "missing visible list",
        """\
        roles:
          - name: A
            pipelines: {}
        """,
        ["c.yaml:3:16: roles[0].pipelines: missing required key 'visible'"],
    ),
    (
        "a part failing twice over is reported, not a crash",
        """\
        roles:
          - name: A
            pipelines: {x: 1}
        """,
        [
            "c.yaml:3:16: roles[0].pipelines: missing required key 'visible'",
            "c.yaml:3:17: roles[0].pipelines: unknown key 'x' in role pipelines "
            "(expected one of: visible)",
        ],
    ),
    (
        "number where a name is expected",
        """\
        pipelines:
          - name: 2024
        """,
        [
            "c.yaml:2:11: pipelines[0].name: must be a string (got 2024); "
            "put it in quotes to make it text"
        ],
    ),
    (
        "empty name",
        """\
        pipelines:
          - name: ""
        """,
        ["c.yaml:2:11: pipelines[0].name: must not be empty"],
    ),
    (
        "boolean as a string: YAML 1.2 'yes' is text",
        """\
        roles:
          - name: A
            protect: yes
        """,
        ["c.yaml:3:14: roles[0].protect: must be true or false (got 'yes')"],
    ),
    (
        "true is not a probability",
        """\
        pipelines:
          - name: P
            stages:
              - name: S
                deal_probability: true
        """,
        ["c.yaml:5:27: pipelines[0].stages[0].deal_probability: must be an integer (got true)"],
    ),
    (
        "probability above 100",
        """\
        pipelines:
          - name: P
            stages:
              - {name: S, deal_probability: 150}
        """,
        ["c.yaml:4:37: pipelines[0].stages[0].deal_probability: must be at most 100 (got 150)"],
    ),
    (
        "rotten_days zero",
        """\
        pipelines:
          - name: P
            stages: [{name: S, rotten_days: 0}]
        """,
        ["c.yaml:3:37: pipelines[0].stages[0].rotten_days: must be at least 1 (got 0)"],
    ),
    (
        "member of a union type",
        """\
        roles:
          - name: A
            members: [a@x.io, 1.5]
        """,
        ["c.yaml:3:23: roles[0].members[1]: must be a string or an integer (got 1.5)"],
    ),
    (
        "prune of an unknown kind",
        """\
        prune: [roles, stages]
        """,
        [
            "c.yaml:1:16: prune[1]: must be one of "
            "'pipelines', 'roles', 'projects', 'subscriptions', 'fields' (got 'stages')"
        ],
    ),
    (
        "section of the wrong type",
        """\
        roles: Sales
        """,
        ["c.yaml:1:8: roles: must be a list (got 'Sales')"],
    ),
    (
        "null section",
        """\
        guards:
        """,
        ["c.yaml:1:1: guards: must be a mapping (got null)"],
    ),
    (
        "mapping where a list is expected",
        """\
        roles:
          - name: A
            members: {a: 1}
        """,
        ["c.yaml:3:14: roles[0].members: must be a list (got a mapping)"],
    ),
    (
        "YAML syntax error",
        """\
        roles:
          - name: [A
        """,
        [
            "c.yaml:3:1: invalid YAML: while parsing a flow sequence: "
            "expected ',' or ']', but got '<stream end>'"
        ],
    ),
    (
        "duplicate key in one mapping",
        """\
        roles:
          - name: A
            name: B
        """,
        [
            "c.yaml:3:5: invalid YAML: while constructing a mapping: "
            'found duplicate key "name" with value "B" (original value: "A")'
        ],
    ),
    (
        "top level is a list",
        """\
        - name: A
        """,
        [
            "c.yaml:1:1: the top level must be a mapping of sections "
            "(prune, guards, api, pipelines, roles, projects, products, subscriptions, fields, "
            "protected), got a list"
        ],
    ),
    ("empty file", "", ["c.yaml:1:1: file is empty"]),
    ("only comments", "# nothing yet\n", ["c.yaml:1:1: file is empty"]),
    (
        "several documents",
        """\
        roles: []
        ---
        pipelines: []
        """,
        [
            "c.yaml:2:1: invalid YAML: expected a single document in the stream: "
            "but found another document"
        ],
    ),
    (
        "every issue at once, sorted",
        """\
        api: {stages: v3}
        roles:
          - name: A
            parent: 7
        prune: x
        """,
        [
            "c.yaml:1:15: api.stages: must be one of 'v1', 'v2' (got 'v3')",
            "c.yaml:4:13: roles[0].parent: must be a string (got 7); "
            "put it in quotes to make it text",
            "c.yaml:5:8: prune: must be a list (got 'x')",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_message_and_position(files, text: str, expected: list[str]) -> None:
    files({"c.yaml": text})
    assert issues_of("c.yaml") == expected


def test_not_utf8(files) -> None:
    root = files({})
    (root / "c.yaml").write_bytes(b"roles:\n  - name: Caf\xe9\n")
    assert issues_of("c.yaml") == [
        "c.yaml:2:14: file is not UTF-8 text (byte 0xe9 cannot be decoded)"
    ]


def test_tab_indentation_is_a_positioned_error(files) -> None:
    files({"c.yaml": "roles:\n\t- name: A\n"})
    [issue] = issues_of("c.yaml")
    assert issue.startswith("c.yaml:2:1: invalid YAML: ")


def test_messages_count_items_within_their_own_file(files) -> None:
    files(
        {
            "conf/a.yaml": "roles: [{name: A}, {name: B}]\n",
            "conf/b.yaml": "roles:\n  - {name: C, protect: 3}\n",
        }
    )
    assert issues_of("conf") == [
        "conf/b.yaml:2:24: roles[0].protect: must be true or false (got 3)"
    ]
