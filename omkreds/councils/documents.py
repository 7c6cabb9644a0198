"""The personal plan of a network council, grouped by the leaflet's four kinds of proposals:
on the page, as a PDF in the main person's language, and e-mailed to the participants the
main person agrees may have it. Nothing here writes to the database."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext

from omkreds.councils.models import ProposalKind
from omkreds.invitations import documents
from omkreds.lib.pdf import render_document


def plan_groups(proposals) -> list[dict]:
    """The proposals under the four kinds, in the leaflet's order; empty kinds included."""
    groups = {kind: [] for kind in ProposalKind.values}
    for proposal in proposals:
        groups[proposal.kind].append(proposal)
    return [
        {"kind": kind, "label": ProposalKind(kind).label, "proposals": groups[kind]}
        for kind in ProposalKind.values
    ]


def by_question(questions, proposals) -> list[dict]:
    """Seed 003: the network answers the main person's questions. The proposals under the
    question each answers, in the questions' order, then those answering none ("other");
    a question without proposals is shown too, so an unanswered one is seen."""
    groups = {
        q.pk: {"number": n, "question": q.text, "proposals": []}
        for n, q in enumerate(questions, start=1)
    }
    other = {"number": None, "question": pgettext("proposal question", "Other"), "proposals": []}
    for proposal in proposals:
        groups.get(proposal.question_id, other)["proposals"].append(proposal)
    return [*groups.values(), *([other] if other["proposals"] else [])]


def _proposal_row(p) -> dict:
    return {
        "kind": str(p.get_kind_display()),
        "what": p.what,
        "who": p.who_label,
        "when": p.when,
        "responsible": p.responsible,
        "answer": p.get_answer_display() if p.answer else "",
        "reason": p.answer_reason,
    }


def plan_context(council, *, language: str) -> dict:
    with translation.override(language):
        meeting = council.meeting
        proposals = list(council.proposals.in_order())
        questions = list(council.questions.all())
        followup = (
            formats.date_format(timezone.localtime(council.followup_at), "DATETIME_FORMAT")
            if council.followup_at
            else ""
        )
        return {
            "language": language,
            "title": gettext("Personal plan"),
            "citizen": council.citizen.name,
            "when": documents.when_text(meeting) if meeting.starts_at else None,
            "questions": [q.text for q in questions],
            "groups": [
                {
                    "label": str(group["label"]),
                    "proposals": [_proposal_row(p) for p in group["proposals"]],
                }
                for group in plan_groups(proposals)
            ],
            "by_question": [
                {**group, "proposals": [_proposal_row(p) for p in group["proposals"]]}
                for group in by_question(questions, proposals)
            ],
            "labels": {
                "date": gettext("Date"),
                "questions": gettext("The questions"),
                "who": gettext("Who"),
                "what": gettext("What"),
                "when": gettext("When"),
                "responsible": gettext("Responsible party"),
                "answer": gettext("Answer"),
                "presented_by": gettext("Presented by"),
                "next_steps": gettext("What happens from here"),
                "followup": gettext("Follow-up meeting"),
                "none": gettext("No proposals of this kind."),
                "kind": gettext("Kind of proposal"),
                "no_answer": gettext("No proposal answers this question."),
            },
            "presented_by": council.presented_by,
            "next_steps": council.next_steps,
            "followup": followup,
            "no_entry": pgettext("empty value", "—"),
        }


def plan_document(council):
    """The plan in the main person's language, laid out (to write, or for a print pack)."""
    context = plan_context(council, language=council.language)
    return render_document("councils/print/plan.html", context, language=council.language)


def plan_pdf(council) -> bytes:
    return plan_document(council).write_pdf()


def plan_message(council, invitee, *, pdf: bytes) -> EmailMessage:
    sender = council.coordinator or council.employee
    with translation.override(invitee.language):
        context = {"invitee": invitee, "citizen": council.citizen.name, "sender": sender}
        subject = gettext("The personal plan from the network council")
        body = render_to_string("councils/email/plan_body.txt", context)
        filename = gettext("personal-plan")
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[invitee.email],
        reply_to=[sender.email] if sender.email else None,
        headers={"Content-Language": invitee.language},
    )
    message.attach(f"{filename}.pdf", pdf, "application/pdf")
    return message


def coordinator_message(council) -> EmailMessage:
    """Tells a coordinator they were assigned, with the link to the council and nothing about
    the main person: an e-mail can be read by more eyes than the page."""
    from django.conf import settings
    from django.urls import reverse

    coordinator = council.coordinator
    language = coordinator.language or council.organisation.default_language
    with translation.override(language):
        context = {
            "coordinator": coordinator,
            "organisation": council.organisation.name,
            "url": settings.SITE_URL + reverse("councils:council", args=[council.pk]),
            "worker": council.created_by,
        }
        subject = gettext("You are the coordinator of a network council")
        body = render_to_string("councils/email/coordinator_body.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[coordinator.email],
        reply_to=[council.created_by.email] if council.created_by.email else None,
        headers={"Content-Language": language},
    )


def council_wording(meeting, context: dict, *, kind: str) -> None:
    """The meetings' invitation, worded for a network council (called in the invitee's
    language by `documents.invitation_context`, registered in `apps.py`)."""
    if not hasattr(meeting, "council"):
        return
    citizen = context["citizen"]
    if kind == documents.CANCEL:
        title = gettext("Cancelled: network council")
        lead = gettext("The network council on %(date)s at %(time)s has been cancelled.") % {
            "date": context["date"],
            "time": context["time"],
        }
    elif kind == documents.UPDATE:
        title = gettext("Changed: invitation to a network council")
        lead = context["lead"]
    else:
        title = gettext("Invitation to a network council")
        lead = gettext(
            "%(citizen)s would like to invite you to a network council: a meeting where the "
            "family, friends and acquaintances of %(citizen)s discuss and propose what can make "
            "things better. The goal is a personal plan for %(citizen)s."
        ) % {"citizen": citizen}
    context.update(
        title=title,
        lead=lead,
        subject=f"{title} – {context['weekday']} {context['date']}",
        summary=gettext("Network council"),
    )
