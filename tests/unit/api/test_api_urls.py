import pytest

from reconciler.api import resolve_base_url
from reconciler.errors import UsageError


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://acme.pipedrive.com", "https://acme.pipedrive.com"),
        ("https://acme.pipedrive.com/", "https://acme.pipedrive.com"),
        ("  https://Acme.Pipedrive.com//  ", "https://acme.pipedrive.com"),
        ("https://acme.pipedrive.com/api/v1", "https://acme.pipedrive.com"),
        ("https://acme.pipedrive.com/api/v2/", "https://acme.pipedrive.com"),
        ("https://proxy.example.com/pipedrive/api/v1", "https://proxy.example.com/pipedrive"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://127.3.4.5:8765/api/v1", "http://127.3.4.5:8765"),
        ("http://localhost:8765/", "http://localhost:8765"),
        ("http://[::1]:8765", "http://[::1]:8765"),
    ],
)
def test_accepted_base_urls_are_normalised(given: str, expected: str) -> None:
    assert resolve_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("http://acme.pipedrive.com", "plain http"),
        ("http://10.0.0.5:8765", "plain http"),
        ("http://localhost.evil.com", "plain http"),
        ("acme.pipedrive.com", "https://"),
        ("localhost:8765", "https://"),
        ("ftp://acme.pipedrive.com", "https://"),
        ("", "https://"),
    ],
)
def test_refused_base_urls_raise_usage_error(given: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        resolve_base_url(given)


def test_query_or_credentials_in_base_url_are_refused_without_echoing_them() -> None:
    for url in ("https://acme.pipedrive.com/?api_token=s3cret", "https://u:s3cret@acme.com"):
        with pytest.raises(UsageError) as info:
            resolve_base_url(url)
        assert "s3cret" not in str(info.value)
