"""What the meeting pages share: the guard for the case's planning pages, the meeting of a
citizen (404 otherwise) and the link back to its page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.meetings.models import Meeting

edit_view = citizen_view(Action.EDIT_MEETINGS)


def meeting_of(citizen, meeting_id) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("citizen"), pk=meeting_id, citizen=citizen
    )


def meeting_url(meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting", args=[meeting.citizen_id, meeting.pk])
    return f"{url}#{anchor}" if anchor else url
