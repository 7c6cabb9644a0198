"""Authorization matrix routes for the planning meeting (views_planning.py) and the council's
calendar file (views_calendar.py): the case and the council's own coordinator."""

from django.utils import timezone

from omkreds.councils.tests.matrix import _get, _post

ROUTES = [
    _get("councils:council_planning", notes="The record of the planning meeting."),
    _post(
        "councils:council_planning",
        data=lambda cast, extra: {"met_on": timezone.localdate().isoformat(), "based_on": ""},
        notes="Records the planning meeting: date and the questions agreed.",
    ),
    _get("councils:council_calendar", notes="The council as an .ics file for the staff."),
]
