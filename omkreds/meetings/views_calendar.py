"""The "Add to calendar" file: the meeting as .ics, for the staff from the meeting page and for
each invitee from their reply page (the same file their invitation e-mail carries).

Both resolve what they show first (the staff page through the policy, the invitee's through the
signed reply link) and log the read before answering.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from omkreds.access import log
from omkreds.invitations import documents, ics, tokens
from omkreds.invitations.errors import TokenExpired, TokenInvalid
from omkreds.meetings.models import Invitee
from omkreds.meetings.pages import edit_view, meeting_of

CALENDAR = "meeting_calendar"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_response(content: bytes, filename: str = "meeting.ics") -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@edit_view
def staff_calendar(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    if not meeting.is_scheduled:
        raise Http404  # no time yet: the page offers no file
    language = translation.get_language() or request.LANGUAGE_CODE
    return calendar_response(ics.staff_ics(meeting, language=language))


@require_GET
def reply_calendar(request, meeting_id, token):
    try:
        invitee = tokens.read(token, tokens.REPLY, invitees=Invitee.objects, meeting_id=meeting_id)
    except TokenInvalid as exc:
        raise Http404 from exc
    except TokenExpired as exc:
        return render(request, "meetings/public/message.html", {"message": exc}, status=410)
    meeting = invitee.meeting
    if not meeting.is_scheduled:
        raise Http404
    log.record(request, citizen_id=meeting.citizen_id, action=CALENDAR, obj=invitee)
    if meeting.is_cancelled:
        context = documents.invitation_context(meeting, invitee, kind=documents.CANCEL)
        content = ics.invitation_ics(meeting, invitee, method=ics.CANCEL, context=context)
    else:
        context = documents.invitation_context(meeting, invitee)
        content = ics.invitation_ics(meeting, invitee, context=context)
    return calendar_response(content)
