import pytest

from omkreds.lib.testing.cast import Cast, login


@pytest.fixture
def cast(db) -> Cast:
    return Cast.create()


@pytest.fixture
def login_as(client):
    def _login(user, *, verified: bool = True):
        login(client, user, verified=verified)
        return client

    return _login
