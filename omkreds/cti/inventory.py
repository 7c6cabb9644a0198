"""The data inventory of the CTI app: each model's purpose and the class of each field.

It is registered in the app's `AppConfig.ready()`; how to classify a field is said in
`omkreds/privacy/inventory.py`, which checks that every field of every model is here.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    "cti.CtiCourse": ModelEntry(
        _("A citizen's CTI course: phases planned and realised, and how it ended."),
        {
            "id": N,
            "citizen": P,
            "worker": P,
            "started_on": P,
            "contact_period_ends_planned": P,
            "phase1_planned_on": P,
            "phase2_planned_on": P,
            "phase3_planned_on": P,
            "planned_end_on": P,
            "phase1_started_on": P,
            "phase2_started_on": P,
            "phase3_started_on": P,
            "ended_on": P,
            "end_reason": S,
            "end_reason_text": S,
            "cap_override_reason": S,
            "created_by": P,
            "created_at": P,
        },
    ),
    "cti.CourseEvent": ModelEntry(
        _("The history of a CTI course: starts, shifts and end."),
        {"id": N, "course": P, "kind": P, "phase": P, "on": P, "note": S, "by": P, "at": P},
    ),
    "cti.ChecklistAnswer": ModelEntry(
        _("Answers to the CTI phase checklists for a citizen."),
        {
            "id": N,
            "course": P,
            "item_key": N,
            "answer": S,
            "note": S,
            "answered_by": P,
            "answered_at": P,
        },
    ),
    "cti.FidelityReview": ModelEntry(
        _("A team's CTI fidelity review, made by its lead."),
        {
            "id": N,
            "organisation": N,
            "team": N,
            "reviewed_on": N,
            "lead": P,
            "note": P,
            "created_at": N,
        },
    ),
    "cti.FidelityAnswer": ModelEntry(
        _("Answers to the fidelity checklist of a review."),
        {"id": N, "review": N, "item_key": N, "answer": N, "note": P},
    ),
    "cti.CtiPlan": ModelEntry(
        _("A citizen's CTI plan for a phase."),
        {
            "id": N,
            "course": P,
            "phase": P,
            "made_on": P,
            "action_plan_reference": P,
            "created_by": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "cti.CtiPlanDimension": ModelEntry(
        _("The areas of life a CTI plan works with: reason, goal and who is responsible."),
        {
            "id": N,
            "plan": P,
            "dimension": S,
            "reason": S,
            "goal": S,
            "responsibility": S,
            "activities": S,
            "contact_ids": P,
            "position": N,
        },
    ),
    "cti.SubGoal": ModelEntry(
        _("Sub-goals of a CTI plan and when they were reached."),
        {"id": N, "dimension": P, "text": S, "reached_on": P, "position": N},
    ),
}
