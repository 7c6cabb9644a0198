"""What the CTI app adds to the citizen pages: the worker's "what is due" list (open "No"
answers, a phase shift due within 14 days or overdue) and a link to the course page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkreds.access.policy import Action
from omkreds.citizens.extensions import CitizenLink, DueItem
from omkreds.cti.exports import due_state
from omkreds.cti.models import ChecklistAnswer, ChecklistChoice, CtiCourse, Phase


def cti_due_items(user, citizens) -> list[DueItem]:
    """Two queries whatever the number of citizens: their open courses, and those courses'
    answers (the latest per item counts)."""
    today = timezone.localdate()
    courses = list(CtiCourse.objects.open().filter(citizen__in=[c.pk for c in citizens]))
    if not courses:
        return []
    latest: dict[tuple[int, str], str] = {}
    answers = (
        ChecklistAnswer.objects.filter(course__in=courses)
        .order_by("answered_at", "id")
        .values_list("course_id", "item_key", "answer")
    )
    for course_id, key, answer in answers:
        latest[(course_id, key)] = answer
    open_no: dict[int, int] = {}
    for (course_id, _key), answer in latest.items():
        if answer == ChecklistChoice.NO:
            open_no[course_id] = open_no.get(course_id, 0) + 1
    items = []
    for course in courses:
        url = reverse("cti:course", args=[course.citizen_id])
        count = open_no.get(course.pk, 0)
        if count:
            items.append(
                DueItem(
                    citizen_id=course.citizen_id,
                    label=ngettext(
                        "CTI: %(count)d checklist item answered “No”",
                        "CTI: %(count)d checklist items answered “No”",
                        count,
                    )
                    % {"count": count},
                    url=url,
                )
            )
        due = course.next_shift_due()
        if due_state(due, today):
            label = (
                _("CTI: %(phase)s is planned to start") % {"phase": Phase(course.phase + 1).label}
                if course.phase < Phase.THREE
                else _("CTI: the course is planned to end")
            )
            items.append(DueItem(citizen_id=course.citizen_id, label=label, due_on=due, url=url))
    return items


def cti_links(user, citizen, reach) -> list[CitizenLink]:
    if not reach.allows(Action.VIEW_CTI):
        return []
    return [CitizenLink(label=_("CTI course"), url=reverse("cti:course", args=[citizen.pk]))]
