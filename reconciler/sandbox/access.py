"""What the token may reach in the sandbox's mode, checked by the gate before any route.

* `admin=False`: the token's user is not a company admin. Operations whose only OAuth scope
  in the documents is `admin` (roles, role settings and pipelines, assignments, stage and
  pipeline writes, user writes) answer 403 with the documents' `failResponse` body, "You do
  not have permissions to do this." (V1J `POST /users`); reads other scopes allow (stages,
  pipelines, users, projects...) are served.
* `v1_stages="gone"`: the v1 stage and pipeline endpoints, out of support since 2026-08-01
  and free to disappear (FACTS.md §4), answer every path under `/api/v1/stages` and
  `/api/v1/pipelines` with the 404 of a path that does not exist.

Both refusals come after authentication and the rate limits, and are charged like any other
authenticated request (as a removed Subscriptions API is).
"""

from __future__ import annotations

from reconciler.pipedrive_api import Version, admin_only
from reconciler.sandbox.options import SandboxOptions

NOT_PERMITTED = "You do not have permissions to do this."
UNKNOWN_PATH = "Unknown path or method"
V1_STAGE_ROOTS = ("/stages", "/pipelines")


def refusal(options: SandboxOptions, version: Version, method: str, path: str) -> tuple[int, str]:
    """(status, message) when the mode refuses this request; (0, "") when it may go on."""
    if options.v1_stages == "gone" and version == "v1" and _under(path, V1_STAGE_ROOTS):
        return 404, UNKNOWN_PATH
    if not options.admin and admin_only(version, method, path):
        return 403, NOT_PERMITTED
    return 0, ""


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root + "/") for root in roots)
