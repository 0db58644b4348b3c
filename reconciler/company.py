"""The company a token reaches, from `GET /users/me` (2 tokens, read once per run).

`company_id`, `company_name` and `company_domain` are documented on getCurrentUser; a
stand-in that leaves one out still gets a usable name (the base URL's host), and the id stays
unknown rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reconciler.kinds.decode import as_int
from reconciler.planning.provenance import Company

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_company(client: PipedriveClient) -> Company:
    me = await client.get("v1", "/users/me")
    return company_of(me if isinstance(me, dict) else {}, client.base_url)


def company_of(me: dict[str, Any], base_url: str) -> Company:
    host = urlsplit(base_url).hostname or base_url
    domain = _text(me.get("company_domain")) or host
    try:
        company_id = as_int(me.get("company_id"))
    except (TypeError, ValueError):
        company_id = None
    return Company(
        id=company_id,
        name=_text(me.get("company_name")) or domain,
        domain=domain,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
