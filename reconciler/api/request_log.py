"""The one log record per attempt the client writes (logger `reconciler.api`, DEBUG).

Its `request` attribute carries the fields `-v` and `--log-format json` show: method, path,
status (None when no response came), milliseconds and documented token cost. Never the
token, which travels only in a header, nor the query string.
"""

from __future__ import annotations

import logging

log = logging.getLogger("reconciler.api")


def log_attempt(
    method: str,
    path: str,
    *,
    status: int | None,
    seconds: float,
    tokens: int,
    error: str | None = None,
) -> None:
    fields: dict[str, object] = {
        "method": method,
        "path": path,
        "status": status,
        "ms": round(seconds * 1000, 1),
        "tokens": tokens,
    }
    if status is None:
        fields["error"] = error
        log.debug("%s %s no response (%s)", method, path, error, extra={"request": fields})
        return
    ms = seconds * 1000
    message = "%s %s %d %.0fms cost=%d"
    log.debug(message, method, path, status, ms, tokens, extra={"request": fields})
