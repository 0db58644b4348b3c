"""The building blocks of the config language, shared by every section's models.

Every model is frozen and forbids unknown keys, so a typo is an error with its line and
column rather than a silently ignored setting. The sections themselves are declared by their
kinds (`reconciler.kinds`) and assembled into the root `Config` by `config.models`.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

DEFAULT_ROLE_NAME = "(Unassigned users)"
# Keys of the config language whose values are write-only secrets (a webhook's
# `http_auth.password`): never printed, never in a plan, a report or the config digest.
SENSITIVE_KEYS = frozenset({"password"})


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _not_bool(value: object) -> object:
    # `True == 1`, so a Literal[1, ...] would otherwise accept `true` from YAML.
    if isinstance(value, bool):
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": "1, 3, 5 or 7"}
        )
    return value


VisibilityLevel = Annotated[
    Literal[1, 3, 5, 7],
    BeforeValidator(_not_bool),
    Field(
        description="1 owner only, 3 owner's visibility group, 5 owner's group and "
        "sub-groups, 7 entire company."
    ),
]


def _plain_name(value: str) -> str:
    # Names are compared as written: " Sales" would be a second pipeline beside "Sales".
    if not value.strip():
        raise PydanticCustomError("name_blank", "A name must not be blank")
    if value != value.strip():
        raise PydanticCustomError(
            "name_whitespace",
            "A name must not start or end with whitespace (names are compared as written)",
        )
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise PydanticCustomError(
            "name_control", "A name must not contain control characters (tabs, line breaks)"
        )
    return value


Name = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_plain_name)]
ProtectedAddress = Annotated[str, Field(pattern=r"^[a-z_]+/.+$", examples=["role/Sales Rep"])]
UserRef = Annotated[str, Field(min_length=1)] | int
PositiveId = Annotated[int, Field(ge=1)]


def _iso_date(value: object) -> object:
    # YAML gives unquoted dates as date objects; a quoted "2026-12-01" is accepted too.
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_type", "Input should be a date YYYY-MM-DD") from None
    return value


Date = Annotated[datetime.date, BeforeValidator(_iso_date)]


def pin(what: str) -> Any:
    """The `id:` field every matched section entry has."""
    return Field(None, description=f"Pin to this live {what} id.")


def former_names(what: str) -> Any:
    return Field(
        default_factory=list, description=f"Former names: a live {what} by one is renamed."
    )


def protect_flag() -> Any:
    return Field(False, description="Never deleted, even once removed from the config.")
