"""The offline checks, through the loader so each issue is checked with its position."""

from __future__ import annotations

import pytest
from config_helpers import issues_of, load

CASES = [
    (
        "duplicate role name",
        """\
        roles:
          - name: A
          - name: A
        """,
        ["c.yaml:3:11: role 'A' is defined twice: c.yaml:2:11 and c.yaml:3:11"],
    ),
    (
        "names are case-sensitive",
        """\
        roles: [{name: A}, {name: a}]
        pipelines: [{name: P, stages: [{name: S}, {name: s}]}]
        """,
        [],
    ),
    (
        "duplicate pipeline name",
        """\
        pipelines:
          - name: P
          - name: P
        """,
        ["c.yaml:3:11: pipeline 'P' is defined twice: c.yaml:2:11 and c.yaml:3:11"],
    ),
    (
        "duplicate stage within a pipeline, same name elsewhere is fine",
        """\
        pipelines:
          - name: P
            stages: [{name: S}, {name: S}]
          - name: Q
            stages: [{name: S}]
        """,
        ["c.yaml:3:32: stage 'S' of pipeline 'P' is defined twice: c.yaml:3:21 and c.yaml:3:32"],
    ),
    (
        "renamed_from names a declared object",
        """\
        roles:
          - name: New
            renamed_from: [Old]
          - name: Old
        """,
        [
            "c.yaml:3:20: role 'New' is renamed from 'Old', but 'Old' is declared too "
            "(at c.yaml:4:11)"
        ],
    ),
    (
        "renamed_from claimed by two objects",
        """\
        pipelines:
          - {name: A, renamed_from: [Old]}
          - {name: B, renamed_from: [Old]}
        """,
        [
            "c.yaml:3:30: 'Old' is in renamed_from of both pipeline 'A' (c.yaml:2:30) "
            "and pipeline 'B'"
        ],
    ),
    (
        "renamed_from of stages within one pipeline",
        """\
        pipelines:
          - name: P
            stages:
              - {name: Won, renamed_from: [Closed, Won, Closed]}
        """,
        [
            "c.yaml:4:44: stage 'Won' of pipeline 'P' lists its own name in renamed_from",
            "c.yaml:4:49: stage 'Won' of pipeline 'P' lists 'Closed' twice in renamed_from",
        ],
    ),
    (
        "duplicate id pins per kind; the same id across kinds is fine",
        """\
        roles: [{name: A, id: 3}, {name: B, id: 3}]
        pipelines:
          - {name: P, id: 3, stages: [{name: S, id: 9}]}
          - {name: Q, stages: [{name: T, id: 9}]}
        """,
        [
            "c.yaml:1:41: id 3 is pinned by two roles: 'A' (c.yaml:1:23) and 'B'",
            "c.yaml:4:38: id 9 is pinned by two stages: 'S' (c.yaml:3:45) and 'T'",
        ],
    ),
    (
        "a user in two roles, emails compared case-insensitively",
        """\
        roles:
          - {name: A, members: [Alice@Example.com, 7]}
          - {name: B, members: [alice@example.com]}
          - {name: C, members: [7]}
        """,
        [
            "c.yaml:3:25: user 'alice@example.com' is a member of two roles: "
            "'A' (c.yaml:2:25) and 'B'",
            "c.yaml:4:25: user 7 is a member of two roles: 'A' (c.yaml:2:44) and 'C'",
        ],
    ),
    (
        "the same member twice in one role",
        """\
        roles:
          - {name: A, members: [a@b.c, A@B.C]}
        """,
        ["c.yaml:2:32: member 'A@B.C' is listed twice in role 'A'"],
    ),
    (
        "members that are neither an email nor a user id",
        """\
        roles:
          - {name: A, members: [bob, "42", "@x", 0]}
        """,
        [
            "c.yaml:2:25: member 'bob' is neither an email address nor a user id",
            "c.yaml:2:30: member '42' is text, not a user id: write the id without quotes",
            "c.yaml:2:36: member '@x' is neither an email address nor a user id",
            "c.yaml:2:42: member 0: a user id must be positive",
        ],
    ),
    (
        "role is its own parent",
        """\
        roles:
          - name: A
            parent: A
        """,
        ["c.yaml:3:13: role 'A' is its own parent"],
    ),
    (
        "a parent cycle is reported once, from its first role",
        """\
        roles:
          - {name: B, parent: C}
          - {name: A, parent: B}
          - {name: C, parent: A}
          - {name: D, parent: A}
        """,
        ["c.yaml:2:23: role parent cycle: B -> C -> A -> B"],
    ),
    (
        "two separate cycles",
        """\
        roles:
          - {name: A, parent: B}
          - {name: B, parent: A}
          - {name: C, parent: D}
          - {name: D, parent: C}
        """,
        [
            "c.yaml:2:23: role parent cycle: A -> B -> A",
            "c.yaml:4:23: role parent cycle: C -> D -> C",
        ],
    ),
    (
        "parents outside the config are not checked offline",
        """\
        roles:
          - {name: A, parent: Somewhere Live}
          - {name: B, parent: null}
          - {name: C, pipelines: {visible: [Live Only]}, members: [nobody@example.com]}
        """,
        [],
    ),
    (
        "the default role may be declared to manage its settings and members",
        """\
        roles:
          - name: (Unassigned users)
            settings: {deal_default_visibility: 1}
            members: [a@b.c]
        """,
        [],
    ),
    (
        "the default role cannot have a parent or be renamed",
        """\
        roles:
          - name: (Unassigned users)
            parent: null
            renamed_from: [Everyone]
          - name: Everyone Else
            renamed_from: [(Unassigned users)]
        """,
        [
            "c.yaml:3:5: the default role '(Unassigned users)' cannot have a parent",
            "c.yaml:4:19: the default role '(Unassigned users)' cannot be renamed",
            "c.yaml:6:20: the default role '(Unassigned users)' cannot be renamed "
            "(role 'Everyone Else' is renamed from it)",
        ],
    ),
    (
        "a pipeline listed twice as visible",
        """\
        roles:
          - name: A
            pipelines:
              visible: [P, Q, P]
        """,
        ["c.yaml:4:23: pipeline 'P' is listed twice as visible"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_offline_check(files, text: str, expected: list[str]) -> None:
    files({"c.yaml": text})
    if expected:
        assert issues_of("c.yaml") == expected
    else:
        assert load("c.yaml").config is not None
