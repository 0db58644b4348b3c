"""The two kinds of Pipedrive credentials and the one header each travels in.

An API token goes in `x-api-token` (FACTS.md §2: "must be provided in the x-api-token
header"); an OAuth access token in `Authorization: Bearer`. Never both, never the URL.
"""

from __future__ import annotations

from typing import Literal

TokenKind = Literal["api_token", "oauth"]
TOKEN_KINDS: tuple[TokenKind, ...] = ("api_token", "oauth")


def auth_headers(kind: TokenKind, token: str) -> dict[str, str]:
    if kind == "oauth":
        return {"authorization": f"Bearer {token}"}
    if kind == "api_token":
        return {"x-api-token": token}
    raise ValueError(f"unknown token kind {kind!r}")


class Secret:
    """Holds the token; its repr never shows it."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<secret>"

    def redact(self, text: str) -> str:
        # Whatever its length: a short token mangles a message that contains it by chance,
        # which is better than ever printing one.
        return text.replace(self.value, "<redacted>") if self.value else text
