"""What the meeting pages share: the guard for the case's planning pages, the meeting of a
citizen (404 otherwise) and the link back to its page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.invitations.choices import InviteeKind
from omkreds.meetings.models import Meeting

edit_view = citizen_view(Action.EDIT_MEETINGS)


def meeting_of(citizen, meeting_id) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("citizen", "network_coordinator"),
        pk=meeting_id,
        citizen=citizen,
    )


def meeting_url(meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting", args=[meeting.citizen_id, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def introductions(citizen, invitees) -> list[dict]:
    """Seed 002's order of introductions: "Låt först klienten presentera sig, sedan de
    närstående och sist de andra medarbetarna." The citizen first, always, then the invitees
    (close ones before employees)."""
    people = [{"name": citizen.name, "role": citizen.organisation.citizen_word, "reply": ""}]
    roles = {InviteeKind.CLOSE: _("close one"), InviteeKind.EMPLOYEE: _("employee")}
    order = {InviteeKind.CLOSE: 0, InviteeKind.EMPLOYEE: 1}
    for invitee in sorted(invitees, key=lambda i: order.get(i.kind, -1)):
        # An invitee who is the citizen (taking part as a participant) is already first.
        if invitee.kind not in order:
            continue
        role = invitee.relation or roles[invitee.kind]
        people.append({"name": invitee.name, "role": role, "reply": invitee.get_reply_display()})
    return people
