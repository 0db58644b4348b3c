import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import reconciler.api
from reconciler.api.retry import BACKOFF_CAP, backoff, rate_limit_wait


def test_public_surface_is_pinned() -> None:
    assert sorted(reconciler.api.__all__) == [
        "ApiResponse",
        "PipedriveClient",
        "Tally",
        "resolve_base_url",
    ]


def test_backoff_doubles_with_jitter_up_to_a_cap() -> None:
    rng = random.Random(7)
    for attempt in range(12):
        ceiling = min(BACKOFF_CAP, 0.5 * 2**attempt)
        waits = {backoff(attempt, rng) for _ in range(20)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 1  # jittered, so parallel retries spread out


def test_retry_after_as_http_date_and_garbage() -> None:
    rng = random.Random(1)
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= rate_limit_wait({"retry-after": later}, 0, rng) <= 30
    assert rate_limit_wait({"retry-after": "soon", "x-ratelimit-reset": "4"}, 0, rng) == 4.0
    assert 0.25 <= rate_limit_wait({}, 0, rng) <= 0.5
