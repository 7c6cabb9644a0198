"""The access log partitioned by month on PostgreSQL (issue 16; migration access 0011).

The log table is partitioned by range of `at`, one partition per calendar month (UTC), named
`access_accesslogentry_pYYYYMM`, and a default partition for rows outside every month made
(far past or far future). Partitions are made ahead of time by `manage.py log_partitions` and
by the retention job, so that rows never land in the default partition in normal running.

What holds on every partition:
- the append-only trigger: it is defined on the partitioned table, and PostgreSQL clones it onto
  each partition, also those made later;
- the application role's privileges: on the partitioned table it may INSERT and SELECT only
  (`db_roles`); a new partition is made by the owner role, whose default privileges would give
  the application role UPDATE and DELETE on it directly, so every partition is made here with
  those taken away again (and `db_roles` takes them away on every partition there is).

Retention drops a whole partition once its every row is past the log period of every
organisation (`privacy.retention`); the rows of younger months are deleted row by row, as
before. SQLite has no partitions: there each function here does nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection

from omkreds.access.models import AccessLogEntry

PARENT = AccessLogEntry._meta.db_table
DEFAULT = f"{PARENT}_default"
MONTHS_AHEAD = 3
_NAME = re.compile(rf"^{PARENT}_p(\d{{4}})(\d{{2}})$")
# What no role but the owner may do on a partition directly.
REFUSED_ON_PARTITIONS = ("UPDATE", "DELETE", "TRUNCATE")


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{PARENT}_p{month:%Y%m}"


def partitions() -> dict[str, dt.date]:
    """The monthly partitions there are: name → first day of their month."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [PARENT],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = {}
    for name in names:
        match = _NAME.match(name)
        if match:
            found[name] = dt.date(int(match[1]), int(match[2]), 1)
    return found


def all_partitions() -> list[str]:
    """Every partition of the log, the default one included (none when not partitioned)."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [PARENT],
        )
        return [row[0] for row in cursor.fetchall()]


def restrict(cursor, table: str) -> None:
    """Take UPDATE, DELETE and TRUNCATE on `table` from every role but its owner."""
    q = connection.ops.quote_name
    cursor.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = current_schema() AND table_name = %s "
        "AND grantee <> (SELECT tableowner FROM pg_tables "
        "                WHERE schemaname = current_schema() AND tablename = %s)",
        [table, table],
    )
    grantees = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"REVOKE {', '.join(REFUSED_ON_PARTITIONS)} ON {q(table)} FROM PUBLIC")
    for grantee in grantees:
        if grantee != "PUBLIC":
            cursor.execute(
                f"REVOKE {', '.join(REFUSED_ON_PARTITIONS)} ON {q(table)} FROM {q(grantee)}"
            )


def create_partition(cursor, month: dt.date) -> str:
    q = connection.ops.quote_name
    name = partition_name(month)
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {q(name)} PARTITION OF {q(PARENT)} "
        "FOR VALUES FROM (%s) TO (%s)",
        [f"{month:%Y-%m-%d} 00:00:00+00", f"{next_month(month):%Y-%m-%d} 00:00:00+00"],
    )
    restrict(cursor, name)
    return name


def ensure_partitions(*, months_ahead: int = MONTHS_AHEAD, today: dt.date | None = None):
    """Make the partitions of this month and the next `months_ahead`; the names made."""
    if not is_partitioned():
        return []
    month = month_start(today or dt.datetime.now(dt.UTC).date())
    there = partitions()
    made = []
    with connection.cursor() as cursor:
        for _ in range(months_ahead + 1):
            if partition_name(month) not in there:
                made.append(create_partition(cursor, month))
            month = next_month(month)
    return made


def droppable(before: dt.datetime) -> list[str]:
    """Partitions whose every row is older than `before` (their month ends by then)."""
    if not is_partitioned():
        return []
    limit = before.astimezone(dt.UTC)
    return sorted(
        name
        for name, month in partitions().items()
        if dt.datetime.combine(next_month(month), dt.time.min, tzinfo=dt.UTC) <= limit
    )


def drop_partition(name: str) -> int:
    """Drop a partition (the owner role only): the log-review items that name its rows first.
    The number of log rows dropped."""
    if not _NAME.match(name):
        raise ValueError(f"not a partition of the access log: {name}")
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        # `name` matched _NAME above: a partition's name, quoted.
        table, items = q(name), q(_review_items())
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608
        rows = cursor.fetchone()[0]
        in_partition = f"entry_id IN (SELECT id FROM {table})"  # noqa: S608  # nosec B608
        cursor.execute(f"DELETE FROM {items} WHERE {in_partition}")  # noqa: S608  # nosec B608
        # A table with foreign-key checks still pending in this transaction cannot be dropped
        # (rows added in it: a test's); have them checked now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {q(PARENT)} DETACH PARTITION {q(name)}")
        cursor.execute(f"DROP TABLE {q(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return rows


def _review_items() -> str:
    from django.apps import apps

    return apps.get_model("privacy", "LogReviewItem")._meta.db_table
