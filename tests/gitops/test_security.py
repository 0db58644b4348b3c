"""zizmor, the GitHub Actions security linter, finds nothing of medium or high severity.

It runs offline (no GitHub API) over every workflow, the example workflows, Dependabot's
settings and action.yml, with inline `# zizmor: ignore` comments disregarded, so a finding
can only go away by being fixed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.gitops.workflows import ACTION, OWN_ACTION, ROOT, WORKFLOWS, load_file

CONFIG = ROOT / ".github" / "zizmor.yml"
INPUTS = [
    *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
    *sorted(WORKFLOWS.glob("*.yml")),
    ROOT / ".github" / "dependabot.yml",
    ACTION,
]
BLOCKING = {"Medium", "High"}


def _zizmor(*args: str | Path) -> subprocess.CompletedProcess[str]:
    program = Path(sys.executable).with_name("zizmor")
    assert program.exists(), "zizmor is a dev dependency: pip install -e '.[dev]'"
    return subprocess.run(
        [str(program), "--offline", "--no-ignores", "--config", str(CONFIG), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _findings(*inputs: Path) -> list[dict]:
    done = _zizmor("--format", "json", "--persona", "pedantic", *inputs)
    # zizmor exits non-zero when it finds anything; the JSON says what.
    assert done.stdout.startswith("["), done.stderr
    return json.loads(done.stdout)


def _describe(finding: dict) -> str:
    where = finding["locations"][0]
    path = where["symbolic"]["key"]["Local"]["verbatim_path"]
    line = where["concrete"]["location"]["start_point"]["row"] + 1
    return f"{path}:{line}: {finding['ident']} ({finding['determinations']['severity']})"


def test_no_medium_or_high_finding_in_any_workflow_or_the_action():
    findings = _findings(*INPUTS)
    blocking = [_describe(f) for f in findings if f["determinations"]["severity"] in BLOCKING]
    assert blocking == []


def test_zizmor_does_flag_what_the_workflows_avoid(tmp_path):
    # The gate is only as good as the linter run: a careless workflow must fail it.
    careless = tmp_path / "careless.yml"
    careless.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  plan:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    idents = {f["ident"] for f in _findings(careless)}
    assert {"unpinned-uses", "artipacked", "excessive-permissions", "template-injection"} <= idents


def test_the_only_relaxation_is_this_projects_own_action_by_tag():
    policies = load_file(CONFIG)["rules"]["unpinned-uses"]["config"]["policies"]
    assert policies == {OWN_ACTION: "ref-pin", "*": "hash-pin"}
    assert set(load_file(CONFIG)["rules"]) == {"unpinned-uses"}, "no audit disabled or ignored"
