"""The database task queue in /metrics and /readyz (issue 17, point 3): how many tasks are due
and how long the oldest has waited, so that a stopped worker shows as a queue that grows old."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from omkreds.lib.tests.test_metrics import scrape, token, value  # noqa: F401  (fixture)
from omkreds.meetings.tasks import send_delivery_mails

pytestmark = pytest.mark.django_db


def test_due_tasks_and_the_oldest_wait_are_figures_and_told_by_readiness(
    client,
    settings,
    token,  # noqa: F811
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    for minutes in (1, 2, 3):
        result = send_delivery_mails.enqueue(meeting_id="m", delivery_ids=[minutes])
        DBTaskResult.objects.filter(pk=result.id).update(
            enqueued_at=now - dt.timedelta(minutes=minutes)
        )
    # A retry waiting for its time is not due yet, however long ago it was queued.
    later = send_delivery_mails.using(run_after=now + dt.timedelta(minutes=5))
    result = later.enqueue(meeting_id="m", delivery_ids=[4], attempt=1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=now - dt.timedelta(hours=1))

    samples = scrape(client)
    assert value(samples, "omkreds_task_queue_due") == 3
    assert 180 <= value(samples, "omkreds_task_queue_oldest_age_seconds") < 600
    ready = client.get("/readyz")
    assert ready.status_code == 200
    told = re.search(
        r"tasks: ok \(DatabaseBackend, 3 due, oldest (\d+) s\)", ready.content.decode()
    )
    assert told and 180 <= int(told[1]) < 600

    DBTaskResult.objects.update(status="SUCCESSFUL")
    samples = scrape(client)
    assert value(samples, "omkreds_task_queue_due") == 0
    assert value(samples, "omkreds_task_queue_oldest_age_seconds") == 0


def test_without_a_queue_there_is_no_queue_figure(client, token):  # noqa: F811
    samples = scrape(client)
    assert not [name for name, _labels in samples if name.startswith("omkreds_task_queue")]
    assert "tasks: ok (ImmediateBackend)\n" in client.get("/readyz").content.decode()
