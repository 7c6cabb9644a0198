"""A line break in an invitee's name, the place or a question is refused with a clear message,
through the API and the pages, and nothing is stored; the mail body never gets a fake "Bcc:"
line (issue 15, point 9)."""

from omkreds.lib.testing.api import JSON
from omkreds.meetings import services
from omkreds.meetings.models import Meeting
from omkreds.meetings.tests.conftest import api_url as url
from omkreds.meetings.tests.conftest import at
from omkreds.meetings.tests.conftest import meetings_url as base

MESSAGE = "Use one line of ordinary text; control characters are not allowed."
NAMES = ("Bo\nBcc: evil@example.org", "Bo\r\nBcc: evil@example.org", "Bo\x00", "Bo\x0bBo")


def test_the_api_refuses_control_characters_in_an_invitee_name(api, invited):
    before = invited.invitees.count()
    for name in NAMES:
        body = {"name": name, "email": "bo@example.org"}
        response = api.post(url(invited, "/invitees"), body, content_type=JSON)
        assert response.status_code == 422, (name, response.content)
        assert "name" in str(response.json()["errors"]), name
        assert invited.invitees.count() == before


def test_the_api_refuses_a_line_break_in_the_place_and_in_a_question(api, cast, scheduled):
    place = scheduled.place
    for bad in ("R2\nBcc: evil@example.org", "R2\tR3", "R2\x1b[31m"):
        body = {
            "starts_at": at(7, 10).isoformat(),
            "ends_at": at(7, 11).isoformat(),
            "place": bad,
            "based_on": services.schedule_version(scheduled),
        }
        response = api.post(url(scheduled, "/schedule"), body, content_type=JSON)
        assert response.status_code == 422, (bad, response.content)
        scheduled.refresh_from_db()
        assert scheduled.place == place
    count = Meeting.objects.count()
    for question in ("How?\x0bBcc: evil@example.org", "How?\x00", "How?\x7f"):
        body = {"concern": "Rent.", "goal": "A plan.", "questions": [question]}
        response = api.post(base(cast), body, content_type=JSON)
        assert response.status_code == 422, (question, response.content)
        assert Meeting.objects.count() == count


def test_the_invitee_form_says_why_and_stores_nothing(client, login_as, cast, invited):
    page = f"/citizens/{cast.citizen.pk}/meetings/{invited.pk}/invitees/"
    before = invited.invitees.count()
    browser = login_as(cast.worker)
    for name in NAMES[:3]:
        body = {"name": name, "email": "bo@example.org", "channel": "email"}
        response = browser.post(page, body)
        assert response.status_code in (200, 400), name
        assert (
            MESSAGE in response.content.decode() or "Null characters" in response.content.decode()
        )
        assert invited.invitees.count() == before
