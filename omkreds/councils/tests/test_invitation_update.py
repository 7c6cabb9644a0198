"""A council's time, place or questions changed after the invitations went out: the coordinator's
workspace says who still has the old ones and offers to send the update, as a meeting's page does."""

import datetime as dt

from icalendar import Calendar

from omkreds.councils import services as sc
from omkreds.councils.tests.setup_councils import prepared
from omkreds.meetings.tests.conftest import reach_by_hand

NEW_QUESTIONS = ["Who can help with meals?", "How can the rent be paid?"]


def _calendar(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _update_note(page: str) -> str | None:
    if 'id="update-due"' not in page:
        return None
    return page.split('id="update-due"')[1].split("</div>")[0]


def test_a_new_time_after_sending_is_announced_and_sent_as_an_update(cast, login_as, smtp_server):
    council = prepared(cast)
    sc.council_invitations_send(council=council, by=cast.coordinator)
    reach_by_hand(council.meeting, cast.coordinator)  # Bo is called
    client = login_as(cast.coordinator)
    url = f"/councils/{council.pk}/"
    page = client.get(url).content.decode()
    assert _update_note(page) is None
    assert "Send the invitations" in page

    meeting = council.meeting
    sc.council_schedule(
        council=council,
        by=cast.coordinator,
        starts_at=meeting.starts_at + dt.timedelta(days=1),
        ends_at=meeting.ends_at + dt.timedelta(days=1),
        place=meeting.place,
    )
    page = client.get(url).content.decode()
    note = _update_note(page)
    assert note is not None
    assert "Anna Mor" in note and "Bo Ven" in note
    assert "Send the update" in page

    smtp_server.clear()
    response = client.post(f"/councils/{council.pk}/send/", follow=True)
    assert response.status_code == 200
    assert [m["To"] for m in smtp_server.messages] == ["anna@example.dk"]
    # Bo's update is a call to make (the delivery list); once made, nobody is left to tell.
    reach_by_hand(council.meeting, cast.coordinator)
    assert _update_note(client.get(url).content.decode()) is None


def test_nothing_to_announce_before_the_invitations_went_out(cast, login_as):
    council = prepared(cast)
    page = login_as(cast.coordinator).get(f"/councils/{council.pk}/").content.decode()
    assert _update_note(page) is None


# --- Their questions are the meeting's -------------------------------------------------------


def test_council_questions_changed_after_sending_go_out_as_an_update(cast, smtp_server):
    council = prepared(cast)
    sc.council_invitations_send(council=council, by=cast.coordinator)
    smtp_server.clear()

    sc.questions_set(council=council, by=cast.worker, questions=NEW_QUESTIONS)
    result = sc.council_invitations_send(council=council, by=cast.coordinator)

    assert [i.name for i in result.emailed] == ["Anna Mor"]
    assert [i.name for i, _script in result.phone] == ["Bo Ven"]
    [message] = smtp_server.messages
    assert int(_calendar(message).walk("VEVENT")[0]["SEQUENCE"]) == 1
    for question in NEW_QUESTIONS:
        assert question in _body(message)
