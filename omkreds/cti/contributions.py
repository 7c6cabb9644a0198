"""What CTI contributes to the privacy duties (see `omkreds/access/registry.py`).

Registered in `CtiConfig.ready()`: the kinds of change the CTI services record, the history
read from course events and checklist answers, CTI's part of the insight export, and the data
inventory.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from omkreds.access import registry
from omkreds.access.registry import Entry, export_row, user_label
from omkreds.cti.inventory import INVENTORY
from omkreds.cti.models import ChecklistAnswer, CourseEvent, CtiCourse

KINDS = {
    "course_event": gettext_lazy("CTI course"),
    "checklist_answer": gettext_lazy("CTI checklist answered"),
    "plan_save": gettext_lazy("CTI plan saved"),
    "plan_dimension_save": gettext_lazy("CTI plan focus area saved"),
    "subgoal_add": gettext_lazy("CTI sub-goal added"),
    "subgoal_reached": gettext_lazy("CTI sub-goal reached"),
}


def _event_entry(event) -> Entry:
    parts = [str(event.get_kind_display())]
    if event.phase:
        parts.append(str(event.get_phase_display()))
    if event.on:
        parts.append(event.on.isoformat())
    if event.note:
        parts.append(event.note)
    return Entry(
        event.at,
        event.by_id,
        user_label(event.by),
        "course_event",
        "ctievent",
        str(event.pk),
        " · ".join(parts),
    )


def history(citizen) -> list[Entry]:
    events = CourseEvent.objects.filter(course__citizen=citizen).select_related("by")
    entries = [_event_entry(event) for event in events]
    answers = ChecklistAnswer.objects.filter(course__citizen=citizen).select_related("answered_by")
    entries += [
        Entry(
            answer.answered_at,
            answer.answered_by_id,
            user_label(answer.answered_by),
            "checklist_answer",
            "checklistanswer",
            str(answer.pk),
            f"{answer.item_key}: {answer.get_answer_display()}",
        )
        for answer in answers
    ]
    return entries


def insight_part(citizen) -> dict:
    """The citizen's CTI courses with their events, checklist answers and plans."""
    courses = CtiCourse.objects.filter(citizen=citizen).prefetch_related(
        "events", "answers", "plans__dimensions__subgoals"
    )
    found = []
    for course in courses.order_by("started_on"):
        row = export_row(course)
        row["events"] = [export_row(e) for e in course.events.all()]
        row["checklist_answers"] = [export_row(a) for a in course.answers.all()]
        row["plans"] = [
            {
                **export_row(plan),
                "dimensions": [
                    {**export_row(d), "subgoals": [export_row(s) for s in d.subgoals.all()]}
                    for d in plan.dimensions.all()
                ],
            }
            for plan in course.plans.all()
        ]
        found.append(row)
    return {"cti_courses": found}


def register() -> None:
    registry.register_history_kinds(KINDS)
    registry.register_history_source(history)
    registry.register_insight_part(insight_part)
    registry.register_inventory(INVENTORY)
