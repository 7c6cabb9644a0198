"""The council's delivery list actions (the meetings' own, `meetings/views_delivery.py`),
behind the council's guard: the print pack, letters marked printed, a call recorded."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from omkreds.councils.views import _workspace, council_page  # the page to show again on 409
from omkreds.invitations import documents
from omkreds.invitations.api import attachment
from omkreds.invitations.choices import Channel
from omkreds.meetings import views_delivery
from omkreds.meetings.models import Invitee


def council_section(council) -> dict:
    args = [council.pk]
    return views_delivery.section(
        council.meeting,
        pack_url=reverse("councils:council_print_pack", args=args),
        printed_url=reverse("councils:council_deliveries_printed", args=args),
        call_url=reverse("councils:council_delivery_call", args=args),
        handed_url=reverse("councils:council_delivery_handed", args=args),
    )


def _back(council) -> str:
    return reverse("councils:council", args=[council.pk]) + "#deliveries"


@require_GET
@council_page()
def letter_pdf(request, council, invitee_id):
    """One invitee's invitation letter (the print pack holds every letter waiting)."""
    invitee = get_object_or_404(Invitee, pk=invitee_id, meeting=council.meeting)
    if not council.meeting.is_scheduled or invitee.channel != Channel.LETTER:
        raise Http404
    return attachment(
        documents.invitation_pdf(council.meeting, invitee), "application/pdf", "invitation.pdf"
    )


@require_GET
@council_page()
def print_pack(request, council):
    return views_delivery.pack_response(council.meeting)


@require_POST
@council_page()
def printed(request, council):
    return views_delivery.mark_printed(
        request, council.meeting, back=_back(council), page=lambda: _workspace(request, council)
    )


@require_POST
@council_page()
def call(request, council):
    return views_delivery.record_call(
        request, council.meeting, back=_back(council), page=lambda: _workspace(request, council)
    )


@require_POST
@council_page()
def handed(request, council):
    return views_delivery.mark_handed(
        request, council.meeting, back=_back(council), page=lambda: _workspace(request, council)
    )
