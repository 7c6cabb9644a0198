"""The print pack: every letter waiting to be printed for a meeting, one A4 letter per
recipient (with its enclosure: the memo, the plan), merged into one PDF to print at once.

Each letter is laid out in its recipient's language with the address in the window position
(`invitations/print/letter_base.html`). Documents of other rooms (a council's plan) register
how their letter is built: builder(delivery, pack) -> list of laid-out documents.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from omkreds.invitations import documents as invitation_documents
from omkreds.invitations import tokens
from omkreds.lib.pdf import merge, render_document
from omkreds.meetings import documents
from omkreds.meetings.feedback_paper import feedback_form_document
from omkreds.meetings.models import Meeting, Memo
from omkreds.meetings.models_delivery import Delivery, DeliveryState, Document

_INVITATION_KIND = {
    Document.INVITATION: invitation_documents.NEW,
    Document.UPDATE: invitation_documents.UPDATE,
    Document.CANCELLATION: invitation_documents.CANCEL,
}
LETTER_BUILDERS: dict = {}


def register_letter_builder(document: str, builder) -> None:
    LETTER_BUILDERS[document] = builder


def to_print(meeting: Meeting) -> list[Delivery]:
    """The letters waiting to be printed, in the pack's order (by name). One query."""
    return list(
        Delivery.objects.filter(meeting=meeting, state=DeliveryState.TO_PRINT)
        .select_related("invitee")
        .order_by("name", "pk")
    )


def cover_letter(meeting: Meeting, invitee, *, title: str, lead: str, purpose: str = ""):
    """A letter in the window envelope that goes with an enclosure, or asks for feedback."""
    worker = meeting.created_by
    with translation.override(invitee.language):
        context = {
            "title": title,
            "greeting": gettext("Dear %(name)s,") % {"name": invitee.name},
            "lead": lead,
            "invitee_name": invitee.name,
            "invitee_address": invitee.postal_address,
            "worker": worker.full_name,
            "worker_email": worker.email,
            "organisation": meeting.citizen.organisation.name,
            "contact_text": gettext("Questions? Contact %(worker)s, %(email)s.")
            % {"worker": worker.full_name, "email": worker.email},
            "regards": gettext("Kind regards"),
        }
        if purpose:
            context |= invitation_documents.short_link_context(invitee, purpose)
            context["short_text"] = gettext(
                "Type this address in a browser, or scan the code with a phone:"
            )
    return render_document("invitations/print/cover.html", context, language=invitee.language)


class Pack:
    """Builds the letters, reading what several share (the invitees, the memo) once."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.others = list(meeting.invitees.in_order())
        self._memos: dict[str, object] = {}

    def letters(self, row: Delivery) -> list:
        invitee, meeting = row.invitee, self.meeting
        if row.document in _INVITATION_KIND:
            kind = _INVITATION_KIND[row.document]
            return [
                invitation_documents.invitation_letter(
                    meeting, invitee, kind=kind, others=self.others
                )
            ]
        with translation.override(invitee.language):
            when = invitation_documents.when_text(meeting)
        if row.document == Document.FEEDBACK:
            with translation.override(invitee.language):
                title = gettext("How was the network meeting on %(date)s?") % when
                lead = (
                    gettext(
                        "Thank you for taking part in the network meeting on %(date)s. We would "
                        "like to know how it went for you. Your answers are anonymous: nobody can "
                        "see who gave them."
                    )
                    % when
                )
            cover = cover_letter(meeting, invitee, title=title, lead=lead, purpose=tokens.FEEDBACK)
            # The form on paper goes with it, for those who would rather tick boxes (point 4).
            return [cover, feedback_form_document(meeting, language=invitee.language)]
        if row.document == Document.MEMO:
            with translation.override(invitee.language):
                title = gettext("Memo of the network meeting on %(date)s") % when
                lead = gettext("Here is the memo of the network meeting on %(date)s.") % when
            return [cover_letter(meeting, invitee, title=title, lead=lead), self._memo(invitee)]
        return LETTER_BUILDERS[row.document](row, self)

    def _memo(self, invitee):
        if invitee.language not in self._memos:
            memo = Memo.objects.select_related("responsible_user").get(meeting=self.meeting)
            memo.meeting = self.meeting
            self._memos[invitee.language] = documents.memo_document(memo, language=invitee.language)
        return self._memos[invitee.language]


def print_pack(*, meeting: Meeting, rows: list[Delivery]) -> bytes:
    """One PDF of the letters for `rows`, in order."""
    pack = Pack(meeting)
    return merge(document for row in rows for document in pack.letters(row))
