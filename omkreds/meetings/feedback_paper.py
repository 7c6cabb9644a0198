"""The feedback form on paper (issue 13, point 4): the same questions as the link's form, with
tick boxes, on one A4 page in the reader's language. It has no name and no code on it: the
answers are typed in by the worker as "answered on paper" (`services_feedback.feedback_paper_add`)
and are as anonymous as the link's.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from omkreds.invitations import documents as invitation_documents
from omkreds.lib.pdf import render_document
from omkreds.meetings import guide
from omkreds.meetings.models import Meeting

__all__ = ["feedback_form_document", "feedback_form_pdf"]


def feedback_form_document(meeting: Meeting, *, language: str):
    """The blank form, laid out (to write, or to add to a letter in the print pack)."""
    with translation.override(language):
        when = invitation_documents.when_text(meeting)
        context = {
            "title": guide.FEEDBACK.title.get(language),
            "lead": gettext(
                "The network meeting on %(date)s. Tick one box per question. Your answers are "
                "anonymous: do not write your name on the form."
            )
            % when,
            "questions": [{"text": item.get_text(language)} for item in guide.FEEDBACK.items],
            "answers": [text.get(language) for text in guide.FEEDBACK_ANSWERS.values()],
            "comment_label": gettext("Anything else you want to say?"),
            "return_text": gettext(
                "Hand the form back to %(worker)s, or post it to %(organisation)s."
            )
            % {
                "worker": meeting.created_by.full_name,
                "organisation": meeting.citizen.organisation.name,
            },
            "organisation": meeting.citizen.organisation.name,
        }
    return render_document("meetings/print/feedback_form.html", context, language=language)


def feedback_form_pdf(meeting: Meeting, *, language: str) -> bytes:
    return feedback_form_document(meeting, language=language).write_pdf()
