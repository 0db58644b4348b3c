"""The Pipedrive HTTP client: base URL, auth header, pagination, retries, pacing, tally."""

from reconciler.api.client import PipedriveClient
from reconciler.api.responses import ApiResponse
from reconciler.api.tally import Tally
from reconciler.api.urls import resolve_base_url

__all__ = ["ApiResponse", "PipedriveClient", "Tally", "resolve_base_url"]
