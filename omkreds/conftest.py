import datetime as dt

import pytest
from django.utils import timezone

from omkreds.lib.testing.browser import (  # noqa: F401  (fixtures for browser tests)
    _playwright,
    browser,
    browser_errors,
    context,
    page,
)
from omkreds.lib.testing.cast import Cast, login

# Writes test-report/authorization.json after a run that included the authorization matrix.
from omkreds.lib.testing.matrix import pytest_sessionfinish, pytest_testnodedown  # noqa: F401


def pytest_configure(config):
    # Watches request paths and log records for names, dates of birth and canaries over the
    # whole run; writes test-report/personal-data.json (omkreds/access/tests/personal_data.py).
    from omkreds.access.tests import personal_data

    config.pluginmanager.register(personal_data, "omkreds-personal-data")
    # Writes test-report/trust-*.json (append-only log, concurrent edits, crash mid-write).
    from omkreds.lib.testing import trust

    config.pluginmanager.register(trust, "omkreds-trust")
    # Browser tests on SQLite: the live server runs one request at a time (live_server.py).
    from omkreds.lib.testing import live_server

    live_server.install()


@pytest.fixture
def today() -> dt.date:
    """The local date when the test starts: a module constant would keep the day it was
    imported, and a run that crosses local midnight would compare yesterday with the services'
    today."""
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    """`days_ago(n)`: the date n days before the test's `today`."""

    def _days_ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    return _days_ago


@pytest.fixture
def cast(db) -> Cast:
    return Cast.create()


@pytest.fixture
def login_as(client):
    def _login(user, *, verified: bool = True):
        login(client, user, verified=verified)
        return client

    return _login


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in the source language: a request's LocaleMiddleware leaves its
    language active in the thread, which would otherwise leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_parsed_maps():
    """Each test starts with no parsed map documents kept from another test's database."""
    from omkreds.networks.models import PARSED

    PARSED.clear()
    yield
