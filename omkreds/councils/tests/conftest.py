import pytest
from django.test import Client

from omkreds.lib.testing.api import token_client
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)


def _client(user, cast) -> Client:
    return token_client(Client(), user, cast.org)


@pytest.fixture
def worker(cast):
    """An API client with the worker's token."""
    return _client(cast.worker, cast)


@pytest.fixture
def coordinator(cast):
    """An API client with the coordinator's token."""
    return _client(cast.coordinator, cast)
