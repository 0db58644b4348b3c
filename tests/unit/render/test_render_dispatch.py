"""`render()`: one entry point for the CLI, and the package's promises."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from render_samples import full_plan, huge_plan

import reconciler.render as render_package
from reconciler.errors import UsageError
from reconciler.render import (
    plan_to_json,
    render,
    render_drift_markdown,
    render_drift_text,
    render_markdown,
    render_text,
)


def test_each_format_goes_to_its_renderer() -> None:
    plan = full_plan()
    assert render(plan, "json") == plan_to_json(plan)
    assert json.loads(render(plan, "json", drift=True))["format_version"] == 1
    assert render(plan, "text") == render_text(plan)
    assert render(plan, "text", color=True) == render_text(plan, color=True)
    assert render(plan, "text", drift=True) == render_drift_text(plan)
    assert render(plan, "markdown") == render_markdown(plan)
    assert render(plan, "markdown", drift=True) == render_drift_markdown(plan)
    huge = huge_plan()
    assert render(huge, "markdown", plan_file_hint="out.json").endswith("JSON plan (out.json)\n")


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown output format 'yaml'"):
        render(full_plan(), "yaml")  # type: ignore[arg-type]


def test_renderers_do_no_io() -> None:
    # Renderers take a plan and return a string: no files, network, clock or printing.
    forbidden = {"open", "print", "input"}
    forbidden_modules = {"os", "sys", "pathlib", "httpx", "click", "rich", "time", "datetime"}
    package = Path(render_package.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, f"{source.name} calls {node.func.id}"
            if isinstance(node, ast.Import):
                names = {a.name.split(".")[0] for a in node.names}
                assert not names & forbidden_modules, f"{source.name} imports {names}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in forbidden_modules, source.name
