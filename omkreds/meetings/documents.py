"""The meeting's memo (PDF, Word), in the reader's language. The invitation's documents are
the invitations app's (`invitations/documents.py`), shared with the councils.

The wording lives once, in `memo_context`; the template and the Word builder only lay it out.
Nothing here writes to the database.
"""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext

from omkreds.invitations.documents import place_text, when_text
from omkreds.lib import docx as docx_lib
from omkreds.lib.pdf import render_document

# --- The memo ------------------------------------------------------------------------------


def memo_context(memo, *, language: str) -> dict:
    meeting = memo.meeting
    with translation.override(language):
        when = when_text(meeting)
        invitees = list(meeting.invitees.in_order())
        notes = {n.question_id: n for n in memo.notes.all()}
        actions = list(meeting.actions.in_order())
        followup = (
            formats.date_format(timezone.localtime(memo.followup_at), "DATETIME_FORMAT")
            if memo.followup_at
            else ""
        )
        return {
            "language": language,
            "title": gettext("Memo of the network meeting"),
            "citizen": meeting.citizen.name,
            **when,
            "place_text": place_text(meeting),
            "labels": {
                "date": gettext("Date"),
                "time": gettext("Time"),
                "place": gettext("Place"),
                "present": gettext("Present"),
                "absent": gettext("Absent"),
                "chair": gettext("Chair"),
                "secretary": gettext("Secretary"),
                "questions": gettext("Questions discussed"),
                "notes": gettext("Notes"),
                "decision": gettext("Agreed"),
                "summary": gettext("Summary"),
                "actions": gettext("Continued plan"),
                "who": gettext("Who"),
                "what": gettext("What"),
                "when": gettext("When"),
                "with_whom": gettext("With whom"),
                "responsible": gettext("The citizen's responsible employee"),
                "followup": gettext("Follow-up meeting"),
                "successful": gettext("Was the meeting successful?"),
            },
            "present": [
                meeting.citizen.name if memo.citizen_present else None,
                *(i.name for i in invitees if i.present),
            ],
            "absent": [
                meeting.citizen.name if not memo.citizen_present else None,
                *(i.name for i in invitees if i.present is False),
            ],
            "chair": memo.chair,
            "secretary": memo.secretary,
            "questions": [
                {
                    "text": q.text,
                    "notes": notes[q.pk].notes if q.pk in notes else "",
                    "decision": notes[q.pk].decision if q.pk in notes else "",
                }
                for q in meeting.questions.all()
            ],
            "summary": memo.summary,
            "actions": [
                {
                    "who": a.owner_label,
                    "what": a.what,
                    "when": formats.date_format(a.due_on, "SHORT_DATE_FORMAT") if a.due_on else "",
                    "with_whom": a.with_whom,
                }
                for a in actions
            ],
            "responsible": memo.responsible,
            "followup": followup,
            "successful": memo.get_successful_display() if memo.successful else "",
            "successful_note": memo.successful_note,
            "no_entry": pgettext("empty value", "—"),
        }


def _clean(names) -> list[str]:
    return [n for n in names if n]


def memo_document(memo, *, language: str):
    """The memo laid out (to write, or to put in a print pack behind its cover letter)."""
    context = memo_context(memo, language=language)
    context["present"] = _clean(context["present"])
    context["absent"] = _clean(context["absent"])
    return render_document("meetings/print/memo.html", context, language=language)


def memo_pdf(memo, *, language: str) -> bytes:
    return memo_document(memo, language=language).write_pdf()


def memo_docx(memo, *, language: str) -> bytes:
    c = memo_context(memo, language=language)
    labels = c["labels"]
    doc = docx_lib.new_document(
        language=language,
        title=c["title"],
        margins_mm=memo.meeting.citizen.organisation.letter_margins_mm,
    )
    doc.add_heading(c["title"], level=1)
    doc.add_paragraph(c["citizen"])
    docx_lib.add_field(doc, labels["date"], f"{c['weekday']} {c['date']}")
    docx_lib.add_field(doc, labels["time"], c["time"])
    docx_lib.add_field(doc, labels["place"], c["place_text"])
    docx_lib.add_field(doc, labels["present"], ", ".join(_clean(c["present"])) or c["no_entry"])
    docx_lib.add_field(doc, labels["absent"], ", ".join(_clean(c["absent"])) or c["no_entry"])
    docx_lib.add_field(doc, labels["chair"], c["chair"] or c["no_entry"])
    docx_lib.add_field(doc, labels["secretary"], c["secretary"] or c["no_entry"])
    doc.add_heading(labels["questions"], level=2)
    for question in c["questions"]:
        doc.add_heading(question["text"], level=3)
        if question["notes"]:
            docx_lib.add_lines(doc, question["notes"])
        if question["decision"]:
            docx_lib.add_field(doc, labels["decision"], question["decision"])
    if c["summary"]:
        doc.add_heading(labels["summary"], level=2)
        docx_lib.add_lines(doc, c["summary"])
    doc.add_heading(labels["actions"], level=2)
    docx_lib.add_table(
        doc,
        [labels["who"], labels["what"], labels["when"], labels["with_whom"]],
        [[a["who"], a["what"], a["when"], a["with_whom"]] for a in c["actions"]],
    )
    docx_lib.add_field(doc, labels["responsible"], c["responsible"] or c["no_entry"])
    docx_lib.add_field(doc, labels["followup"], c["followup"] or c["no_entry"])
    if c["successful"]:
        docx_lib.add_field(doc, labels["successful"], c["successful"])
        if c["successful_note"]:
            docx_lib.add_lines(doc, c["successful_note"])
    return docx_lib.to_bytes(doc)
