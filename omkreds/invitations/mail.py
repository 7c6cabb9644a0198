"""The invitation and the feedback request by e-mail, each built in the recipient's language,
and sending many over one connection; a meeting's and a council's alike.

Building is separate from sending (`tasks.py`), so a test can look at a message before it
leaves and the tasks stay a few lines long.
"""

from __future__ import annotations

import contextlib
import logging
from email.message import MIMEPart

from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from omkreds.invitations import documents, ics, links
from omkreds.lib import metrics

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    return " ".join(text.split())


def _calendar_part(data: bytes, method: str) -> MIMEPart:
    part = MIMEPart()
    part.set_content(
        data.decode("utf-8"),
        subtype="calendar",
        charset="utf-8",
        params={"method": method},
        disposition="attachment",
        filename="cancel.ics" if method == ics.CANCEL else "invitation.ics",
    )
    return part


def invitation_message(meeting, invitee, *, kind: str, others=None) -> EmailMessage:
    context = documents.invitation_context(meeting, invitee, kind=kind, others=others)
    method = ics.CANCEL if kind == documents.CANCEL else ics.REQUEST
    message = EmailMessage(
        subject=one_line(context["subject"]),
        body=documents.invitation_email_body(context),
        to=[invitee.email],
        reply_to=[meeting.created_by.email] if meeting.created_by.email else None,
        headers={"Content-Language": invitee.language},
    )
    message.attach(
        _calendar_part(ics.invitation_ics(meeting, invitee, method=method, context=context), method)
    )
    return message


def feedback_message(invitee) -> EmailMessage:
    meeting = invitee.meeting
    with translation.override(invitee.language):
        when = documents.when_text(meeting)
        context = {"invitee": invitee, "url": links.feedback_url(invitee), **when}
        subject = gettext("How was the network meeting on %(date)s?") % {"date": when["date"]}
        body = render_to_string("invitations/email/feedback_body.txt", context)
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[invitee.email],
        headers={"Content-Language": invitee.language},
    )


class MailServerUnreachable(Exception):
    """The mail server could not be reached: nothing was sent (try again later)."""


def send_each(messages: list[EmailMessage], after=None, *, retry_later=False) -> list[bool]:
    """Send the messages over one connection to the mail server (one handshake, not one per
    message) and say for each whether the server took it. A server that cannot be reached
    takes none; a message it refuses does not stop the others. `after(index, taken)`, when
    given, is called for each message as soon as that is known (to record it at once). With
    `retry_later`, a server that cannot be reached raises MailServerUnreachable instead."""
    if not messages:
        return []
    connection = mailers.default
    try:
        connection.open()
    except OSError:
        logger.warning("The mail server could not be reached; %d e-mails not sent.", len(messages))
        if retry_later:
            raise MailServerUnreachable() from None
        metrics.mails_counted(sent=0, failed=len(messages))
        for index in range(len(messages)) if after else ():
            after(index, False)
        return [False] * len(messages)
    try:
        taken = []
        for index, message in enumerate(messages):
            taken.append(_taken(connection, message))
            if after:
                after(index, taken[-1])
        return taken
    finally:
        with contextlib.suppress(OSError):
            connection.close()


def _taken(connection, message: EmailMessage) -> bool:
    try:
        return connection.send_messages([message]) == 1
    except OSError:  # smtplib's errors included
        logger.warning("The mail server did not take an e-mail to %s.", ", ".join(message.to))
        return False
