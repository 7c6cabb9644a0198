"""The access log partitioned by month on PostgreSQL (issue 16; migration access 0011).

Each month's rows land in that month's partition; partitions are made ahead by
`manage.py log_partitions` and by the retention job; on every partition, also one made after
`db_roles --apply`, the application role may not UPDATE, DELETE or TRUNCATE and the trigger
refuses UPDATE and DELETE to the owner; retention drops whole months past every
organisation's log period (and the log-review items naming their rows) and deletes the rest
row by row. On SQLite there are no partitions: the command says so and changes nothing.
"""

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from omkreds.access import partitions
from omkreds.access.models import AccessLogEntry
from omkreds.access.tests.test_append_only import (  # noqa: F401  (app_role is a fixture)
    INSUFFICIENT_PRIVILEGE,
    acting_as,
    app_role,
    refused,
)
from omkreds.privacy.retention import retention_apply, retention_plan

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no partitions"
)


def _month(months_from_now: int) -> dt.date:
    month = partitions.month_start(dt.datetime.now(dt.UTC).date())
    step = partitions.next_month if months_from_now >= 0 else _previous_month
    for _ in range(abs(months_from_now)):
        month = step(month)
    return month


def _previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _noon(month: dt.date, day: int = 15) -> dt.datetime:
    return dt.datetime.combine(month.replace(day=day), dt.time(12), tzinfo=dt.UTC)


def _entry(cast, at: dt.datetime) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        at=at,
        user=cast.worker,
        user_label=cast.worker.email,
        organisation=cast.org,
        citizen_id=cast.citizen.pk,
        action="view_case",
    )


def _partition_of(entry: AccessLogEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {partitions.PARENT} WHERE id = %s",  # noqa: S608
            [entry.pk],
        )
        return cursor.fetchone()[0]


@postgresql_only
def test_each_months_rows_land_in_that_months_partition(cast):
    months = [_month(0), _month(1), _month(2)]
    entries = [_entry(cast, _noon(month)) for month in months]
    assert [_partition_of(e) for e in entries] == [partitions.partition_name(m) for m in months]
    # Read through the log as one table, per citizen, newest first.
    assert list(AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk)) == entries[::-1]


@postgresql_only
def test_log_partitions_makes_the_months_ahead_once():
    out = StringIO()
    call_command("log_partitions", months_ahead=6, stdout=out)
    names = set(partitions.partitions())
    assert {partitions.partition_name(_month(n)) for n in range(7)} <= names
    again = StringIO()
    call_command("log_partitions", months_ahead=6, stdout=again)
    assert again.getvalue().startswith("Made 0 partition(s);")
    assert set(partitions.partitions()) == names


@postgresql_only
def test_a_new_partition_is_append_only_for_the_app_role_and_the_owner(cast, app_role):  # noqa: F811
    # Made after db_roles --apply: the owner's default privileges would give the application
    # role UPDATE and DELETE on it; the partition is made without them.
    ahead = _month(partitions.MONTHS_AHEAD + 3)
    name = partitions.partition_name(ahead)
    call_command("log_partitions", months_ahead=partitions.MONTHS_AHEAD + 3, stdout=StringIO())
    with acting_as(app_role) as cursor:
        entry = _entry(cast, _noon(ahead))
        cursor.execute("RESET ROLE")  # SET LOCAL outlives the savepoint
    assert _partition_of(entry) == name
    attempts = {
        f"{table} {verb}": sql.format(table=table)
        for table in (partitions.PARENT, name)
        for verb, sql in {
            "UPDATE": "UPDATE {table} SET action = 'nothing' WHERE id = %s",
            "DELETE": "DELETE FROM {table} WHERE id = %s",
        }.items()
    }
    as_app = {what: refused(app_role, sql, [entry.pk]) for what, sql in attempts.items()}
    as_owner = {what: refused(None, sql, [entry.pk]) for what, sql in attempts.items()}
    truncate = refused(app_role, f"TRUNCATE {name}")
    assert as_app == dict.fromkeys(attempts, INSUFFICIENT_PRIVILEGE)
    assert as_owner == dict.fromkeys(attempts, INSUFFICIENT_PRIVILEGE)  # the trigger
    assert truncate == INSUFFICIENT_PRIVILEGE
    entry.refresh_from_db()
    assert entry.action == "view_case"
    # db_roles says the same of every partition there is.
    call_command("db_roles", "--apply", app_role=app_role, stdout=StringIO())
    with connection.cursor() as cursor:
        for table in partitions.all_partitions():
            for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
                cursor.execute(
                    "SELECT has_table_privilege(%s, %s, %s)", [app_role, table, privilege]
                )
                assert cursor.fetchone()[0] is False, (table, privilege)


@postgresql_only
def test_retention_drops_whole_months_past_every_log_period(cast):
    apps.get_model("privacy", "RightsSettings").objects.create(organisation=cast.org, log_years=3)
    old_months = [_month(-12 * 11 - n) for n in range(3)]  # eleven years ago: past 10 and 3
    with connection.cursor() as cursor:
        for month in old_months:
            partitions.create_partition(cursor, month)
    old = [_entry(cast, _noon(month)) for month in old_months]
    # Four years ago: past the organisation's 3 years, not the default 10 of others, so its
    # month stays and the row goes row by row.
    middle = _entry(cast, timezone.now() - dt.timedelta(days=365 * 4))
    young = _entry(cast, timezone.now())
    review = apps.get_model("privacy", "LogReview").objects.create(
        organisation=cast.org,
        reviewer=cast.lead,
        period_from=old_months[-1],
        period_to=timezone.localdate(),
        sample_size=0,
        rules={},
        rng_seed=1,
    )
    items = apps.get_model("privacy", "LogReviewItem")
    for e in (*old, young):
        items.objects.create(review=review, entry_id=e.pk, reasons=["random"])

    deleted = retention_apply(plan=retention_plan())

    left = partitions.partitions()
    assert not {partitions.partition_name(m) for m in old_months} & set(left)
    assert partitions.partition_name(_month(partitions.MONTHS_AHEAD)) in left
    assert set(AccessLogEntry.objects.filter(pk__in=[e.pk for e in (*old, middle, young)])) == {
        young
    }
    assert deleted[AccessLogEntry._meta.label] == 4
    assert list(items.objects.filter(review=review).values_list("entry_id", flat=True)) == [
        young.pk
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL partitions the log")
def test_on_sqlite_the_command_says_there_is_nothing_to_partition(cast):
    out = StringIO()
    call_command("log_partitions", stdout=out)
    assert "not partitioned" in out.getvalue()
    assert partitions.ensure_partitions() == [] and partitions.droppable(timezone.now()) == []
    # The log works as one table.
    rows = [_entry(cast, timezone.now() - dt.timedelta(days=40 * n)) for n in range(3)]
    assert set(AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk)) == set(rows)
    assert uuid.UUID(str(rows[0].citizen_id)) == cast.citizen.pk
