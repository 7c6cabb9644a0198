"""The phase plan (Bilag 5) as rows, as CSV and .xlsx, and whose courses it holds.

One query for the courses (citizen and worker joined), whatever their number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from omkreds.access import policy
from omkreds.accounts.models import Role
from omkreds.cti.models import CtiCourse, Phase
from omkreds.lib import spreadsheet

# A phase shift planned within this many days is "due"; before today it is "overdue".
DUE_SOON_DAYS = 14


def due_state(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return ""
    if day < today:
        return "overdue"
    if day <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due"
    return ""


def phase_plan_courses(user, organisation, *, scope: str) -> QuerySet[CtiCourse]:
    """The courses on the phase plan: a lead's team ("team"), or the user's own ("own").

    Only citizens the policy lets the user reach; a lead without a team sees the organisation's.
    """
    courses = CtiCourse.objects.filter(
        citizen__organisation=organisation,
        citizen__in=policy.citizens_in_reach(user).filter(organisation=organisation),
    )
    if scope == "own" or policy.role_in(user, organisation.pk) != Role.LEAD:
        courses = courses.filter(worker=user)
    return courses.select_related("citizen", "worker").order_by(
        "ended_on", "citizen__name", "-started_on", "id"
    )


@dataclass(frozen=True)
class Shift:
    label: str
    planned: dt.date | None
    realised: dt.date | None
    state: str  # "overdue", "due" or "": only for the next shift of an open course


@dataclass(frozen=True)
class PlanRow:
    course: CtiCourse
    shifts: tuple[Shift, ...]
    next_due: dt.date | None
    next_state: str

    @property
    def citizen(self):
        return self.course.citizen

    @property
    def phase_label(self) -> str:
        if not self.course.is_open:
            return _("Ended")
        return str(Phase(self.course.phase).label)


def shift_labels() -> list[str]:
    return [
        _("Contact period ends"),
        _("Phase 2 starts"),
        _("Phase 3 starts"),
        _("Course ends"),
    ]


def plan_row(course: CtiCourse, today: dt.date) -> PlanRow:
    next_due = course.next_shift_due()
    next_state = due_state(next_due, today)
    pairs = [
        (course.phase1_planned_on, course.phase1_started_on),
        (course.phase2_planned_on, course.phase2_started_on),
        (course.phase3_planned_on, course.phase3_started_on),
        (course.planned_end_on, course.ended_on),
    ]
    shifts = []
    for label, (planned, realised) in zip(shift_labels(), pairs, strict=True):
        is_next = course.is_open and realised is None and planned == next_due
        shifts.append(Shift(label, planned, realised, next_state if is_next else ""))
    return PlanRow(course, tuple(shifts), next_due, next_state)


def plan_rows(courses) -> list[PlanRow]:
    today = timezone.localdate()
    return [plan_row(c, today) for c in courses]


def phase_plan_sheet(rows: list[PlanRow], person: str | None = None) -> spreadsheet.Sheet:
    """The phase plan as a table: dates as dates, headings and words in the active language;
    `person` is the organisation's word for the person in focus (the first heading)."""
    header = [
        capfirst(person) if person else _("Citizen"),
        _("CTI worker"),
        _("Start of the contact-establishment period"),
        _("Current phase"),
    ]
    for label in shift_labels():
        header += [
            _("%(shift)s (planned)") % {"shift": label},
            _("%(shift)s (realised)") % {"shift": label},
        ]
    header += [_("Reason for ending"), _("Next shift"), _("Status")]
    states = {"overdue": _("overdue"), "due": _("due within 14 days"), "": ""}
    lines = []
    for row in rows:
        course = row.course
        line: list[spreadsheet.Value] = [
            course.citizen.name,
            course.worker.full_name or course.worker.email,
            course.started_on,
            row.phase_label,
        ]
        for shift in row.shifts:
            line += [shift.planned, shift.realised]
        reason = course.get_end_reason_display() if course.end_reason else ""
        if course.end_reason_text:
            reason = f"{reason}: {course.end_reason_text}"
        line += [reason, row.next_due, states[row.next_state]]
        lines.append(line)
    return spreadsheet.Sheet(_("Phase plan"), header, lines)


def phase_plan_csv(rows: list[PlanRow], person: str | None = None) -> str:
    """The phase plan as CSV (ISO dates; semicolons and a byte-order mark for da, sv, fi)."""
    return spreadsheet.csv_text(phase_plan_sheet(rows, person))


def short_date(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""
