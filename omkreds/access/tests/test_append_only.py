"""The access log is append-only inside PostgreSQL (issue 8, figure 4).

The application's role (`manage.py db_roles`, docs/deployment.md) may INSERT and SELECT log
rows; PostgreSQL itself refuses its UPDATE, DELETE and TRUNCATE. A trigger (migration
access 0004) refuses UPDATE and DELETE even to the owner role that runs migrations.

The tests apply `db_roles --apply` to the test database and act as the application role with
`SET LOCAL ROLE`, inside the test's transaction, so nothing outlives a test. They need the role
to exist and the owner role (the one in DATABASE_URL) to be a member of it; `.ci/run` sets that
up. Without it they are skipped on a laptop, and fail in CI (CI set), where they must run.
SQLite has no roles: there the application is the only guard, and the tests are skipped.
"""

import datetime as dt
import os
import uuid
from contextlib import contextmanager
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from omkreds.access.management.commands.db_roles import DEFAULT_APP_ROLE, log_privileges
from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing import trust

APP_ROLE = os.environ.get("OMKREDS_DB_APP_ROLE", DEFAULT_APP_ROLE)
LOG = AccessLogEntry._meta.db_table
INSUFFICIENT_PRIVILEGE = "42501"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no database roles or triggers"
    ),
]


def _app_role_problem() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            return f"the role {APP_ROLE} does not exist"
        cursor.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", [APP_ROLE])
        if not cursor.fetchone()[0]:
            return f"the database user is not a member of {APP_ROLE}"
    return None


@pytest.fixture
def app_role(db):
    """The application role, with the privileges `db_roles --apply` gives it."""
    problem = _app_role_problem()
    if problem:
        message = (
            f"Cannot test the append-only access log: {problem}. As a superuser: "
            f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '...'; GRANT {APP_ROLE} TO <owner role>;"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    call_command("db_roles", "--apply", app_role=APP_ROLE, stdout=StringIO())
    return APP_ROLE


@contextmanager
def acting_as(role: str | None):
    """A savepoint in which the statements run as `role` (None: as the owner)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if role:
            cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")
        yield cursor


def refused(role: str | None, sql: str, params=()) -> str | None:
    """Run `sql` as `role`; return the SQLSTATE it was refused with, or None if it ran."""
    try:
        with acting_as(role) as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return getattr(exc.__cause__, "sqlstate", "unknown")
    return None


def log_entry(cast, **values) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        user=cast.worker,
        user_label=cast.worker.email,
        organisation=cast.org,
        citizen_id=cast.citizen.pk,
        action="view_case",
        **values,
    )


def test_app_role_may_insert_and_read_the_log_but_not_change_it(cast, app_role):
    entry = log_entry(cast)
    with acting_as(app_role):
        added = AccessLogEntry.objects.create(
            user=cast.worker, user_label="app", citizen_id=uuid.uuid4(), action="view_case"
        )
        assert AccessLogEntry.objects.filter(pk__in=[entry.pk, added.pk]).count() == 2

    attempts = {
        "UPDATE": (f"UPDATE {LOG} SET action = 'nothing' WHERE id = %s", [entry.pk]),
        "UPDATE user_id": (f"UPDATE {LOG} SET user_id = NULL WHERE id = %s", [entry.pk]),
        "DELETE": (f"DELETE FROM {LOG} WHERE id = %s", [entry.pk]),
        "TRUNCATE": (f"TRUNCATE {LOG} CASCADE", []),
    }
    outcome = {name: refused(app_role, sql, params) for name, (sql, params) in attempts.items()}

    # The ORM's own UPDATE and DELETE meet the same refusal.
    with pytest.raises(DatabaseError), acting_as(app_role):
        AccessLogEntry.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(DatabaseError), acting_as(app_role):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()

    trust.record(
        "append-only",
        check="application role",
        role=app_role,
        outcome={name: state or "ran" for name, state in outcome.items()},
        refused=sum(1 for state in outcome.values() if state) + 2,
        refused_expected=len(attempts) + 2,
        allowed=2,
        allowed_expected=2,
    )
    assert outcome == dict.fromkeys(attempts, INSUFFICIENT_PRIVILEGE)
    assert entry.action == "view_case" and entry.user_id == cast.worker.pk
    assert log_privileges(app_role) == {
        "INSERT": True,
        "SELECT": True,
        "UPDATE": False,
        "DELETE": False,
        "TRUNCATE": False,
    }


def test_trigger_refuses_update_and_delete_even_to_the_owner(cast, app_role):
    entry = log_entry(cast)
    attempts = {
        "UPDATE": (f"UPDATE {LOG} SET action = 'nothing' WHERE id = %s", [entry.pk]),
        "UPDATE time": (f"UPDATE {LOG} SET at = at - interval '1 day' WHERE id = %s", [entry.pk]),
        "UPDATE user_id to another": (
            f"UPDATE {LOG} SET user_id = %s WHERE id = %s",
            [cast.colleague.pk, entry.pk],
        ),
        "DELETE": (f"DELETE FROM {LOG} WHERE id = %s", [entry.pk]),
    }
    outcome = {name: refused(None, sql, params) for name, (sql, params) in attempts.items()}
    trust.record(
        "append-only",
        check="owner role (trigger)",
        outcome={name: state or "ran" for name, state in outcome.items()},
        refused=sum(1 for state in outcome.values() if state),
        refused_expected=len(attempts),
    )
    assert outcome == dict.fromkeys(attempts, INSUFFICIENT_PRIVILEGE)
    entry.refresh_from_db()
    assert entry.action == "view_case"


def test_owner_may_clear_a_deleted_users_link_and_run_retention(cast, app_role):
    entry = log_entry(cast)
    # Deleting a user clears the link (ON DELETE SET NULL); the label still says who it was.
    assert refused(None, f"UPDATE {LOG} SET user_id = NULL WHERE id = %s", [entry.pk]) is None
    entry.refresh_from_db()
    assert entry.user_id is None and entry.user_label == cast.worker.email
    # The retention job deletes only after saying so for its own transaction, and only rows
    # past the log period (10 years by default).
    old = log_entry(cast, at=timezone.now() - dt.timedelta(days=365 * 10 + 3))
    with acting_as(None) as cursor:
        cursor.execute("SET LOCAL omkreds.access_log_retention = 'on'")
        cursor.execute(f"DELETE FROM {LOG} WHERE id = %s", [old.pk])
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    # …which the application role still cannot do.
    other = log_entry(cast)
    with pytest.raises(DatabaseError), acting_as(app_role) as cursor:
        cursor.execute("SET LOCAL omkreds.access_log_retention = 'on'")
        cursor.execute(f"DELETE FROM {LOG} WHERE id = %s", [other.pk])
    assert AccessLogEntry.objects.filter(pk=other.pk).exists()


def test_the_application_serves_requests_as_the_app_role(cast, app_role, login_as):
    """The privileges are enough for the product: a citizen's page is shown and logged."""
    client = login_as(cast.worker)
    with acting_as(app_role) as cursor:
        response = client.get(f"/citizens/{cast.citizen.pk}/")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app_role
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, user=cast.worker).exists()


