"""Export against an in-process sandbox, and a plan of the exported files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconciler.config.export import choose, export_sections, reads_for
from reconciler.config.export_yaml import render_file
from reconciler.config.loader import load_config
from reconciler.planning.changes import Plan
from reconciler.reading import everything, read_live
from reconciler.workflow import make_plan
from tests.integration.conftest import Company


async def export_to(company: Company, directory: Path, kinds: tuple[str, ...] = ()) -> list[str]:
    """Write the company's config into `directory`; return the export's notes."""
    exporters = choose(kinds)
    live = await read_live(company.client, everything(reads_for(exporters)))
    sections, notes = export_sections(live, exporters)
    directory.mkdir(parents=True, exist_ok=True)
    for section, items in sections.items():
        text = render_file(section, items, notes.by_section.get(section, []), "schema.json")
        (directory / f"{section}.yaml").write_text(text, encoding="utf-8")
    return [n for section in sections for n in notes.by_section.get(section, [])]


async def plan_of(company: Company, directory: Path, **options: Any) -> Plan:
    return (await make_plan(company.client, load_config([directory]), **options)).plan
