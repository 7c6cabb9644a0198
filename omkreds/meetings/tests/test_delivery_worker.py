"""The durable task worker (issue 17, point 3): e-mail is a row in the database queue that
`manage.py db_worker` processes run. Real parts: PostgreSQL, two worker processes, an aiosmtpd
server that is stopped (an outage) and started again on the same port.

An outage leaves the invitations queued, not lost and not an error page; the worker tries again
with growing delays and sends them once the server is back; each e-mail goes out once although
two workers run and the rows were handed to the queue twice; the delivery list says truthfully
where each one is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from omkreds.lib.testing.smtp import SmtpServer
from omkreds.meetings import services_invitations
from omkreds.meetings.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = (
    ("Britt Syster", "britt@example.se"),
    ("Carl Bror", "carl@example.se"),
    ("Dora Moster", "dora@example.se"),
)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker(smtp: SmtpServer, log: Path) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "MAIL_RETRY_FIRST_SECONDS": "1",
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DB_POOLER", None)
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
    command += ["--no-reload", "--no-startup-delay"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _until(check, what: str, logs: list[Path], seconds: float = 180):
    """Wait for a state of the database the workers bring about (polling it, with a limit)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.2)
    tails = "\n".join(log.read_text()[-3000:] for log in logs)
    raise AssertionError(f"{what} did not happen in {seconds} s; worker logs:\n{tails}")


def _states(meeting) -> dict[str, tuple[str, str]]:
    return {
        name: (state, outcome)
        for name, state, outcome in Delivery.objects.filter(meeting=meeting).values_list(
            "name", "state", "outcome"
        )
    }


def _shown(client, meeting) -> dict[str, str]:
    page = client.get(f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/").content.decode()
    return {
        name: page.split(f'rowspan="1">{name}</th>')[1]
        .split("</tr>")[0]
        .split("<td>")[3]
        .split("</td>")[0]
        for name, _email in PEOPLE
    }


def test_an_smtp_outage_leaves_invitations_queued_and_two_workers_send_each_once_when_it_ends(
    scheduled, cast, login_as, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database: PostgreSQL only (CI runs it)")
    settings.TASKS = DATABASE_TASKS
    smtp = SmtpServer()  # not started: the mail server is away
    settings.MAILERS = smtp.mailers
    for name, email in PEOPLE:
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, name=name, email=email)
    client = login_as(cast.worker)
    send = f"/citizens/{scheduled.citizen_id}/meetings/{scheduled.pk}/send/"

    # Pressed twice before any worker ran: the rows are handed to the queue twice.
    for _press in range(2):
        page = client.post(send, follow=True)
        assert page.status_code == 200
        assert "Invitations queued for e-mail: 3." in page.content.decode()
    assert set(_states(scheduled).values()) == {("queued", "")}
    assert set(_shown(client, scheduled).values()) == {"to be e-mailed"}

    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [_worker(smtp, log) for log in logs]
    try:
        # The workers find the server away: the rows go back to the queue, saying so.
        away = ("queued", "The mail server could not be reached; it is tried again by itself.")
        _until(
            lambda: (
                set(_states(scheduled).values()) == {away}
                and DBTaskResult.objects.filter(args_kwargs__kwargs__attempt__gte=1).exists()
            ),
            "a retry after the outage",
            logs,
        )
        for shown in _shown(client, scheduled).values():
            assert shown.startswith("to be e-mailed: The mail server could not be reached")
        assert smtp.envelopes == []

        smtp.start()  # the server is back
        _until(lambda: set(_states(scheduled).values()) == {("sent", "")}, "every row sent", logs)
        # Let the queue run dry, so that a second send would have happened by now.
        _until(
            lambda: not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
            "an empty queue",
            logs,
        )
        assert [worker.poll() for worker in workers] == [None, None]  # both ran throughout
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        smtp.stop()

    arrived = Counter(r for e in smtp.envelopes for r in e.recipients)
    assert arrived == Counter({email: 1 for _name, email in PEOPLE})
    assert all(shown.startswith("sent (") for shown in _shown(client, scheduled).values())
    attempts = DBTaskResult.objects.values_list("args_kwargs__kwargs__attempt", flat=True)
    assert max(a or 0 for a in attempts) >= 1
