"""Seed 000's "Ett par gånger per år erbjuds kund ... att bjuda in till nätverksmöten": the
worker's home page names the citizens with no network meeting in the organisation's number of
months (default 6), with a link to decide on one; the list's queries are bounded."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from omkreds.citizens.models import Citizen
from omkreds.meetings import services, services_invitations
from omkreds.meetings.due import add_months, offer_meeting_items
from omkreds.meetings.tests.conftest import at


def _citizen(cast, name: str) -> Citizen:
    return Citizen.objects.create(
        organisation=cast.org, team=cast.team, name=name, primary_worker=cast.worker
    )


def _meeting(cast, citizen, *, days: int | None):
    meeting = services.meeting_decide(
        citizen=citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    if days is not None:
        services.meeting_schedule(
            meeting=meeting,
            by=cast.worker,
            starts_at=at(days),
            ends_at=at(days, 11),
            place="Room 1",
        )
    return meeting


@pytest.fixture
def caseload(cast):
    """Citizens in every situation the reminder tells apart."""
    people = {
        "never": _citizen(cast, "Nora Never"),
        "long_ago": _citizen(cast, "Leo Longago"),
        "recent": _citizen(cast, "Rita Recent"),
        "planned": _citizen(cast, "Per Planned"),
        "being_decided": _citizen(cast, "Dina Decided"),
        "cancelled": _citizen(cast, "Carl Cancelled"),
    }
    _meeting(cast, people["long_ago"], days=-200)
    _meeting(cast, people["recent"], days=-40)
    _meeting(cast, people["planned"], days=-400)
    _meeting(cast, people["planned"], days=20)
    _meeting(cast, people["being_decided"], days=None)
    cancelled = _meeting(cast, people["cancelled"], days=-10)
    services_invitations.meeting_cancel(meeting=cancelled, by=cast.worker, reason="ill")
    return people


def _row(body: str, name: str) -> str:
    return body.split(name, 1)[1].split("</tr>", 1)[0]


def test_home_reminds_to_offer_a_network_meeting(cast, login_as, caseload):
    body = login_as(cast.worker).get("/").content.decode()
    expected = {
        "never": "Offer a network meeting (none yet)",
        "long_ago": "Offer a network meeting (the last was on",
        "cancelled": "Offer a network meeting (none yet)",
    }
    for key, citizen in caseload.items():
        row = _row(body, citizen.name)
        if key in expected:
            assert expected[key] in row, key
            assert f"/citizens/{citizen.pk}/meetings/new/" in row, key
        else:
            assert "Offer a network meeting" not in row, key
    long_ago = timezone.localdate(at(-200))
    assert add_months(long_ago, 6).strftime("%m/%d/%Y") in _row(body, "Leo Longago")


def test_the_organisations_months_decide(cast, caseload):
    cast.org.network_meeting_offer_months = 1
    cast.org.save()
    items = offer_meeting_items(cast.worker, list(caseload.values()))
    due = {i.citizen_id for i in items}
    assert caseload["recent"].pk in due  # 40 days ago is over a month
    cast.org.network_meeting_offer_months = 12
    cast.org.save()
    due = {i.citizen_id for i in offer_meeting_items(cast.worker, list(caseload.values()))}
    assert caseload["long_ago"].pk not in due and caseload["never"].pk in due


def test_reminder_queries_are_bounded(cast, caseload, django_assert_num_queries):
    citizens = list(caseload.values())
    with django_assert_num_queries(2):
        offer_meeting_items(cast.worker, citizens[:3])
    more = citizens + [_citizen(cast, f"Extra {n}") for n in range(10)]
    with django_assert_num_queries(2):
        items = offer_meeting_items(cast.worker, more)
    assert len(items) == 13
    assert offer_meeting_items(cast.worker, []) == []


def test_home_page_queries_do_not_grow_with_the_caseload(
    cast, login_as, caseload, django_assert_max_num_queries
):
    client = login_as(cast.worker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(12):
        _meeting(cast, _citizen(cast, f"More {n}"), days=-300 + n)
    with django_assert_max_num_queries(len(few)):
        body = client.get("/").content.decode()
    assert len(re.findall(r"Offer a network meeting \(the last was on", body)) == 13


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2026, 1, 15), 12, dt.date(2027, 1, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    ],
)
def test_add_months_keeps_to_the_calendar(day, months, expected):
    assert add_months(day, months) == expected
