"""The coordinator's reach ends with the period of the assignment, not only when the council closes."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from omkreds.councils.models import Council
from omkreds.councils.tests.setup_councils import prepared
from omkreds.lib.testing.cast import login


def _coordinator(cast) -> Client:
    client = Client()
    login(client, cast.coordinator)
    return client


def test_coordinator_reaches_the_council_within_the_period(cast):
    council = prepared(cast)
    Council.objects.filter(pk=council.pk).update(
        period_until=timezone.localdate() + dt.timedelta(days=1)
    )
    client = _coordinator(cast)
    assert client.get(f"/councils/{council.pk}/").status_code == 200
    assert client.get(f"/api/v1/councils/{council.pk}").status_code == 200


def test_coordinator_loses_the_council_when_the_period_has_ended(cast):
    council = prepared(cast)
    Council.objects.filter(pk=council.pk).update(
        period_from=timezone.localdate() - dt.timedelta(days=30),
        period_until=timezone.localdate() - dt.timedelta(days=1),
    )
    client = _coordinator(cast)
    assert client.get(f"/councils/{council.pk}/").status_code == 404
    assert client.get(f"/api/v1/councils/{council.pk}").status_code == 404
    # The case keeps its council.
    worker = Client()
    login(worker, cast.worker)
    assert worker.get(f"/councils/{council.pk}/").status_code == 200


def test_deleting_a_case_takes_its_council_and_the_councils_meeting(cast):
    council = prepared(cast)
    meeting_id = council.meeting_id
    cast.citizen.delete()
    assert not Council.objects.filter(pk=council.pk).exists()
    from omkreds.meetings.models import Meeting

    assert not Meeting.objects.filter(pk=meeting_id).exists()
