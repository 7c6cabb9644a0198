"""Background sending for meetings. Immediate in the embedded default, a worker in production.

Each task sends one message and records that it went, so a failed send leaves the invitee
marked unsent and the next `invitations_send` tries again.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from omkreds.meetings import documents, mail
from omkreds.meetings.models import Invitee, Memo


@task
def send_invitation_mail(*, invitee_id: int, sequence: int, kind: str) -> None:
    invitee = Invitee.objects.select_related(
        "meeting", "meeting__citizen__organisation", "meeting__created_by"
    ).get(pk=invitee_id)
    meeting = invitee.meeting
    if meeting.sequence != sequence:
        return  # the meeting changed again since this was queued; the newer send covers it
    mail.invitation_message(meeting, invitee, kind=kind).send()
    if kind != documents.CANCEL:
        Invitee.objects.filter(pk=invitee.pk).update(sent_sequence=sequence, sent_at=timezone.now())


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
    mail.feedback_message(invitee).send()
