"""What a kind's planner returns: its changes and what it leaves alone. Kinds that others
depend on return a subclass carrying what those need (a role's live match, a pipeline's name
after the plan)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.planning.changes import Change, Unwritable


@dataclass
class KindOutcome:
    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)  # live only, left alone
    protected: list[str] = field(default_factory=list)  # kept although the config drops them
    blocked: list[str] = field(default_factory=list)  # kept because deleting them is blocked
    warnings: list[str] = field(default_factory=list)
    unwritable: list[Unwritable] = field(default_factory=list)  # drift the tool cannot write
