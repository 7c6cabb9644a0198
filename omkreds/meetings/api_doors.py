"""The meetings API's doors: the citizen and their meeting, invitee or memo resolved through
the policy (404 when out of reach) with the access-log row written first, a refusal in the
API's shape, and what sending invitations answers."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from omkreds.access import decorators as doors
from omkreds.access.policy import Action
from omkreds.accounts.models import User
from omkreds.invitations.api import invitations_out
from omkreds.meetings import services_invitations
from omkreds.meetings.errors import UserNotInOrganisation
from omkreds.meetings.models import Invitee, Meeting, Memo

# Service arguments whose API field has another name.
API_FIELDS = {"user": "user_id", "responsible_user": "responsible_user_id"}


def api_citizen(
    request, citizen_id, *, change: bool, meeting_id=None, action: Action | None = None
):
    """The citizen through the policy (404 when out of reach), then the access-log row.

    Planning data needs the case (`EDIT_MEETINGS` reach, as the staff pages); a read is logged
    as a read.
    """
    logged_as = Action.EDIT_MEETINGS if change else Action.VIEW_MEETINGS
    extra = {"object_type": "meeting", "object_id": str(meeting_id)} if meeting_id else {}
    return doors.api_citizen(
        request, citizen_id, action or Action.EDIT_MEETINGS, logged_as=logged_as, **extra
    ).citizen


def api_meeting(citizen, meeting_id) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("citizen__organisation", "created_by"),
        pk=meeting_id,
        citizen=citizen,
    )


def api_opened(request, citizen_id, meeting_id, *, change: bool) -> tuple:
    """The citizen (policy, then the log row naming the meeting) and their meeting, or 404."""
    citizen = api_citizen(request, citizen_id, change=change, meeting_id=meeting_id)
    return citizen, api_meeting(citizen, meeting_id)


def api_invitee(meeting, invitee_id) -> Invitee:
    invitee = get_object_or_404(Invitee, pk=invitee_id, meeting=meeting)
    invitee.meeting = meeting
    return invitee


def active_user(user_id: int | None, field_name: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise UserNotInOrganisation(field=field_name)
    return user


def api_memo(meeting: Meeting) -> Memo:
    memo = get_object_or_404(
        Memo.objects.select_related("responsible_user", "written_by"), meeting=meeting
    )
    memo.meeting = meeting
    return memo


def send_out(citizen, meeting, result: services_invitations.SendResult) -> dict:
    def letter(invitee) -> dict:
        kwargs = {"citizen_id": citizen.pk, "meeting_id": meeting.pk, "invitee_id": invitee.pk}
        return {
            f"{fmt}_url": reverse("api:meetings_letter", kwargs={**kwargs, "fmt": fmt})
            for fmt in ("pdf", "docx")
        }

    return {**invitations_out(result, letter), "in_past": result.in_past}
