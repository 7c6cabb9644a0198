"""The "Add to calendar" files: the staff's .ics from the meeting page and each invitee's own from their
reply page, read back with `icalendar`."""

import pytest
from django.conf import settings
from django.core import signing
from icalendar import Calendar

from omkreds.access.models import AccessLogEntry
from omkreds.invitations import links
from omkreds.meetings import services_invitations
from omkreds.meetings.models import Invitee


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _event(response):
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_staff_add_to_calendar(cast, login_as, scheduled):
    client = login_as(cast.worker)
    page = client.get(_url(scheduled)).content.decode()
    assert f'href="{_url(scheduled, "calendar.ics")}"' in page
    calendar, event = _event(client.get(_url(scheduled, "calendar.ics")))
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == scheduled.ical_uid
    assert event.decoded("dtstart") == scheduled.starts_at
    assert event.decoded("dtend") == scheduled.ends_at
    assert str(event["location"]) == scheduled.place
    assert "How can the rent be paid?" in str(event["description"])
    assert "attendee" not in event
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk).exists()


def test_staff_calendar_guard_and_unscheduled(cast, login_as, meeting):
    client = login_as(cast.worker)
    assert client.get(_url(meeting, "calendar.ics")).status_code == 404  # no time yet
    assert "calendar.ics" not in client.get(_url(meeting)).content.decode()
    assert client.post(_url(meeting, "calendar.ics")).status_code == 405
    assert login_as(cast.colleague).get(_url(meeting, "calendar.ics")).status_code == 404


def test_every_invitee_gets_their_own_calendar_file_from_the_reply_page(client, invited):
    invitees = list(invited.invitees.all())
    assert len(invitees) >= 3
    for invitee in invitees:
        page = client.get(links.reply_url(invitee).removeprefix(settings.SITE_URL))
        assert page.status_code == 200
        path = page.content.decode().split('id="add-to-calendar"')[0].rsplit('href="', 1)[1]
        path = path.split('"')[0]
        calendar, event = _event(client.get(path))
        assert str(calendar["method"]) == "REQUEST"
        assert str(event["uid"]) == invited.ical_uid
        assert event.decoded("dtstart") == invited.starts_at
        attendees = event.get("attendee")
        if invitee.email:
            assert str(attendees) == f"mailto:{invitee.email}"
        else:
            assert attendees is None  # nobody else's address in anyone's calendar
        assert AccessLogEntry.objects.filter(
            action="meeting_calendar", object_id=str(invitee.pk)
        ).exists()


def test_a_cancelled_meetings_file_cancels_and_a_forged_link_is_404(client, invited, cast):
    invitee = invited.invitees.first()
    path = links.reply_calendar_path(invitee)
    services_invitations.meeting_cancel(meeting=invited, by=cast.worker, reason="Sick")
    calendar, event = _event(client.get(path))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    forged = signing.dumps([str(invited.pk), invitee.pk, "nonce"], salt="other")
    assert client.get(f"/meetings/{invited.pk}/reply/{forged}/calendar.ics").status_code == 404


def test_an_old_link_after_a_new_invitation_is_gone(client, invited, cast):
    invitee = invited.invitees.first()
    path = links.reply_calendar_path(invitee)
    Invitee.objects.filter(pk=invitee.pk).update(token_nonce="new")
    response = client.get(path)
    assert response.status_code == 410
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("method", ["post", "put"])
def test_reply_calendar_is_read_only(client, invited, method):
    path = links.reply_calendar_path(invited.invitees.first())
    assert getattr(client, method)(path).status_code == 405


def test_invitee_added_later_gets_a_file_too(client, invited, cast):
    late = services_invitations.invitee_add(
        meeting=invited, by=cast.worker, name="Late Person", email="late@example.org"
    )
    _calendar, event = _event(client.get(links.reply_calendar_path(late)))
    assert str(event["attendee"]) == "mailto:late@example.org"
