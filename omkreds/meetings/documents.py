"""The meeting's documents: the invitation (e-mail text, PDF letter, Word letter, phone script)
and the memo (PDF, Word), each in the reader's language.

The wording lives once, in `invitation_context` and `memo_context`; the templates and the Word
builders only lay it out. Nothing here writes to the database.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from omkreds.lib import docx as docx_lib
from omkreds.lib.pdf import render_pdf
from omkreds.meetings import links

UPDATE = "update"
CANCEL = "cancel"
NEW = "new"

# Workflows whose meetings are invited under their own name (a network council's meeting says
# so) register here; each gets the meeting, the context to change and the kind, in the
# invitee's language.
_REWORDINGS: list = []


def register_rewording(reword):
    _REWORDINGS.append(reword)
    return reword


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return gettext("%(hours)s and %(minutes)s") % {
            "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            "minutes": ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest},
        }
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest}


def place_text(meeting) -> str:
    if meeting.at_client_home:
        home = gettext("At %(citizen)s's home") % {"citizen": meeting.citizen.name}
        return f"{home}, {meeting.place}" if meeting.place else home
    return meeting.place


def when_text(meeting) -> dict[str, str]:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return {
        "date": formats.date_format(start, "DATE_FORMAT"),
        "weekday": formats.date_format(start, "l"),
        "time": f"{formats.time_format(start, 'TIME_FORMAT')}–"
        f"{formats.time_format(end, 'TIME_FORMAT')}",
        "duration": _duration(meeting.duration_minutes or 0),
    }


def invitation_context(meeting, invitee, *, kind: str = NEW, others=None) -> dict:
    """Everything an invitation says, in the invitee's language. Call inside no override.
    `others`: the meeting's invitees in order, when the caller has them (one sending reads them
    once, not once per invitee)."""
    with translation.override(invitee.language):
        citizen = meeting.citizen.name
        worker = meeting.created_by
        when = when_text(meeting)
        others = list(meeting.invitees.in_order()) if others is None else others
        if kind == CANCEL:
            title = gettext("Cancelled: network meeting")
            lead = gettext("The network meeting on %(date)s at %(time)s has been cancelled.") % {
                "date": when["date"],
                "time": when["time"],
            }
        elif kind == UPDATE:
            title = gettext("Changed: invitation to a network meeting")
            lead = gettext(
                "The network meeting has changed. Here are the new details; your earlier "
                "calendar entry is replaced."
            )
        else:
            title = gettext("Invitation to a network meeting")
            lead = gettext(
                "%(citizen)s and I would like to invite you to a network meeting. We will talk "
                "together about how things can move forward, and everyone's view counts."
            ) % {"citizen": citizen}
        context = {
            "kind": kind,
            "language": invitee.language,
            "title": title,
            "subject": f"{title} – {when['weekday']} {when['date']}",
            "greeting": gettext("Dear %(name)s,") % {"name": invitee.name},
            "invitee_name": invitee.name,
            "invitee_address": invitee.postal_address,
            "lead": lead,
            "cancel_reason": meeting.cancel_reason if kind == CANCEL else "",
            "labels": {
                "date": gettext("Date"),
                "time": gettext("Time"),
                "duration": gettext("Duration"),
                "place": gettext("Place"),
                "invitees": gettext("Invited"),
                "questions": gettext("What we will talk about"),
                "reply": gettext("Your reply"),
            },
            **when,
            "place_text": place_text(meeting),
            "citizen": citizen,
            "invitees": [
                f"{citizen}",
                *(f"{i.name} ({i.relation})" if i.relation else i.name for i in others),
                f"{worker.full_name}",
            ],
            "also_invited": [
                f"{i.name} ({i.relation})" if i.relation else i.name
                for i in others
                if i.pk != invitee.pk
            ],
            "questions": [q.text for q in meeting.questions.all()],
            "all_attend": gettext("It matters to %(citizen)s that everyone invited takes part.")
            % {"citizen": citizen},
            "reply_text": gettext(
                "Please tell us whether you can come (yes, no or maybe) through this link:"
            ),
            "reply_url": links.reply_url(invitee),
            "contact_text": gettext("Questions? Contact %(worker)s, %(email)s.")
            % {"worker": worker.full_name, "email": worker.email},
            "regards": gettext("Kind regards"),
            "signature": f"{citizen} & {worker.full_name}",
            "worker": worker.full_name,
            "organisation": meeting.citizen.organisation.name,
        }
        for reword in _REWORDINGS:  # a network council's meeting says so
            reword(meeting, context, kind=kind)
        return context


def invitation_email_body(context: dict) -> str:
    with translation.override(context["language"]):
        return render_to_string("meetings/email/invitation_body.txt", context)


def invitation_pdf(meeting, invitee) -> bytes:
    context = invitation_context(meeting, invitee)
    return render_pdf("meetings/print/invitation.html", context, language=invitee.language)


def invitation_docx(meeting, invitee) -> bytes:
    c = invitation_context(meeting, invitee)
    doc = docx_lib.new_document(language=c["language"], title=c["title"])
    if invitee.postal_address:
        docx_lib.add_lines(doc, f"{invitee.name}\n{invitee.postal_address}")
    doc.add_heading(c["title"], level=1)
    doc.add_paragraph(c["greeting"])
    doc.add_paragraph(c["lead"])
    labels = c["labels"]
    docx_lib.add_field(doc, labels["date"], f"{c['weekday']} {c['date']}")
    docx_lib.add_field(doc, labels["time"], c["time"])
    docx_lib.add_field(doc, labels["duration"], c["duration"])
    docx_lib.add_field(doc, labels["place"], c["place_text"])
    doc.add_heading(labels["questions"], level=2)
    docx_lib.add_bullets(doc, c["questions"])
    doc.add_heading(labels["invitees"], level=2)
    docx_lib.add_bullets(doc, c["invitees"])
    doc.add_paragraph(c["all_attend"])
    doc.add_heading(labels["reply"], level=2)
    doc.add_paragraph(c["reply_text"])
    doc.add_paragraph(c["reply_url"])
    doc.add_paragraph(c["contact_text"])
    docx_lib.add_lines(doc, f"{c['regards']}\n{c['signature']}\n{c['organisation']}")
    return docx_lib.to_bytes(doc)


def phone_script(meeting, invitee) -> str:
    """A short text for the worker to read when inviting by phone, in the invitee's language."""
    context = invitation_context(meeting, invitee)
    with translation.override(invitee.language):
        return render_to_string("meetings/phone_script.txt", context).strip()


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


def memo_pdf(memo, *, language: str) -> bytes:
    context = memo_context(memo, language=language)
    context["present"] = _clean(context["present"])
    context["absent"] = _clean(context["absent"])
    return render_pdf("meetings/print/memo.html", context, language=language)


def memo_docx(memo, *, language: str) -> bytes:
    c = memo_context(memo, language=language)
    labels = c["labels"]
    doc = docx_lib.new_document(language=language, title=c["title"])
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