def test_db_roles_prints_the_statements(app_role, capsys):
    call_command("db_roles", app_role=app_role)
    printed = capsys.readouterr().out
    assert f"GRANT SELECT, INSERT ON {connection.ops.quote_name(LOG)} TO" in printed
    assert f"REVOKE ALL ON {connection.ops.quote_name(LOG)} FROM" in printed


def _retention_delete(pk) -> str | None:
    """Delete a log row as the retention job does (owner role, flag on); the SQLSTATE if refused."""
    try:
        with acting_as(None) as cursor:
            cursor.execute("SET LOCAL omkreds.access_log_retention = 'on'")
            cursor.execute(f"DELETE FROM {LOG} WHERE id = %s", [pk])
    except DatabaseError as exc:
        return getattr(exc.__cause__, "sqlstate", "unknown")
    return None


@pytest.mark.parametrize("log_years", [None, 3])
def test_the_retention_flag_cannot_delete_rows_younger_than_the_log_period(cast, log_years):
    """Issue 15, point 8: the owner role with the flag on deleted the newest row."""
    if log_years:
        # The organisation's own log period, kept by the privacy app (access imports none of it).
        apps.get_model("privacy", "RightsSettings").objects.create(
            organisation=cast.org, log_years=log_years
        )
    years = log_years or 10
    ages = {
        "newest": dt.timedelta(0),
        "a day inside the period": dt.timedelta(days=365 * years - 1),
        "past the period": dt.timedelta(days=365 * years + 3),
    }
    entries = {name: log_entry(cast, at=timezone.now() - age) for name, age in ages.items()}
    outcome = {name: _retention_delete(entry.pk) for name, entry in entries.items()}
    young_deleted = sum(
        1 for name in ("newest", "a day inside the period") if outcome[name] is None
    )
    trust.record(
        "append-only",
        check=f"retention flag on, log period {years} years: rows inside it refused",
        young_rows_deleted=young_deleted,
        refused=sum(1 for state in outcome.values() if state),
        refused_expected=2,
    )
    assert outcome == {
        "newest": INSUFFICIENT_PRIVILEGE,
        "a day inside the period": INSUFFICIENT_PRIVILEGE,
        "past the period": None,
    }
    assert set(AccessLogEntry.objects.filter(pk__in=[e.pk for e in entries.values()])) == {
        entries["newest"],
        entries["a day inside the period"],
    }
