"""Step 3: scheduling and inviting — by e-mail with a calendar file (through a real SMTP
server), by letter (PDF and Word) and by phone (a script)."""

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from omkreds.invitations.choices import Channel, InviteeKind
from omkreds.meetings import services, services_invitations
from omkreds.meetings.errors import (
    ChannelNeedsDetail,
    DuplicateInvitee,
    EndBeforeStart,
    NoInvitees,
    NotScheduled,
    PlaceRequired,
    TooLongMeeting,
    UnknownContact,
    Unreachable,
    UserNotInOrganisation,
    WrongState,
)
from omkreds.meetings.models import MeetingStatus
from omkreds.meetings.tests.conftest import at, reach_by_hand
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _calendar(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _in(language: str, message: str) -> str:
    """A message as the invitee reads it (the source text when no translation is compiled)."""
    with translation.override(language):
        return translation.gettext(message)


def _event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


# --- Scheduling ----------------------------------------------------------------------------


def test_schedule_sets_time_and_place(meeting, cast):
    result = services.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(3, 9), ends_at=at(3, 10), place="Room 2"
    )
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.place) == (at(3, 9), at(3, 10), "Room 2")
    assert meeting.duration_minutes == 60
    assert not result.in_past and result.changed and not result.needs_update


def test_a_meeting_in_the_past_is_allowed_with_a_warning(meeting, cast):
    result = services.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(-2), ends_at=at(-2, 11), place="Room"
    )
    assert result.in_past
    meeting.refresh_from_db()
    assert meeting.starts_at == at(-2)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"starts_at": at(3, 11), "ends_at": at(3, 10)}, EndBeforeStart, "ends_at"),
        ({"starts_at": at(3, 10), "ends_at": at(3, 10)}, EndBeforeStart, "ends_at"),
        ({"starts_at": at(3, 8), "ends_at": at(3, 18)}, TooLongMeeting, "ends_at"),
        ({"place": ""}, PlaceRequired, "place"),
        ({"starts_at": "tomorrow"}, services.MeetingError, "starts_at"),
    ],
)
def test_bad_times_and_places_change_nothing(meeting, cast, kwargs, error, field):
    data = {"starts_at": at(3, 9), "ends_at": at(3, 10), "place": "Room", **kwargs}
    with pytest.raises(error) as caught:
        services.meeting_schedule(meeting=meeting, by=cast.worker, **data)
    assert field in caught.value.message_dict
    meeting.refresh_from_db()
    assert meeting.starts_at is None


def test_the_citizens_home_needs_no_place(meeting, cast):
    services.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(3), ends_at=at(3, 11), at_client_home=True
    )
    meeting.refresh_from_db()
    assert meeting.at_client_home and meeting.place == ""


# --- Invitees ------------------------------------------------------------------------------


def test_invitees_picked_from_the_map_bring_their_details(scheduled, cast):
    document = MapDocument(
        contacts=[
            Contact(
                id="c-anna",
                name="Anna Mor",
                sector="family",
                closeness=0.2,
                relation="mother",
                email="anna@example.dk",
                phone_direct="+45 11 22 33 44",
            ),
            Contact(
                id="c-hidden",
                name="Do Not",
                sector="family",
                closeness=0.5,
                safety_marker=True,
                email="no@example.dk",
            ),
        ]
    )
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)
    invitee = services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, contact_id="c-anna"
    )
    assert (invitee.name, invitee.email, invitee.relation) == (
        "Anna Mor",
        "anna@example.dk",
        "mother",
    )
    assert invitee.channel == Channel.EMAIL and invitee.kind == InviteeKind.CLOSE
    assert invitee.language == "da"  # the organisation's language
    with pytest.raises(DuplicateInvitee):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, contact_id="c-anna")
    with pytest.raises(UnknownContact):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, contact_id="c-hidden")
    with pytest.raises(UnknownContact):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, contact_id="c-nobody")
    assert scheduled.invitees.count() == 1


def test_invitees_from_the_team_are_employees(scheduled, cast):
    invitee = services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, user=cast.colleague
    )
    assert invitee.kind == InviteeKind.EMPLOYEE
    assert invitee.email == cast.colleague.email
    with pytest.raises(DuplicateInvitee):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, user=cast.colleague)
    with pytest.raises(UserNotInOrganisation):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, user=cast.outsider)


