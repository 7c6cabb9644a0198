"""Reports read from a real streaming replica; writes and everything else stay on the primary.

The test starts a throw-away PostgreSQL primary with the test database's schema and a standby
made from it with `pg_basebackup -R` (omkreds/lib/testing/postgres.py), both on loopback, and
runs the app in a process of its own with DATABASE_URL on the primary and DATABASE_REPLICA_URL
on the standby, as a deployment would. There it makes a cast and a CTI course, waits until the
standby has replayed them, pauses the standby's replay and renames the citizen on the primary:
the phase plan (a report) still shows the old name, so it read from the standby, while the
citizen page shows the new name (the primary); the access-log rows both pages wrote are on the
primary (the standby is read-only: a write sent there would have failed).

It runs with the PostgreSQL tests only: it needs PostgreSQL's binaries, not the test database.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from omkreds.lib.testing.postgres import primary_and_standby

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a streaming replica is PostgreSQL's"
)

ROOT = Path(__file__).resolve().parents[3]

APP = """
import datetime as dt, json, time
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import Citizen
from omkreds.cti.models import CtiCourse
from omkreds.cti.services import planned_dates
from omkreds.lib.testing.cast import Cast, login

with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    cast = Cast.create()
started = dt.date.today() - dt.timedelta(days=10)
CtiCourse.objects.create(
    citizen=cast.citizen, worker=cast.worker, started_on=started, created_by=cast.worker,
    **planned_dates(started).__dict__,
)
lead, worker = Client(), Client()
login(lead, cast.lead)
login(worker, cast.worker)

primary, replica = connections["default"], connections["replica"]
with primary.cursor() as cursor:
    cursor.execute("SELECT pg_current_wal_lsn()")
    written = cursor.fetchone()[0]
deadline = time.monotonic() + 60
with replica.cursor() as cursor:
    while True:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
        if cursor.fetchone()[0]:
            break
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)
    cursor.execute("SELECT pg_is_in_recovery()")
    in_recovery = cursor.fetchone()[0]
    cursor.execute("SELECT pg_wal_replay_pause()")

old_name = cast.citizen.name
Citizen.objects.filter(pk=cast.citizen.pk).update(name="Renamed on the primary")
logged = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk).count()

plan = lead.get("/cti/phase-plan/")
page = worker.get(f"/citizens/{cast.citizen.pk}/")
print(json.dumps({
    "standby_in_recovery": in_recovery,
    "plan_status": plan.status_code,
    "plan_shows_old": old_name in plan.text,
    "plan_shows_new": "Renamed on the primary" in plan.text,
    "page_status": page.status_code,
    "page_shows_new": "Renamed on the primary" in page.text,
    "rows_written": AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk).count() - logged,
}))
"""


def test_reports_read_from_a_streaming_replica_and_writes_go_to_the_primary(db):
    with primary_and_standby(schema_from=connection.settings_dict) as (primary, standby):
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "omkreds.settings",
            "SECRET_KEY": "replica-test-" + "k" * 50,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "WARNING",
            "OTP_REQUIRED": "1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary}/omkreds",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{standby}/omkreds",
        }
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(APP)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "standby_in_recovery": True,
        "plan_status": 200,
        "plan_shows_old": True,  # the report read from the paused standby
        "plan_shows_new": False,
        "page_status": 200,
        "page_shows_new": True,  # the citizen page read from the primary
        "rows_written": 2,  # the phase plan's row and the citizen page's, on the primary
    }
