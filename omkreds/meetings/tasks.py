"""Background sending for meetings. Immediate in the embedded default, a worker in production.

Every e-mail of a meeting is a delivery row (`delivery.py`). The task claims each row it is
given (queued → being e-mailed, one writer wins), builds the message in the recipient's
language, sends all over one connection and marks each row sent when the mail server took it,
failed otherwise. A row claimed by another task, or already sent, is not sent again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.invitations import documents as invitation_documents
from omkreds.invitations import mail as invitation_mail
from omkreds.meetings import documents, mail
from omkreds.meetings.models import Invitee, Meeting, Memo
from omkreds.meetings.models_delivery import Delivery, DeliveryState, Document

_INVITATION_KIND = {
    Document.INVITATION: invitation_documents.NEW,
    Document.UPDATE: invitation_documents.UPDATE,
    Document.CANCELLATION: invitation_documents.CANCEL,
}
# Documents of other rooms (a council's plan) register how their e-mail is built:
# builder(delivery) -> EmailMessage.
MAIL_BUILDERS: dict = {}


def register_mail_builder(document: str, builder) -> None:
    MAIL_BUILDERS[document] = builder


def _claim(delivery_ids) -> list[Delivery]:
    claimed = [
        pk
        for pk in sorted({int(i) for i in delivery_ids})
        if Delivery.objects.filter(pk=pk, state=DeliveryState.QUEUED).update(
            state=DeliveryState.SENDING, updated_at=timezone.now()
        )
    ]
    return list(Delivery.objects.filter(pk__in=claimed).order_by("pk"))


class _Builder:
    """Builds each claimed row's e-mail, reading what several rows share once."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.others = list(meeting.invitees.in_order())
        self.invitees = {i.pk: i for i in self.others}
        self.memo_files: dict[str, tuple[bytes, bytes]] = {}

    def message(self, row: Delivery):
        invitee = self.invitees.get(row.invitee_id)
        if invitee is None:
            return None
        if row.document in _INVITATION_KIND:
            return invitation_mail.invitation_message(
                self.meeting, invitee, kind=_INVITATION_KIND[row.document], others=self.others
            )
        if row.document == Document.FEEDBACK:
            return invitation_mail.feedback_message(invitee)
        if row.document == Document.MEMO:
            memo = Memo.objects.select_related("responsible_user").get(meeting=self.meeting)
            memo.meeting = self.meeting
            if invitee.language not in self.memo_files:
                self.memo_files[invitee.language] = (
                    documents.memo_pdf(memo, language=invitee.language),
                    documents.memo_docx(memo, language=invitee.language),
                )
            pdf, docx = self.memo_files[invitee.language]
            return mail.memo_message(memo, invitee, pdf=pdf, docx=docx)
        builder = MAIL_BUILDERS.get(row.document)
        return builder(row) if builder else None


def _mark(row: Delivery, taken: bool) -> None:
    """Record what the mail server said about one row, at once and together with what follows
    from it (the invitee counts as sent this version): a crash leaves the row being e-mailed,
    never sent without the rest."""
    now = timezone.now()
    with transaction.atomic():
        if taken:
            row.state, row.done_at, row.outcome = DeliveryState.SENT, now, ""
        else:
            row.state = DeliveryState.FAILED
            row.outcome = gettext("The mail server did not take the e-mail.")
        row.save(update_fields=["state", "done_at", "outcome", "updated_at"])
        if taken and row.document in (Document.INVITATION, Document.UPDATE):
            Invitee.objects.filter(pk=row.invitee_id).update(
                sent_sequence=int(row.version), sent_at=now
            )


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait before try `attempt + 1` when the mail server could not be reached:
    doubling from MAIL_RETRY_FIRST_SECONDS, at most an hour."""
    first = settings.MAIL_RETRY_FIRST_SECONDS
    return dt.timedelta(seconds=min(first * 2**attempt, 3600))


def _retry_later(meeting: Meeting, rows: list[Delivery], attempt: int) -> None:
    """The mail server is away: the rows go back in the queue (shown so on the delivery list)
    and the task is queued again for later, with the next attempt's delay."""
    ids = [row.pk for row in rows]
    Delivery.objects.filter(pk__in=ids, state=DeliveryState.SENDING).update(
        state=DeliveryState.QUEUED,
        outcome=gettext("The mail server could not be reached; it is tried again by itself."),
        updated_at=timezone.now(),
    )
    later = send_delivery_mails.using(run_after=timezone.now() + retry_delay(attempt))
    later.enqueue(meeting_id=str(meeting.pk), delivery_ids=ids, attempt=attempt + 1)


@task
def send_delivery_mails(*, meeting_id: str, delivery_ids: list[int], attempt: int = 0) -> list[int]:
    """Send the queued e-mail deliveries named; returns the ids the mail server took.

    Each row is claimed first (queued → being e-mailed; a row another task claimed, or already
    sent, is left alone) and marked as soon as the mail server answered for it. With a worker
    (a backend that can run a task later), a mail server that cannot be reached puts the rows
    back in the queue and the task is tried again with growing delays, MAIL_RETRY_ATTEMPTS
    times, before the rows fail; run at once (the embedded default), they fail at once."""
    meeting = (
        Meeting.objects.select_related("citizen__organisation", "created_by")
        .prefetch_related("questions")
        .get(pk=meeting_id)
    )
    rows = [row for row in _claim(delivery_ids) if row.meeting_id == meeting.pk]
    builder = _Builder(meeting)
    built = [(row, builder.message(row)) for row in rows]
    for row, message in built:
        if message is None:
            row.state = DeliveryState.FAILED
            row.outcome = gettext("The recipient is no longer on the list.")
            row.save(update_fields=["state", "outcome", "updated_at"])
    ready = [(row, message) for row, message in built if message is not None]
    retry = send_delivery_mails.get_backend().supports_defer
    try:
        taken = invitation_mail.send_each(
            [message for _row, message in ready],
            after=lambda index, ok: _mark(ready[index][0], ok),
            retry_later=retry and attempt < settings.MAIL_RETRY_ATTEMPTS,
        )
    except invitation_mail.MailServerUnreachable:
        _retry_later(meeting, [row for row, _message in ready], attempt)
        return []
    sent = [row for (row, _message), ok in zip(ready, taken, strict=True) if ok]
    if any(row.document == Document.MEMO for row in sent):
        Memo.objects.filter(meeting=meeting).update(sent_at=timezone.now())
    return [row.pk for row in sent]


@task
def send_feedback_mail(*, invitee_id: int) -> None:
    invitee = Invitee.objects.select_related("meeting", "meeting__citizen").get(pk=invitee_id)
    invitation_mail.feedback_message(invitee).send()
