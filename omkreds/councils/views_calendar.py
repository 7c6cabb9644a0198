"""The council's "Add to calendar" file for its staff: the case and the coordinator."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.views.decorators.http import require_GET

from omkreds.councils.views import council_page
from omkreds.invitations import ics
from omkreds.meetings.views_calendar import calendar_response


@require_GET
@council_page()
def council_calendar(request, council):
    meeting = council.meeting
    if not meeting.is_scheduled:
        raise Http404  # no time yet: the page offers no file
    language = translation.get_language() or request.LANGUAGE_CODE
    return calendar_response(ics.staff_ics(meeting, language=language), "network-council.ics")
