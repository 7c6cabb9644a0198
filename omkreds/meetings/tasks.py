"""Background sending for meetings. Immediate in the embedded default, a worker in production.

Each task records which messages went, so a failed send leaves the invitee marked unsent and the
next `invitations_send` tries again.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from omkreds.invitations import documents as invitation_documents
from omkreds.invitations import mail as invitation_mail
from omkreds.meetings import documents, mail
from omkreds.meetings.models import Invitee, Meeting, Memo


@task
def send_invitation_mails(*, meeting_id: str, sequence: int, items: list[list]) -> list[int]:
    """One meeting's invitations, updates or cancellations (`items`: [invitee id, kind]), each
    built in its invitee's language with its own calendar file, sent over one connection.
    Returns the ids of the invitees whose e-mail the mail server took; only they are marked
    sent, so a server that is down leaves everyone unsent."""
    meeting = (
        Meeting.objects.select_related("citizen__organisation", "created_by")
        .prefetch_related("questions")
        .get(pk=meeting_id)
    )
    if meeting.sequence != sequence:
        return []  # the meeting changed again since this was queued; the newer send covers it
    kinds = {int(invitee_id): kind for invitee_id, kind in items}
    # Every invitation names the others invited: read them once for the whole sending.
    others = list(meeting.invitees.in_order())
    invitees = {i.pk: i for i in others}
    # In the order queued; someone removed since then is left out.
    batch = [(invitees[pk], kind) for pk, kind in kinds.items() if pk in invitees]
    taken = invitation_mail.send_each(
        [
            invitation_mail.invitation_message(meeting, invitee, kind=kind, others=others)
            for invitee, kind in batch
        ]
    )
    sent = [invitee.pk for (invitee, _kind), ok in zip(batch, taken, strict=True) if ok]
    marked = [
        invitee.pk
        for (invitee, kind), ok in zip(batch, taken, strict=True)
        if ok and kind != invitation_documents.CANCEL
    ]
    Invitee.objects.filter(pk__in=marked).update(sent_sequence=sequence, sent_at=timezone.now())
    return sent


@task
def send_memo_mail(*, memo_id: int, invitee_ids: list[int]) -> None:
    memo = Memo.objects.select_related(
        "meeting", "meeting__citizen__organisation", "meeting__created_by", "responsible_user"
    ).get(pk=memo_id)
    built: dict[str, tuple[bytes, bytes]] = {}
    for invitee in Invitee.objects.filter(pk__in=invitee_ids, meeting=memo.meeting):
        if invitee.language not in built:
            built[invitee.language] = (
                documents.memo_pdf(memo, language=invitee.language),
                documents.memo_docx(memo, language=invitee.language),
            )
        pdf, docx = built[invitee.language]
        mail.memo_message(memo, invitee, pdf=pdf, docx=docx).send()
    Memo.objects.filter(pk=memo.pk).update(sent_at=timezone.now())


@task
def send_feedback_mail(*, invitee_id: int) -> None:
    invitee = Invitee.objects.select_related("meeting", "meeting__citizen").get(pk=invitee_id)
    invitation_mail.feedback_message(invitee).send()
