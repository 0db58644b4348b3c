"""Run action.yml's steps on this machine the way a GitHub runner runs a composite action.

Shell steps run as the runner runs them (`bash --noprofile --norc -eo pipefail FILE`, with
RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_ACTION_PATH set, the step's `env:`
evaluated); outputs are read back from GITHUB_OUTPUT and the action's `outputs:` evaluated
from them. The one `uses:` step, actions/setup-python, is stood in for by this interpreter,
which is what it would hand over. Any other expression or action is an error, so the action
cannot grow a dependency this harness silently ignores.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.S)
SETUP_PYTHON = "actions/setup-python@"


def load_action() -> dict[str, Any]:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


def with_defaults(metadata: dict[str, Any], given: dict[str, str]) -> dict[str, str]:
    """The inputs a step sees: given values, else defaults; unknown or missing ones refused."""
    declared = metadata["inputs"]
    unknown = set(given) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    inputs = {}
    for name, spec in declared.items():
        if name not in given and spec.get("required"):
            raise ValueError(f"input {name!r} is required")
        inputs[name] = str(given.get(name, spec.get("default", "")))
    return inputs


@dataclass
class StepResult:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    """One use of the action: its inputs, the caller's environment, workspace and RUNNER_TEMP."""

    inputs: dict[str, str]
    env: dict[str, str]
    workspace: Path
    temp: Path
    action_path: Path = ROOT  # where the runner unpacked the action's repository at its ref
    metadata: dict[str, Any] = field(default_factory=load_action)
    steps: dict[str, StepResult] = field(default_factory=dict)

    @property
    def summary(self) -> Path:
        return self.temp / "step-summary.md"

    def evaluate(self, text: str) -> str:
        return EXPRESSION.sub(lambda match: self._value(match.group(1)), text)

    def _value(self, expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            step = self.steps.get(parts[1])
            return step.outputs.get(parts[3], "") if step else ""
        if expression == "github.action_path":
            return str(self.action_path)
        raise ValueError(f"the harness does not know the expression {expression!r}")

    def run(self, *ids: str) -> list[StepResult]:
        """Run the named steps (all when none are named), stopping at the first failure."""
        results = []
        for step in self.metadata["runs"]["steps"]:
            if ids and step["id"] not in ids:
                continue
            result = self._run_step(step)
            self.steps[result.id] = result
            results.append(result)
            if result.returncode != 0:
                break
        return results

    def outputs(self) -> dict[str, str]:
        return {
            name: self.evaluate(spec["value"]) for name, spec in self.metadata["outputs"].items()
        }

    def _run_step(self, step: dict[str, Any]) -> StepResult:
        if "uses" in step:
            if not step["uses"].startswith(SETUP_PYTHON):
                raise ValueError(f"the harness cannot run {step['uses']}")
            outputs = {"python-path": sys.executable, "python-version": sys.version.split()[0]}
            return StepResult(step["id"], 0, "", "", outputs)
        if step.get("shell") != "bash":
            raise ValueError(f"step {step['id']}: only bash steps are run here")
        script = self.temp / f"step-{step['id']}.sh"
        script.write_text(step["run"], encoding="utf-8")
        output_file = self.temp / f"output-{step['id']}"
        output_file.write_text("", encoding="utf-8")
        env = {
            **self.env,
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_ACTION_PATH": str(self.action_path),
            **{name: self.evaluate(str(value)) for name, value in step.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            env=env,
            cwd=self.workspace,
            capture_output=True,
            text=True,
            timeout=300,
        )
        outputs = read_outputs(output_file.read_text(encoding="utf-8"))
        return StepResult(step["id"], done.returncode, done.stdout, done.stderr, outputs)


def read_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT's two forms: `name=value` lines and `name<<DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            outputs[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs
