"""Each Pipedrive operation's documented token cost (`x-token-cost` in the OpenAPI documents).

Pure data, shared by the client's tally, the planner's estimate and the sandbox's budget.
`token_costs.json` was extracted from Pipedrive's full OpenAPI documents; a contract test
checks it against the vendored copies in `reconciler/pipedrive_api/`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Literal

Version = Literal["v1", "v2"]

# Pipedrive's generic costs, for operations the documents give no cost (v1 subscriptions,
# documented only before token-based limits existed).
_GENERIC_V1 = {"GET_ONE": 2, "GET_LIST": 20, "POST": 10, "PUT": 10, "PATCH": 10, "DELETE": 6}


@cache
def _table() -> dict[str, dict[str, int]]:
    text = resources.files("reconciler.api").joinpath("token_costs.json").read_text("utf-8")
    data = json.loads(text)
    return {"v1": data["v1"], "v2": data["v2"]}


@cache
def _templates(version: Version) -> list[tuple[re.Pattern[str], str, str]]:
    compiled = []
    for operation in _table()[version]:
        method, template = operation.split(" ", 1)
        pattern = re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template))
        compiled.append((re.compile(f"^{pattern}$"), method, operation))
    # Literal segments win over placeholders: /projects/boards before /projects/{id}.
    compiled.sort(key=lambda item: item[2].count("{"))
    return compiled


def operation_for(version: Version, method: str, path: str) -> str | None:
    """The documented operation (`"GET /roles/{id}"`) a concrete request path belongs to."""
    method = method.upper()
    for pattern, op_method, operation in _templates(version):
        if op_method == method and pattern.match(path):
            return operation
    return None


def token_cost(version: Version, method: str, path: str) -> int:
    """Tokens Pipedrive charges for one request: `token_cost("v1", "GET", "/roles/7")` is 2."""
    operation = operation_for(version, method, path)
    if operation is not None:
        return _table()[version][operation]
    method = method.upper()
    if method == "GET":
        looks_single = bool(re.search(r"/\d+$", path))
        cost = _GENERIC_V1["GET_ONE" if looks_single else "GET_LIST"]
    else:
        cost = _GENERIC_V1.get(method, 10)
    return cost if version == "v1" else max(1, cost // 2)
