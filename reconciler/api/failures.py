"""Failures that no retry can fix: a server that cannot be reached, or one that is not Pipedrive.

Connection refused, an unknown host name, an unreachable network or a refused TLS
certificate come back the same way on every attempt, so the client reports them at once,
naming the host, instead of backing off for seconds in silence. Timeouts and dropped
connections may pass on the next attempt and stay retried.

A server that answers with something other than JSON before any answer has looked like
Pipedrive's is not Pipedrive at all (a mistyped base URL reaching some other web server);
after Pipedrive has answered once, the same body is Pipedrive's own edge and is reported
as the status it carries.
"""

from __future__ import annotations

import errno
import socket
import ssl

import httpx

from reconciler.api.responses import decode_json
from reconciler.errors import NotPipedriveError, UnreachableError

_UNREACHABLE_ERRNOS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
}


def unreachable_reason(exc: BaseException) -> str | None:
    """Why `exc` (an httpx error and the errors it was raised from) will fail again the
    same way, or None when another attempt may succeed."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "host name not found"
        if isinstance(current, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({current.verify_message})"
        if isinstance(current, OSError) and current.errno in _UNREACHABLE_ERRNOS:
            return _UNREACHABLE_ERRNOS[current.errno]
        current = current.__cause__ or current.__context__
    return None


def unreachable(method: str, full_path: str, base_url: str, reason: str) -> UnreachableError:
    return UnreachableError(method, full_path, _host(base_url), reason)


def check_pipedrive(
    response: httpx.Response, answered_json: bool, method: str, full_path: str, base_url: str
) -> bool:
    """Raise NotPipedriveError for a foreign answer from a server that has not answered as
    Pipedrive yet; else return whether it has now (`answered_json` for the next answer)."""
    if not is_foreign(response):
        return True
    # An empty 2xx is a plain success; any other body that is not JSON is foreign.
    empty_success = response.status_code < 300 and not response.content
    if not (answered_json or is_pipedrive_edge(response) or empty_success):
        raise not_pipedrive(response, method, full_path, base_url)
    return answered_json


def is_foreign(response: httpx.Response) -> bool:
    """Whether the body is not JSON at all (HTML, plain text, empty): never Pipedrive's."""
    return decode_json(response) is None


def is_pipedrive_edge(response: httpx.Response) -> bool:
    """Answers Pipedrive's edge gives in HTML that say nothing about the base URL: rate-limit
    abuse (a Cloudflare 403 page), throttling, and server errors that are retried anyway."""
    status = response.status_code
    html = "html" in response.headers.get("content-type", "")
    return status == 429 or status >= 500 or (status == 403 and html)


def not_pipedrive(
    response: httpx.Response, method: str, full_path: str, base_url: str
) -> NotPipedriveError:
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    body = (
        "an empty body"
        if not response.content
        else "an HTML page"
        if "html" in kind
        else f"a non-JSON body ({kind or 'no content type'})"
    )
    return NotPipedriveError(method, full_path, response.status_code, _host(base_url), body)


def _host(base_url: str) -> str:
    url = httpx.URL(base_url)
    default = {"http": 80, "https": 443}.get(url.scheme)
    port = f":{url.port}" if url.port is not None and url.port != default else ""
    return f"{url.host}{port}"
