"""The first meeting of the main person, the employee and the coordinator (seed 003: "Hovedpersonen
og en medarbejder, som hovedpersonen har udpeget, udarbejder sammen nogle spørgsmål ... Derefter
aftales et møde med en samordner, som sammen med hovedpersonen står for at planlægge og
gennemføre rådslagningen").

Recorded once the coordinator is assigned and before the council is held: the date and the
questions as agreed there (kept as they were, so a later change of the questions shows).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.access.history import record_change
from omkreds.councils.models import Council, CouncilStatus
from omkreds.councils.rules import require_status
from omkreds.meetings import services
from omkreds.meetings.errors import MeetingError, Required
from omkreds.meetings.models import LONG_TEXT

# A planning meeting is dated within this distance of today: a mistyped year is refused.
MAX_DAYS = 366


class PlanningChanged(MeetingError):
    """Someone recorded the planning meeting since the page was shown: 409."""

    default_message = _(
        "Someone else recorded the planning meeting while you were writing. Reload the page to "
        "see what they recorded, then make your change again."
    )


class CoordinatorFirst(MeetingError):
    default_message = _("Assign the coordinator first: the planning meeting is with them.")


class PlanningDateOutOfRange(MeetingError):
    default_message = _("Give the date of the planning meeting, within a year from today.")
    field = "met_on"


def based_on(council: Council) -> str:
    """What a record of the planning meeting is based on: the last record as the page showed it."""
    return council.planning_recorded_at.isoformat() if council.planning_recorded_at else ""


def questions_changed_since(council: Council, questions) -> bool:
    return bool(council.planning_recorded_at) and council.planning_questions != [
        q.text for q in questions
    ]


@transaction.atomic
def planning_meeting_record(
    *, council: Council, by, met_on, note: str = "", expected: str
) -> Council:
    """Record the planning meeting: its date, the questions agreed there (the council's
    questions as they stand) and a note. Refused, nothing changed, when someone recorded it
    since `expected` (`PlanningChanged`), before the coordinator is assigned, or once the
    council is under way."""
    locked = Council.objects.select_for_update().get(pk=council.pk)
    if based_on(locked) != (expected or ""):
        raise PlanningChanged()
    require_status(locked, CouncilStatus.PREPARING)
    if locked.coordinator_id is None:
        raise CoordinatorFirst()
    if not isinstance(met_on, dt.date):
        raise Required(field="met_on")
    if abs((met_on - timezone.localdate()).days) > MAX_DAYS:
        raise PlanningDateOutOfRange()
    locked.planning_met_on = met_on
    locked.planning_questions = [q.text for q in locked.questions.all()]
    locked.planning_note = services.clean_text(note, "note", limit=LONG_TEXT)
    locked.planning_recorded_at = timezone.now()
    locked.save(
        update_fields=[
            "planning_met_on",
            "planning_questions",
            "planning_note",
            "planning_recorded_at",
            "updated_at",
        ]
    )
    record_change(
        citizen=locked.citizen_id,
        by=by,
        kind="council_planning",
        obj=locked,
        summary=met_on.isoformat(),
    )
    return locked
