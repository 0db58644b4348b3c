"""The company base URL the client talks to (validated), and request paths."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from reconciler.errors import UsageError

# Suffixes users paste from Pipedrive's docs; the client adds the version prefix itself.
_API_SUFFIXES = ("/api/v1", "/api/v2", "/api", "/v1")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_base_url(base_url: str) -> str:
    """Normalise the company root (`https://acme.pipedrive.com`) or raise UsageError.

    Accepts trailing slashes and a pasted `/api/v1` (or `/api/v2`) suffix. Refuses a missing
    scheme, credentials or a query string in the URL, and plain http except on loopback
    (127.0.0.0/8, ::1, localhost) where the sandbox runs.
    """
    text = base_url.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            "base URL must start with https:// (for example https://acme.pipedrive.com)"
        )
    if parts.query or parts.fragment or "@" in parts.netloc:
        # Not echoed back: a query or userinfo may well hold a secret.
        raise UsageError(
            "base URL must not carry credentials, a query string or a fragment; "
            "pass the API token through PIPEDRIVE_API_TOKEN or --api-token-file"
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise UsageError("base URL has no host name")
    if scheme == "http" and not _is_loopback(host):
        raise UsageError(
            f"refusing plain http:// for {host}: the API token would travel unencrypted; "
            "use https:// (plain http is allowed only for loopback hosts such as 127.0.0.1)"
        )
    path = parts.path.rstrip("/")
    for suffix in _API_SUFFIXES:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)].rstrip("/")
            break
    netloc = parts.netloc.lower()
    return f"{scheme}://{netloc}{path}"


def clean_path(path: str) -> str:
    """The path without its query, with a leading slash."""
    path = path.split("?", 1)[0]
    return path if path.startswith("/") else "/" + path


def split_query(path: str, params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Move a query written into the path (`/stages?ids=1,2`) into the params."""
    if "?" not in path:
        return dict(params) if params else None
    merged: dict[str, Any] = dict(parse_qsl(path.split("?", 1)[1], keep_blank_values=True))
    merged.update(params or {})
    return merged
