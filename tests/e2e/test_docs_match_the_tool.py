"""What the help and the README promise is what the tool does."""

from __future__ import annotations

import re
import shlex
import shutil

from reconciler.kinds import NAMES as KINDS
from tests.e2e.conftest import EXAMPLES, ROOT

CONFIG = str(EXAMPLES / "company")


def test_top_level_help_names_every_kind(cli):
    result = cli("--help")
    assert result.code == 0
    kinds = result.out.split("Kinds (", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"[a-z_]+", kinds.split("\n", 1)[1]))
    assert listed == set(KINDS)


def test_drift_help_promises_when_but_not_who(cli):
    result = cli("drift", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "who-and-when" not in text
    assert "do not say who" in text


def test_plan_out_says_how_to_apply_the_saved_plan_and_that_command_works(sandbox, cli, tmp_path):
    out = tmp_path / "plan.json"
    planned = cli("plan", CONFIG, "--stages-api", "v1", "--out", str(out))
    assert planned.code == 0, planned.err
    assert f"Saved the plan to {out}. To apply exactly this plan:" in planned.err
    assert "apply" not in planned.out.split("Plan:")[-1]  # the hint is on stderr only
    command = planned.err.split("To apply exactly this plan:\n", 1)[1].splitlines()[0]
    words = shlex.split(command)
    assert words[:2] == ["pipedrive-reconciler", "apply"]
    assert words[2:] == [CONFIG, "--stages-api", "v1", "--plan", str(out)]
    applied = cli(*words[1:])
    assert applied.code == 0, applied.err
    assert "Apply complete!" in applied.out


def test_a_directory_merges_its_yml_files_too(cli, tmp_path):
    config = tmp_path / "config"
    shutil.copytree(EXAMPLES / "company", config)
    (config / "extra.yml").write_text("pipelines:\n  - name: Only In Yml\n    stages: []\n")
    result = cli("validate", str(config), "--format", "json")
    assert result.code == 0, result.err
    assert str(config / "extra.yml") in result.json()["files"]


def test_readme_and_help_give_exit_2_for_drift_and_diff_envs(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| 2 |")]
    assert "`drift`" in row and "`diff-envs`" in row
    assert "`*.yml`" in readme
    assert "2 drift" in " ".join(cli("drift", "--help").out.split())
    assert "Exit 0 when they match, 2 when they differ" in " ".join(
        cli("diff-envs", "--help").out.split()
    )
