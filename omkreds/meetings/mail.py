"""The meeting's own e-mails (the memo, an action's reminder), each built in the recipient's
language. The invitation and feedback e-mails are the invitations app's (`invitations/mail.py`).

Building is separate from sending (`tasks.py`), so a test can look at a message before it
leaves and the tasks stay a few lines long.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext

from omkreds.invitations.documents import when_text
from omkreds.invitations.mail import one_line


def memo_message(memo, invitee, *, pdf: bytes, docx: bytes) -> EmailMessage:
    meeting = memo.meeting
    with translation.override(invitee.language):
        when = when_text(meeting)
        context = {"invitee": invitee, "memo": memo, "worker": meeting.created_by, **when}
        subject = gettext("Memo of the network meeting on %(date)s") % {"date": when["date"]}
        body = render_to_string("meetings/email/memo_body.txt", context)
        filename = gettext("memo")
    message = EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[invitee.email],
        reply_to=[meeting.created_by.email] if meeting.created_by.email else None,
        headers={"Content-Language": invitee.language},
    )
    message.attach(f"{filename}.pdf", pdf, "application/pdf")
    message.attach(
        f"{filename}.docx",
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    return message


def reminder_message(action, *, language: str) -> EmailMessage:
    with translation.override(language):
        context = {
            "action": action,
            "owner": action.owner_label,
            "due": formats.date_format(action.due_on, "DATE_FORMAT"),
            "worker": action.meeting.created_by,
        }
        subject = gettext("Reminder: %(what)s (by %(due)s)") % {
            "what": action.what[:80],
            "due": context["due"],
        }
        body = render_to_string("meetings/email/reminder_body.txt", context)
    worker = action.meeting.created_by
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[action.reminder_email],
        reply_to=[worker.email] if worker.email else None,
        headers={"Content-Language": language},
    )