def test_invitee_with_no_way_to_reach_them_is_refused(scheduled, cast):
    with pytest.raises(Unreachable) as caught:
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, name="Nobody Known")
    assert "Nobody Known" in str(caught.value)
    assert not scheduled.invitees.exists()


def test_channel_needs_its_detail(scheduled, cast):
    with pytest.raises(ChannelNeedsDetail) as caught:
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name="Lis", phone="12345678", channel="letter"
        )
    assert "postal_address" in caught.value.message_dict
    assert "postal address" in str(caught.value)


def test_duplicate_e_mail_is_refused_whatever_its_case(scheduled, cast):
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, name="A", email="a@example.org"
    )
    with pytest.raises(DuplicateInvitee) as caught:
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name="B", email="A@Example.org"
        )
    assert "B" in str(caught.value)


def test_bad_e_mail_address_is_refused(scheduled, cast):
    with pytest.raises(services.MeetingError) as caught:
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name="A", email="not-an-address"
        )
    assert "email" in caught.value.message_dict


def test_sending_needs_a_time_and_invitees(meeting, scheduled, cast):
    with pytest.raises(NoInvitees):
        services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    services_invitations.invitee_add(meeting=other, by=cast.worker, name="A", email="a@example.org")
    with pytest.raises(NotScheduled):
        services_invitations.invitations_send(meeting=other, by=cast.worker)


# --- Sending -------------------------------------------------------------------------------


def test_invitations_go_out_by_e_mail_letter_and_phone(invited, cast, smtp_server):
    result = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.INVITED

    # E-mail: in Swedish, to the invitee, with a calendar invitation.
    [envelope] = smtp_server.envelopes
    assert envelope.recipients == ["britt@example.se"]
    message = envelope.message
    assert (
        message["Subject"].startswith("Invitation to a network meeting")
        or "nätverksmöte" in (message["Subject"])
    )
    assert message["Content-Language"] == "sv"
    assert message["Reply-To"] == cast.worker.email
    body = message.get_body(("plain",)).get_content()
    assert "Britt Syster" in body
    assert "How can the rent be paid?" in body
    assert "Mads Nabo (nabo)" in body  # everyone invited is named
    assert "http://127.0.0.1:8000/meetings/" in body
    calendar = _calendar(message)
    assert str(calendar["method"]) == "REQUEST"
    event = _event(calendar)
    assert str(event["uid"]) == f"{invited.pk}@omkreds"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == invited.starts_at
    assert event.decoded("dtend") == invited.ends_at
    assert str(event["location"]) == "Borgerservice, mødelokale 2"
    attendees = event.get("attendee")
    assert str(attendees) == "mailto:britt@example.se"  # no other invitee's address
    assert str(event["organizer"]) == f"mailto:{cast.worker.email}"

    # Letter: PDF and Word, in Danish, addressed to the invitee.
    [letter] = result.letters
    assert letter.invitee.name == "Mads Nabo"
    pdf = _pdf_text(letter.pdf)
    assert "Nørregade 1" in pdf and "Borgerservice" in pdf
    assert "How can the rent be paid?" in pdf
    docx = _docx_text(letter.docx)
    assert "Mads Nabo" in docx and "8000 Aarhus C" in docx
    assert "10:00" in docx and "11:30" in docx

    # Phone: a script to read, in English.
    [(phone_invitee, script)] = result.phone
    assert phone_invitee.name == "Eve English"
    assert "network meeting" in script and "Can you come?" in script
    assert "1 hour and 30 minutes" in script
    assert "Mads Nabo (nabo)" in script and "Eve English" not in script

    # Only the e-mail is sent: the letter and the call are sent when printed and made.
    sent = dict(invited.invitees.values_list("name", "sent_sequence"))
    assert sent == {"Britt Syster": 0, "Mads Nabo": None, "Eve English": None}


def test_invitation_e_mail_is_in_the_invitees_language(scheduled, cast, smtp_server):
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, name="Dorte", email="d@example.dk"
    )
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, name="Sven", email="s@example.se", language="sv"
    )
    services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    by_recipient = {e.recipients[0]: e.message for e in smtp_server.envelopes}
    # With no compiled translation the source text shows; the dates follow each language.
    assert by_recipient["d@example.dk"]["Content-Language"] == "da"
    assert by_recipient["s@example.se"]["Content-Language"] == "sv"
    danish_day = timezone.localtime(scheduled.starts_at)
    body_da = by_recipient["d@example.dk"].get_body(("plain",)).get_content()
    body_sv = by_recipient["s@example.se"].get_body(("plain",)).get_content()
    assert f"{danish_day.day}." in body_da  # Danish dates read "7. maj 2026"
    assert body_da != body_sv


