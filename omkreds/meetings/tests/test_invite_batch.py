"""Sending a meeting's invitations in one go: one connection to the mail server for all of them,
each e-mail still in its invitee's language with a calendar file naming only them, and each
invitee marked sent only when the server took their e-mail."""

import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from omkreds.lib.testing.smtp import free_port
from omkreds.meetings import services_invitations
from omkreds.meetings.models import MeetingStatus


class _Server:
    """A real SMTP server on loopback that notes which connection each e-mail came over and
    refuses the recipients it is told to."""

    def __init__(self, refuse=()):
        self.refuse = set(refuse)
        self.received = []  # (connection's peer, parsed message)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((session.peer, message))
        return "250 Message accepted for delivery"


@pytest.fixture
def server(settings):
    def start(refuse=()):
        handler = _Server(refuse)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        return handler

    started = []
    yield start
    for controller in started:
        controller.stop()


LANGUAGES = ("da", "sv", "en")


@pytest.fixture
def twenty(scheduled, cast):
    for n in range(20):
        services_invitations.invitee_add(
            meeting=scheduled,
            by=cast.worker,
            name=f"Person {n:02d}",
            email=f"person{n:02d}@example.org",
            language=LANGUAGES[n % 3],
        )
    scheduled.refresh_from_db()
    return scheduled


def _calendar(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _attendee(message) -> str:
    [event] = _calendar(message).walk("VEVENT")
    return str(event["attendee"])


def test_twenty_invitations_go_over_one_connection_each_in_its_language(twenty, cast, server):
    handler = server()
    result = services_invitations.invitations_send(meeting=twenty, by=cast.worker)
    assert len(result.emailed) == 20 and result.failed == []
    assert len({peer for peer, _message in handler.received}) == 1
    by_address = {message["To"]: message for _peer, message in handler.received}
    assert len(by_address) == 20
    for invitee in twenty.invitees.all():
        message = by_address[invitee.email]
        assert message["Content-Language"] == invitee.language
        assert _attendee(message) == f"mailto:{invitee.email}"
        assert invitee.sent_sequence == 0 and invitee.sent_at is not None


def test_a_refused_e_mail_leaves_only_that_invitee_unsent(twenty, cast, server):
    handler = server(refuse={"person05@example.org"})
    result = services_invitations.invitations_send(meeting=twenty, by=cast.worker)
    assert [i.name for i in result.failed] == ["Person 05"]
    assert len(result.emailed) == 19 and len(handler.received) == 19
    unsent = twenty.invitees.filter(sent_sequence__isnull=True)
    assert [i.name for i in unsent] == ["Person 05"]
    twenty.refresh_from_db()
    assert twenty.status == MeetingStatus.INVITED

    # Sending again (the mailbox fixed) reaches only the one who was missed.
    handler.refuse.clear()
    handler.received.clear()
    result = services_invitations.invitations_send(meeting=twenty, by=cast.worker)
    assert [message["To"] for _peer, message in handler.received] == ["person05@example.org"]
    assert not twenty.invitees.filter(sent_sequence__isnull=True).exists()


def test_a_cancellation_reaches_everyone_over_one_connection(twenty, cast, server):
    handler = server()
    services_invitations.invitations_send(meeting=twenty, by=cast.worker)
    handler.received.clear()
    result = services_invitations.meeting_cancel(meeting=twenty, by=cast.worker, reason="Ill")
    assert len(result.emailed) == 20
    assert len({peer for peer, _message in handler.received}) == 1
    assert {str(_calendar(m)["method"]) for _p, m in handler.received} == {"CANCEL"}
