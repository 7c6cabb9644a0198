"""The invitation in every form (e-mail text, PDF letter, Word letter, phone script), in the
invitee's language, for a network meeting and a network council alike (a council's meeting is
reworded by the councils app, registered through `register_rewording`).

The wording lives once, in `invitation_context`; the templates and the Word builder only lay
it out. Nothing here writes to the database.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from omkreds.accounts.countries import zone_of
from omkreds.invitations import links, tokens
from omkreds.lib import docx as docx_lib
from omkreds.lib.pdf import render_document
from omkreds.lib.qr import qr_png_data_uri

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
    zone = zone_of(meeting.citizen.organisation)
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone)
    return {
        "date": formats.date_format(start, "DATE_FORMAT"),
        "weekday": formats.date_format(start, "l"),
        "time": f"{formats.time_format(start, 'TIME_FORMAT')}–"
        f"{formats.time_format(end, 'TIME_FORMAT')}",
        "duration": _duration(meeting.duration_minutes or 0),
    }


def _label(invitee) -> str:
    return f"{invitee.name} ({invitee.relation})" if invitee.relation else invitee.name


def invited_names(citizen: str, worker, others) -> list[str]:
    """Everyone invited, each once: the citizen, the invitees, the worker who invites. The
    worker (or the council's coordinator) is often an invitee too, and is then named there."""
    names = [citizen]
    seen_users = set()
    for invitee in others:
        seen_users.add(invitee.user_id)
        names.append(_label(invitee))
    if worker.pk not in seen_users:
        names.append(worker.full_name)
    return names


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
            "invitees": invited_names(citizen, worker, others),
            "also_invited": [_label(i) for i in others if i.pk != invitee.pk],
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
        return render_to_string("invitations/email/invitation_body.txt", context)


def short_link_context(invitee, purpose: str) -> dict:
    """What a printed letter shows to type or scan: the short link, large, and its QR code."""
    found = links.short_link(invitee, purpose)
    if found is None:
        return {}
    _code, url = found
    return {"short_url": url, "qr": qr_png_data_uri(url)}


def invitation_letter(meeting, invitee, *, kind: str = NEW, others=None):
    """The letter, laid out (to write, or to put in a print pack): the address in the window,
    the short reply link and its QR code."""
    context = invitation_context(meeting, invitee, kind=kind, others=others)
    context["worker_email"] = meeting.created_by.email
    if kind != CANCEL:
        context |= short_link_context(invitee, tokens.REPLY)
    return render_document("invitations/print/invitation.html", context, language=invitee.language)


def invitation_pdf(meeting, invitee) -> bytes:
    return invitation_letter(meeting, invitee).write_pdf()


def invitation_docx(meeting, invitee) -> bytes:
    c = invitation_context(meeting, invitee)
    doc = docx_lib.new_document(
        language=c["language"],
        title=c["title"],
        margins_mm=meeting.citizen.organisation.letter_margins_mm,
    )
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
        return render_to_string("invitations/phone_script.txt", context).strip()
