"""GET /readyz: 200 when the process can take traffic (database, migrations, task backend),
503 with the failing check named otherwise (issue 17, point 4).

The failures are real: a database that is not there (the healthz tests' helper), a migration
record removed from django_migrations inside the test's transaction, a task backend that
cannot be loaded.
"""

from __future__ import annotations

import pytest
from django.db import connection

from omkreds.lib import views
from omkreds.lib.tests.test_healthz import default_database


@pytest.fixture(autouse=True)
def _check_migrations_each_time(monkeypatch):
    # The view remembers a passed migration check for the life of the process.
    monkeypatch.setattr(views, "_migrations_applied", False)


def test_ready_when_everything_answers(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "database: ok",
        "migrations: ok",
        "tasks: ok (ImmediateBackend)",
    ]
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_head_is_allowed_and_post_refused(client, db):
    assert client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405


def test_not_ready_while_migrations_are_missing(client, db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE (app = 'accounts' AND name LIKE '0001%%')"
            " OR (app = 'citizens' AND name LIKE '0001%%')"
        )

    response = client.get("/readyz")

    assert response.status_code == 503
    lines = response.content.decode().splitlines()
    assert lines[0] == "database: ok"
    # Every migration that depends on the two is missing too: the count says how far behind.
    assert lines[1].startswith("migrations: ") and lines[1].endswith(" not applied")
    assert int(lines[1].split()[1]) >= 2


def test_the_passed_migration_check_is_remembered(client, db, django_assert_num_queries):
    assert client.get("/readyz").status_code == 200

    # Afterwards a probe costs the database check only (plus what the middleware reads).
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


def test_not_ready_without_the_database(client, db, tmp_path):
    with default_database(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "x" / "db")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode().splitlines() == [
        "database: unavailable",
        "migrations: not checked",
        "tasks: ok (ImmediateBackend)",
    ]
    # And ready again once it is back.
    assert client.get("/readyz").status_code == 200


def test_not_ready_when_the_task_backend_cannot_be_loaded(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "omkreds.no_such_module.Backend"}}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode().splitlines()[-1] == "tasks: unavailable"


@pytest.mark.parametrize("secure_redirect", [True, False])
def test_not_redirected_to_https(client, db, settings, secure_redirect):
    settings.SECURE_SSL_REDIRECT = secure_redirect

    assert client.get("/readyz").status_code == 200
