"""The generated company every benchmark uses, and how it is measured.

`company(roles, pipelines, stages, users, fields)` is a config in the tool's own language:
pipelines with their stages, roles in a hierarchy ten wide at the top, two settings each,
three visible pipelines each, the users spread over the roles as members, and `fields`
custom fields spread over the five entities, each an enum of five options (deal fields
important at a stage). The sandbox is seeded with the
same document plus `users:`, so a plan against it finds nothing to change.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

SETTING_KEYS = ("deal_default_visibility", "org_default_visibility")


FIELD_ENTITIES = ("deal", "person", "organization", "product", "project")
FIELD_OPTIONS = 5


def company(roles: int, pipelines: int, stages: int, users: int, fields: int = 0) -> dict[str, Any]:
    per_pipeline = stages // pipelines
    pipeline_list = [
        {
            "name": f"Pipeline {p:03}",
            "deal_probability": p % 2 == 0,
            "stages": [
                {
                    "name": f"Stage {s:02}",
                    "deal_probability": min(100, 10 * s),
                    "rotten_days": 7 + s,
                }
                for s in range(per_pipeline)
            ],
        }
        for p in range(pipelines)
    ]
    role_list = []
    for r in range(roles):
        role: dict[str, Any] = {
            "name": f"Role {r:03}",
            "parent": None if r < 10 else f"Role {(r - 10) // 2:03}",
            "settings": {key: (1, 3, 5, 7)[(r + i) % 4] for i, key in enumerate(SETTING_KEYS)},
            "pipelines": {
                "visible": [f"Pipeline {(r + k) % pipelines:03}" for k in range(min(3, pipelines))]
            },
        }
        role_list.append(role)
    for u in range(users):
        role_list[u % roles].setdefault("members", []).append(email(u))
    spec: dict[str, Any] = {"pipelines": pipeline_list, "roles": role_list}
    if fields:
        spec["fields"] = custom_fields(fields, pipelines)
    return spec


def custom_fields(count: int, pipelines: int) -> dict[str, list[dict[str, Any]]]:
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for f in range(count):
        entity = FIELD_ENTITIES[f % len(FIELD_ENTITIES)]
        item: dict[str, Any] = {
            "name": f"Field {f:03}",
            "type": "enum",
            "options": [f"Option {o}" for o in range(FIELD_OPTIONS)],
        }
        if entity == "deal":
            item["important"] = {f"Pipeline {f % pipelines:03}": ["Stage 00"]}
        by_entity.setdefault(entity, []).append(item)
    return by_entity


def email(user: int) -> str:
    return f"user{user:03}@bench.example"


def users_section(users: int) -> list[dict[str, str]]:
    return [{"name": f"User {u:03}", "email": email(u)} for u in range(users)]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Samples:
    """Repeated measurements of one quantity; the table shows min and median."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


@dataclass
class Timing:
    wall: float = 0.0  # seconds on the wall clock
    cpu: float = 0.0  # seconds of this process's CPU (user + system): independent of load


@contextmanager
def timed() -> Iterator[Timing]:
    timing = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield timing
    finally:
        timing.wall = time.perf_counter() - wall
        timing.cpu = time.process_time() - cpu


def peak_traced(work: Callable[[], Any]) -> tuple[Any, int]:
    """Run `work` under tracemalloc; its result and the peak bytes Python allocated for it."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def max_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
