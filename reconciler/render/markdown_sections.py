"""Assembling a Markdown comment from sections under a size limit.

A section is a head, rows and a tail; each row remembers which plan changes it shows, so the
truncation line can say exactly how many changes the reader does not see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The smallest limit the comment can honour: marker, heading, summary, truncation line.
MIN_CHARS = 1000

Row = tuple[str, frozenset[int]]  # text ending in a newline, indices of changes it shows


@dataclass(frozen=True)
class Section:
    head: Callable[[int], str]  # given how many rows are shown
    rows: Sequence[Row]
    tail: str = ""

    def text(self, shown: int) -> str:
        return self.head(shown) + "".join(r for r, _ in self.rows[:shown]) + self.tail

    def changes(self, shown: int) -> frozenset[int]:
        return frozenset().union(*(ids for _, ids in self.rows[:shown]))


def table_row(cells: Sequence[str]) -> str:
    """One table row; cells must already be escaped."""
    return "| " + " | ".join(cells) + " |\n"


def truncation_line(not_shown: int, hint: str) -> str:
    noun = "change" if not_shown == 1 else "changes"
    return f"Output truncated: {not_shown} {noun} not shown; see the JSON plan ({hint})\n"


def fit(head: str, sections: Sequence[Section], total: int, max_chars: int, hint: str) -> str:
    """`head` and the non-empty sections, blank-line separated, in at most max_chars.

    `total` is the number of changes in the plan; `hint` (escaped) names the JSON plan.
    """
    if max_chars < MIN_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_CHARS}, not {max_chars}")
    sections = [s for s in sections if s.rows]
    full = head + "".join("\n" + s.text(len(s.rows)) for s in sections)
    if len(full) <= max_chars:
        return full
    # Reserve room for the longest truncation line this plan can need: no more digits than
    # `total`, and "1 change" may become "0 changes".
    reserve = len("\n" + truncation_line(total, hint)) + 1
    budget = max_chars - len(head) - reserve
    if budget < 0:
        raise ValueError(f"max_chars {max_chars} leaves no room for the summary")
    parts: list[str] = []
    shown: set[int] = set()
    for section in sections:
        whole = "\n" + section.text(len(section.rows))
        if len(whole) <= budget:
            parts.append(whole)
            budget -= len(whole)
            shown |= section.changes(len(section.rows))
            continue
        count = _most_rows(section, budget)
        if count:
            parts.append("\n" + section.text(count))
            shown |= section.changes(count)
        break
    return head + "".join(parts) + "\n" + truncation_line(total - len(shown), hint)


def _most_rows(section: Section, budget: int) -> int:
    """The most rows (fewer than all) whose section text fits in budget; 0 if none does."""
    low, high = 0, len(section.rows) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if len("\n" + section.text(mid)) <= budget:
            low = mid
        else:
            high = mid - 1
    return low
