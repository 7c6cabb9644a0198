"""The delivery list's actions, the same for a meeting's page and a council's: the print pack
to download, the letters marked printed, a call recorded (issue 13, point 1).

Each view here is wrapped by its room's guard (`meetings/urls.py`: the case's planning reach;
`councils/views_delivery.py`: the council's). A change names what it was based on (the letters
in the pack shown, the call still to make); a stale one answers 409 with the list as it is now.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omkreds.invitations import documents as invitation_documents
from omkreds.invitations.api import attachment
from omkreds.meetings import delivery, printpack
from omkreds.meetings.errors import DeliveryStale
from omkreds.meetings.models_delivery import DeliveryChannel, DeliveryState, Document
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url


def call_script(meeting, row) -> str:
    """What to say on the phone for one delivery, in the recipient's language."""
    invitee = row.invitee
    if row.document in (Document.INVITATION, Document.UPDATE):
        return invitation_documents.phone_script(meeting, invitee)
    worker = meeting.created_by
    with translation.override(invitee.language):
        when = invitation_documents.when_text(meeting)
        return render_to_string(
            "invitations/call_script.txt",
            {
                "document": row.document,
                "worker": worker.full_name,
                "organisation": meeting.citizen.organisation.name,
                "citizen": meeting.citizen.name,
                "cancel_reason": meeting.cancel_reason,
                **when,
            },
        ).strip()


def section(
    meeting, *, pack_url: str, printed_url: str, call_url: str, handed_url: str = ""
) -> dict:
    """The delivery list's context for the meeting's or the council's page."""
    listed = delivery.delivery_list(meeting=meeting)
    for row in listed.to_call:
        row.script = call_script(meeting, row) if row.invitee_id else ""
    return {
        "deliveries": listed,
        "pack_url": pack_url,
        "printed_url": printed_url,
        "call_url": call_url,
        "handed_url": handed_url,
    }


def pack_response(meeting):
    rows = printpack.to_print(meeting)
    if not rows:
        raise Http404
    pdf = printpack.print_pack(meeting=meeting, rows=rows)
    return attachment(pdf, "application/pdf", "print-pack.pdf")


def _stale(request, page, error):
    messages.error(request, " ".join(error.messages))
    response = page()
    response.status_code = 409
    return response


def _invalid(request, page, error):
    """The page again with the refusal's message, answered 400: nothing was changed."""
    messages.error(request, " ".join(error.messages))
    response = page()
    response.status_code = 400
    return response


def mark_printed(request, meeting, *, back: str, page):
    try:
        rows = delivery.deliveries_mark_printed(
            meeting=meeting, delivery_ids=request.POST.getlist("delivery"), by=request.user
        )
    except DeliveryStale as error:
        return _stale(request, page, error)
    except ValidationError as error:
        return _invalid(request, page, error)
    messages.success(
        request,
        _("Marked printed: %(names)s. Post them today.")
        % {"names": ", ".join(row.name for row in rows)},
    )
    return redirect(back)


def record_call(request, meeting, *, back: str, page):
    try:
        row = delivery.delivery_record_call(
            meeting=meeting,
            delivery_id=request.POST.get("delivery"),
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except DeliveryStale as error:
        return _stale(request, page, error)
    except ValidationError as error:
        return _invalid(request, page, error)
    if row.state == DeliveryState.CALLED:
        messages.success(request, _("The call to %(name)s is recorded.") % {"name": row.name})
    else:
        messages.warning(
            request,
            _("%(name)s was not reached: still to do by hand.") % {"name": row.name},
        )
    return redirect(back)


def mark_handed(request, meeting, *, back: str, page):
    try:
        row = delivery.delivery_mark_handed(
            meeting=meeting, delivery_id=request.POST.get("delivery"), by=request.user
        )
    except DeliveryStale as error:
        return _stale(request, page, error)
    except ValidationError as error:
        return _invalid(request, page, error)
    messages.success(
        request,
        _("Handed over to %(name)s: %(document)s.")
        % {"name": row.name, "document": row.get_document_display()},
    )
    return redirect(back)


# --- The meeting's page ------------------------------------------------------------------------


def meeting_section(citizen, meeting) -> dict:
    args = [citizen.pk, meeting.pk]
    from django.urls import reverse

    return section(
        meeting,
        pack_url=reverse("meetings:print_pack", args=args),
        printed_url=reverse("meetings:deliveries_printed", args=args),
        call_url=reverse("meetings:delivery_call", args=args),
        handed_url=reverse("meetings:delivery_handed", args=args),
    )


def _page(request, citizen, meeting):
    from omkreds.meetings.views_staff import meeting_page

    return lambda: meeting_page(request, citizen, meeting)


@require_GET
@edit_view
def print_pack(request, citizen, meeting_id):
    return pack_response(meeting_of(citizen, meeting_id))


@require_POST
@edit_view
def printed(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    return mark_printed(
        request,
        meeting,
        back=meeting_url(meeting, "deliveries"),
        page=_page(request, citizen, meeting),
    )


@require_POST
@edit_view
def call(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    return record_call(
        request,
        meeting,
        back=meeting_url(meeting, "deliveries"),
        page=_page(request, citizen, meeting),
    )


@require_POST
@edit_view
def handed(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    return mark_handed(
        request,
        meeting,
        back=meeting_url(meeting, "deliveries"),
        page=_page(request, citizen, meeting),
    )


__all__ = [
    "DeliveryChannel",
    "call",
    "handed",
    "meeting_section",
    "print_pack",
    "printed",
    "section",
]