def test_sending_again_sends_nothing_new(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    smtp_server.clear()
    result = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    assert smtp_server.messages == []
    assert result.letters == [] and result.phone == []


def test_a_change_is_sent_as_an_update_with_the_same_uid(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    smtp_server.clear()
    result = services.meeting_schedule(
        meeting=invited, by=cast.worker, starts_at=at(8, 13), ends_at=at(8, 14), place="Room 5"
    )
    assert result.needs_update
    invited.refresh_from_db()
    assert invited.sequence == 1
    sent = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    [message] = smtp_server.messages
    assert message["Subject"].startswith(_in("sv", "Changed: invitation to a network meeting"))
    event = _event(_calendar(message))
    assert str(event["uid"]) == f"{invited.pk}@omkreds"
    assert int(event["sequence"]) == 1
    assert str(event["location"]) == "Room 5"
    assert [letter.invitee.name for letter in sent.letters] == ["Mads Nabo"]


def test_rescheduling_to_the_same_time_is_no_change(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    result = services.meeting_schedule(
        meeting=invited,
        by=cast.worker,
        starts_at=invited.starts_at,
        ends_at=invited.ends_at,
        place=invited.place,
    )
    assert not result.changed
    invited.refresh_from_db()
    assert invited.sequence == 0


def test_cancel_sends_method_cancel_with_a_higher_sequence(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    reach_by_hand(invited, cast.worker)
    smtp_server.clear()
    result = services_invitations.meeting_cancel(
        meeting=invited, by=cast.worker, reason="Hospital stay"
    )
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.CANCELLED
    assert invited.cancelled_at is not None
    [message] = smtp_server.messages
    assert message["Subject"].startswith(_in("sv", "Cancelled: network meeting"))
    assert "Hospital stay" in message.get_body(("plain",)).get_content()
    calendar = _calendar(message)
    assert str(calendar["method"]) == "CANCEL"
    event = _event(calendar)
    assert str(event["uid"]) == f"{invited.pk}@omkreds"
    assert int(event["sequence"]) == 1
    assert str(event["status"]) == "CANCELLED"
    # Those invited by letter and phone are to be told by hand.
    assert {i.name for i, _ in result.phone} == {"Mads Nabo", "Eve English"}
    with pytest.raises(WrongState):
        services_invitations.invitations_send(meeting=invited, by=cast.worker)


def test_removing_an_e_mailed_invitee_sends_them_a_cancellation(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    smtp_server.clear()
    britt = invited.invitees.get(name="Britt Syster")
    services_invitations.invitee_remove(meeting=invited, invitee=britt, by=cast.worker)
    [message] = smtp_server.messages
    assert str(_calendar(message)["method"]) == "CANCEL"
    assert not invited.invitees.filter(name="Britt Syster").exists()


def test_a_mail_server_that_is_down_leaves_the_invitee_unsent(invited, cast, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    result = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    assert [i.name for i in result.failed] == ["Britt Syster"]
    assert invited.invitees.get(name="Britt Syster").sent_sequence is None
    failed = invited.deliveries.get(name="Britt Syster")
    assert (failed.state, failed.outcome) == ("failed", "The mail server did not take the e-mail.")


def test_meeting_at_the_citizens_home_says_so(meeting, cast, smtp_server):
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=at(4),
        ends_at=at(4, 11),
        place="Vestergade 3",
        at_client_home=True,
    )
    services_invitations.invitee_add(
        meeting=meeting, by=cast.worker, name="A", email="a@example.org"
    )
    meeting.refresh_from_db()
    services_invitations.invitations_send(meeting=meeting, by=cast.worker)
    [message] = smtp_server.messages
    location = str(_event(_calendar(message))["location"])
    home = _in("da", "At %(citizen)s's home") % {"citizen": cast.citizen.name}
    assert location == f"{home}, Vestergade 3"
    assert dt.timedelta(hours=1) == meeting.ends_at - meeting.starts_at
