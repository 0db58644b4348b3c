"""reconciler/api/token_costs.json agrees with the documents' `x-token-cost` values.

The table was extracted from the full documents; the vendored copies hold the operations the
project uses, and for each of those the table must say what the document says.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from .openapi import DOCUMENTS, HTTP_METHODS, REPO_ROOT, Version, load_document

pytestmark = pytest.mark.contract

TABLE = REPO_ROOT / "reconciler" / "api" / "token_costs.json"


def documented_costs(version: Version) -> dict[str, Any]:
    """`"METHOD /path" -> x-token-cost`; an earlier document wins over a later one."""
    costs: dict[str, Any] = {}
    for name in DOCUMENTS[version]:
        for template, item in load_document(name)["paths"].items():
            for method in HTTP_METHODS:
                key = f"{method.upper()} {template}"
                if method in item and key not in costs:
                    costs[key] = item[method].get("x-token-cost")
    return costs


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_token_cost_table_matches_documents(version: Version) -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))[version]
    documented = documented_costs(version)
    assert None not in documented.values(), "an operation without x-token-cost"
    assert sorted(set(documented) - set(table)) == [], "operations missing from the table"
    wrong = {op: (table[op], cost) for op, cost in documented.items() if table[op] != cost}
    assert wrong == {}, "(table, documented) costs differ"
