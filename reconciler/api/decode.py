"""Reading booleans and numbers out of Pipedrive's answers, whatever way they are spelled.

Pipedrive's documents type most flags boolean and most counts integer, but v1 answers are
known to be looser (FACTS.md §12.7: `assignment_count` as a string, `active` as 0/1 in one
place and true/false in another), and a stand-in or proxy may re-encode them again. Where
the meaning is plain, every plausible spelling is read rather than one guessed:

    booleans  true/false, 1/0, "1"/"0", "true"/"false", "yes"/"no", "on"/"off" (any case)
    numbers   5, 5.0, "5", " 5 ", "5.0" (and true/false as 1/0)

A missing value (None, "") reads as the caller's default. Anything else is not a guess the
tool should make: it raises `UnexpectedAnswer` (exit 1) naming the value, never a
traceback. Pure functions; what requests *send* is typed exactly as documented elsewhere.
"""

from __future__ import annotations

import math
from typing import Any

from reconciler.errors import UnexpectedAnswer

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def as_bool(value: Any, default: bool = False) -> bool:
    """A flag: `as_bool("0")` is False, `as_bool(None, default=True)` is True."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        try:
            return float(text) != 0
        except ValueError:
            pass
    raise UnexpectedAnswer(f"Pipedrive answered {_shown(value)} where a true/false was expected")


def as_int(value: Any) -> int | None:
    """A whole number (an id, a count, a position); None and "" stay None."""
    if value is None:
        return None
    if isinstance(value, int):  # true/false too: the mirror image of a flag sent as 1/0
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return int(number)
    raise UnexpectedAnswer(f"Pipedrive answered {_shown(value)} where a number was expected")


def as_id(value: Any) -> int:
    """An object's id, which must be there."""
    found = as_int(value)
    if found is None:
        raise UnexpectedAnswer("Pipedrive answered an object without an id")
    return found


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
