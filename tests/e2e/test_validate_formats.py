"""`validate --format json|github`: every problem for a machine, or as GitHub annotations on
the pull request's diff. Offline: no Pipedrive involved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import EXAMPLES

BROKEN = """\
roles:
  - name: A
    parnt: B
  - name: A
pipelines: 3
"""


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # A comma and a colon in the name: both must be escaped in an annotation's file property.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "team,a:b.yaml").write_text(BROKEN, encoding="utf-8")
    return "config"


def test_github_annotations_point_at_each_problem(cli, broken):
    result = cli("validate", broken, "--format", "github")
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=config/team%2Ca%3Ab.yaml,line=3,col=5::roles[0]: unknown key 'parnt' in "
        "role (did you mean 'parent'?)",
        "::error file=config/team%2Ca%3Ab.yaml,line=4,col=11::role 'A' is defined twice: "
        "config/team,a:b.yaml:2:11 and config/team,a:b.yaml:4:11",
        "::error file=config/team%2Ca%3Ab.yaml,line=5,col=12::pipelines: must be a list (got 3)",
    ]
    assert "3 problems" in result.err


def test_github_escapes_percent_and_newlines_in_messages(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Names cannot hold a line break any more (a config error); a mistyped key still can.
    (tmp_path / "c.yaml").write_text('roles:\n  - name: A\n    "50%\\nx": 1\n')
    result = cli("validate", "c.yaml", "--format", "github")
    assert result.code == 1
    assert result.out == (
        "::error file=c.yaml,line=3,col=5::roles[0]: unknown key '50%25%0Ax' in role "
        "(expected one of: name, id, renamed_from, parent, settings, pipelines, members, "
        "protect)\n"
    )


def test_a_missing_path_is_an_annotation_without_a_place(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "nothere", "--format", "github")
    assert result.code == 1
    assert result.out == "::error::nothere: no such file or directory\n"


def test_json_lists_every_problem(cli, broken):
    result = cli("validate", broken, "--format", "json")
    assert result.code == 1
    document = result.json()
    assert document["format_version"] == 1 and document["valid"] is False
    assert [(i["file"], i["line"], i["column"]) for i in document["issues"]] == [
        ("config/team,a:b.yaml", 3, 5),
        ("config/team,a:b.yaml", 4, 11),
        ("config/team,a:b.yaml", 5, 12),
    ]
    assert document["issues"][0]["message"].startswith("roles[0]: unknown key 'parnt'")


def test_json_of_a_valid_config_names_its_files(cli):
    result = cli("validate", str(EXAMPLES / "company"), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["valid"] is True and document["issues"] == []
    assert document["files"] and all(f.endswith((".yaml", ".yml")) for f in document["files"])


def test_text_stays_the_default(cli, broken):
    result = cli("validate", broken)
    assert result.code == 1 and result.out == ""
    assert "config/team,a:b.yaml:3:5: roles[0]: unknown key 'parnt'" in result.err
