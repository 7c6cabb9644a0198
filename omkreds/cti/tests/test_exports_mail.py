"""The weekly phase-plan mail, sent through a real SMTP server on the loopback interface."""

import datetime as dt
import email
import email.policy
import socket
import time
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings

from omkreds.cti import services


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        return [
            email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes
        ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            yield inbox
    finally:
        controller.stop()


def wait_for(inbox: Inbox, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(inbox.envelopes) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_each_worker_gets_their_plan_in_their_language_without_names(cast, smtp_inbox, today):
    cast.colleague.language = "da"
    cast.colleague.save()
    services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=45),
        by=cast.worker,
    )
    colleague_course = services.course_start(
        citizen=cast.colleague_citizen,
        worker=cast.colleague,
        started_on=today - dt.timedelta(days=3),
        by=cast.colleague,
    )
    ended = services.course_start(
        citizen=cast.other_team_citizen,
        worker=cast.lead,
        started_on=today - dt.timedelta(days=3),
        by=cast.lead,
    )
    services.course_end(course=ended, on=today, reason="refuses", by=cast.lead)

    out = StringIO()
    call_command("send_phase_plans", stdout=out)
    wait_for(smtp_inbox, 2)

    assert "queued for 2 worker(s)" in out.getvalue()
    by_recipient = {e.rcpt_tos[0]: m for e, m in zip(smtp_inbox.envelopes, smtp_inbox.messages())}
    assert set(by_recipient) == {"worker@example.org", "colleague@example.org"}

    english = by_recipient["worker@example.org"]
    assert english["Subject"] == "Your CTI phase plan: 1 phase shift due"
    body = english.get_content()
    assert "You hold 1 open CTI course in Demo Kommune." in body
    assert "(overdue)" in body
    assert "/cti/phase-plan/?scope=own" in body
    assert "CANARY" not in body and "CANARY" not in english["Subject"]

    # The colleague chose Danish; no translations exist yet, so the mail is rendered under
    # the Danish locale with English text, and Danish date formats.
    danish = by_recipient["colleague@example.org"].get_content()
    assert f"Course {colleague_course.pk}" in danish or f"Forløb {colleague_course.pk}" in danish
    assert colleague_course.phase1_planned_on.strftime("%d.%m.%Y") in danish
    assert "CANARY" not in danish


def test_nobody_without_open_courses_gets_mail(cast, smtp_inbox):
    out = StringIO()
    call_command("send_phase_plans", stdout=out)
    assert "queued for 0 worker(s)" in out.getvalue()
    time.sleep(0.2)
    assert smtp_inbox.envelopes == []
