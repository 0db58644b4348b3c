"""Renderers: a Plan in, a string out, no I/O.

json.py      the plan document (also the saved plan file) and its digest
json_load.py loading a plan document back, checking everything in it
text.py      the terminal, Terraform-like; plan and drift wording
markdown.py  the pull-request comment, size-limited; plan and drift wording
values.py    formatting and wording the human renderers share
issues.py    config problems as a JSON document or GitHub annotations (`validate --format`)
"""

from __future__ import annotations

from typing import Literal

from reconciler.errors import UsageError
from reconciler.planning.changes import Plan
from reconciler.render.json import plan_to_dict, plan_to_json
from reconciler.render.json_load import plan_from_dict, plan_from_json
from reconciler.render.markdown import render_drift_markdown, render_markdown
from reconciler.render.text import render_drift_text, render_text

Format = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")

__all__ = [
    "FORMATS",
    "Format",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "plan_to_json",
    "render",
    "render_drift_markdown",
    "render_drift_text",
    "render_markdown",
    "render_text",
]


def render(
    plan: Plan,
    fmt: Format,
    *,
    color: bool = False,
    drift: bool = False,
    plan_file_hint: str | None = None,
) -> str:
    """The plan in `fmt`; `drift=True` words text and Markdown as drift (JSON is the same).

    `color` only affects text; `plan_file_hint` (where the JSON plan is, e.g. the `--out`
    file) only Markdown's truncation line. An unknown format is a UsageError.
    """
    match fmt:
        case "json":
            return plan_to_json(plan)
        case "text":
            return render_drift_text(plan, color=color) if drift else render_text(plan, color=color)
        case "markdown":
            markdown = render_drift_markdown if drift else render_markdown
            return markdown(plan, plan_file_hint=plan_file_hint)
    raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
