"""GET /healthz: 200 while the database answers, 503 when it does not.

The failing cases swap the default connection for one that points at a database that really
is not there (a file in a missing folder, a PostgreSQL port nobody listens on), so the view
meets the same error a load balancer would see in production.
"""

import copy
import re
import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.db.utils import load_backend


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def default_database(**overrides):
    """Point the default alias at another database for the length of the block."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict) | overrides
    if overrides.get("ENGINE") != original.settings_dict["ENGINE"]:
        settings_dict["OPTIONS"] = overrides.get("OPTIONS", {})
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def test_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    # Every response carries the id that the server log and the access log record.
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_head_is_allowed_for_load_balancers(client, db):
    assert client.head("/healthz").status_code == 200


def test_post_is_refused(client, db):
    assert client.post("/healthz").status_code == 405


def test_503_when_the_sqlite_file_cannot_be_opened(client, db, tmp_path):
    missing = tmp_path / "no-such-folder" / "omkreds.sqlite3"

    with default_database(ENGINE="django.db.backends.sqlite3", NAME=str(missing)):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert "no-cache" in response["Cache-Control"]
    assert not missing.parent.exists()


def test_503_when_postgresql_does_not_listen(client, db):
    with default_database(
        ENGINE="django.db.backends.postgresql",
        NAME="omkreds",
        USER="omkreds",
        PASSWORD="",
        HOST="127.0.0.1",
        PORT=str(_closed_port()),
        OPTIONS={"connect_timeout": 2},
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_recovers_when_the_database_is_back(client, db, tmp_path):
    with default_database(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "x" / "db")):
        assert client.get("/healthz").status_code == 503

    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("secure_redirect", [True, False])
def test_not_redirected_to_https(client, db, settings, secure_redirect):
    # Load balancers probe over plain HTTP inside the private network.
    settings.SECURE_SSL_REDIRECT = secure_redirect

    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == (301 if secure_redirect else 200)
