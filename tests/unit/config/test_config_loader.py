"""Loading good configs, merging files, finding files, origins and the digest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from config_helpers import DESIGN_EXAMPLE, issues_of, load

from reconciler.config.models import Config

REPO = Path(__file__).resolve().parents[3]


def test_design_example_loads(files) -> None:
    files({"company.yaml": DESIGN_EXAMPLE})
    loaded = load("company.yaml")
    config = loaded.config
    assert config.prune == ["roles"]
    assert [s.name for s in config.pipelines[0].stages or []] == ["Lead In", "Won"]
    assert config.pipelines[0].stages[1].renamed_from == ["Closed"]
    manager, rep = config.roles
    assert manager.settings.deal_default_visibility == 7
    assert manager.pipelines.visible == ["Sales"]
    assert manager.members == ["alice@example.com", 42]
    assert (rep.parent, rep.protect) == ("Sales Manager", True)
    assert loaded.files == (Path("company.yaml"),)


def test_shipped_example_company_loads() -> None:
    loaded = load(REPO / "examples" / "company")
    assert loaded.config.pipelines and loaded.config.roles


def test_origins_point_at_values_and_items(files) -> None:
    files({"company.yaml": DESIGN_EXAMPLE})
    loaded = load("company.yaml")
    assert loaded.origins[("pipelines", 0)] == "company.yaml:5:5"
    assert loaded.origins[("pipelines", 0, "stages", 1, "name")] == "company.yaml:11:15"
    assert loaded.origins[("roles", 0, "members", 1)] == "company.yaml:20:34"
    assert loaded.origin("roles", 1, "parent") == "company.yaml:22:13"
    # Nothing recorded for a default value: the nearest ancestor answers.
    assert loaded.origin("roles", 1, "settings", "deal_default_visibility") == "company.yaml:21:5"
    assert loaded.origin("nowhere") == "company.yaml:2:1"


def test_directory_merges_files_in_name_order(files) -> None:
    files(
        {
            "conf/b-roles.yaml": "roles:\n  - name: Rep\n    parent: Manager\n",
            "conf/a-roles.yml": "prune: [roles]\nroles:\n  - name: Manager\n",
            "conf/pipelines.yaml": "pipelines:\n  - name: Sales\n",
            "conf/notes.txt": "not yaml",
            "conf/.hidden.yaml": "not: [valid",
            "conf/environments/prod.yaml": "connection: {}",
        }
    )
    loaded = load("conf")
    assert [r.name for r in loaded.config.roles] == ["Manager", "Rep"]
    assert loaded.config.prune == ["roles"]
    assert [p.name for p in loaded.config.pipelines] == ["Sales"]
    assert [p.name for p in loaded.files] == ["a-roles.yml", "b-roles.yaml", "pipelines.yaml"]
    # Origins index the merged list: Rep is roles[1] although it is b-roles.yaml's first.
    assert loaded.origin("roles", 1, "parent") == os.path.join("conf", "b-roles.yaml") + ":3:13"
    assert loaded.origin("pipelines", 0) == os.path.join("conf", "pipelines.yaml") + ":2:5"


def test_files_and_directories_mix_and_a_file_is_read_once(files) -> None:
    files({"conf/a.yaml": "roles: [{name: A}]\n", "extra.yaml": "roles: [{name: B}]\n"})
    loaded = load("conf", "extra.yaml", "conf/a.yaml")
    assert [r.name for r in loaded.config.roles] == ["A", "B"]


def test_role_defined_in_two_files(files) -> None:
    files(
        {
            "conf/a.yaml": "roles:\n  - name: Sales\n",
            "conf/b.yaml": "roles:\n  - name: Other\n  - name: Sales\n",
        }
    )
    assert issues_of("conf") == [
        "conf/b.yaml:3:11: role 'Sales' is defined twice: conf/a.yaml:2:11 and conf/b.yaml:3:11"
    ]


def test_pipeline_defined_in_two_files(files) -> None:
    files({"a.yaml": "pipelines: [{name: P}]\n", "b.yaml": "pipelines: [{name: P}]\n"})
    assert issues_of("a.yaml", "b.yaml") == [
        "b.yaml:1:20: pipeline 'P' is defined twice: a.yaml:1:20 and b.yaml:1:20"
    ]


def test_scalar_section_set_in_two_files(files) -> None:
    files({"a.yaml": "guards: {min_existing: 1}\n", "b.yaml": "\nguards: {min_existing: 2}\n"})
    assert issues_of("a.yaml", "b.yaml") == [
        "b.yaml:2:1: 'guards' is set twice: a.yaml:1:1 and b.yaml:2:1"
    ]


def test_issues_of_all_files_at_once(files) -> None:
    files(
        {
            "conf/a.yaml": "",
            "conf/b.yaml": "roles: [{name: A, parent: A}]\n",
            "conf/c.yaml": "roles: [{nam: B}]\n",
            "conf/d.yaml": "[1",
        }
    )
    assert issues_of("conf") == [
        "conf/a.yaml:1:1: file is empty",
        "conf/b.yaml:1:27: role 'A' is its own parent",
        "conf/c.yaml:1:9: roles[0]: missing required key 'name'",
        "conf/c.yaml:1:10: roles[0]: unknown key 'nam' in role (did you mean 'name'?)",
        "conf/d.yaml:1:3: invalid YAML: while parsing a flow sequence: "
        "expected ',' or ']', but got '<stream end>'",
    ]


def test_offline_checks_still_run_beside_type_errors(files) -> None:
    files(
        {
            "c.yaml": """\
            roles:
              - name: A
                protect: maybe
                members: [x@y.z]
              - name: B
                members: [X@y.z]
            """
        }
    )
    assert issues_of("c.yaml") == [
        "c.yaml:3:14: roles[0].protect: must be true or false (got 'maybe')",
        "c.yaml:6:15: user 'X@y.z' is a member of two roles: 'A' (c.yaml:4:15) and 'B'",
    ]


@pytest.mark.parametrize(
    ("setup", "arg", "expected"),
    [
        (None, "missing.yaml", "missing.yaml:1:1: no such file or directory"),
        ("emptydir", "emptydir", "emptydir:1:1: directory has no *.yaml or *.yml files"),
    ],
)
def test_bad_paths(files, setup: str | None, arg: str, expected: str) -> None:
    root = files({})
    if setup:
        (root / setup).mkdir()
    assert issues_of(arg) == [expected]


def test_no_paths() -> None:
    assert issues_of() == ["<config>:1:1: no configuration files given"]


def test_unreadable_directory(files, monkeypatch: pytest.MonkeyPatch) -> None:
    files({"locked/a.yaml": "roles: []\n"})

    def refuse(self: Path):
        raise PermissionError(13, "Permission denied", str(self))

    # chmod does not stop root (tests may run as root), so refuse at the OS seam.
    monkeypatch.setattr(Path, "iterdir", refuse)
    assert issues_of("locked") == ["locked:1:1: cannot read: Permission denied"]


def test_unreadable_file(files, monkeypatch: pytest.MonkeyPatch) -> None:
    files({"a.yaml": "roles: []\n"})

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert issues_of("a.yaml") == ["a.yaml:1:1: cannot read file: Permission denied"]


def test_digest_ignores_formatting_key_order_and_comments(files) -> None:
    files(
        {
            "a.yaml": "roles:\n  - name: A\n    protect: true\n# note\nprune: [roles]\n",
            "b.yaml": "prune:\n- roles\nroles: [{protect: true, name: 'A'}]\n",
            "c.yaml": "prune: [roles]\nroles: [{name: A, protect: false}]\n",
        }
    )
    a, b, c = load("a.yaml"), load("b.yaml"), load("c.yaml")
    assert a.digest == b.digest
    assert a.digest != c.digest
    assert a.digest.startswith("sha256:") and len(a.digest) == 7 + 64


def test_digest_tells_unmanaged_from_null_but_not_explicit_defaults(files) -> None:
    files(
        {
            "absent.yaml": "roles: [{name: A}]\n",
            "defaults.yaml": "roles: [{name: A, protect: false, renamed_from: []}]\n",
            "null.yaml": "roles: [{name: A, parent: null}]\n",
        }
    )
    absent = load("absent.yaml").digest
    assert load("defaults.yaml").digest == absent
    assert load("null.yaml").digest != absent


def test_digest_is_the_same_split_across_files(files) -> None:
    files(
        {
            "one.yaml": "roles: [{name: A}, {name: B}]\npipelines: [{name: P}]\n",
            "split/1.yaml": "roles: [{name: A}]\n",
            "split/2.yaml": "pipelines: [{name: P}]\nroles: [{name: B}]\n",
        }
    )
    assert load("one.yaml").digest == load("split").digest


def test_loaded_config_is_plain_pydantic(files) -> None:
    files({"c.yaml": "roles: [{name: A, members: [7]}]\n"})
    config = load("c.yaml").config
    assert isinstance(config, Config)
    assert type(config.roles[0].members[0]) is int  # not ruamel's ScalarInt
