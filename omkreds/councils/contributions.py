"""What network councils contribute to the privacy duties and the policy.

Registered in `CouncilsConfig.ready()` (see `omkreds/access/registry.py`): the kinds of change
the council services record, the councils' part of the insight export, the retention rule
(councils go before their case, since a council protects its meeting), the data inventory, and
how the policy finds a council (`access.policy.get_council`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from omkreds.access import policy, registry
from omkreds.access.registry import export_row
from omkreds.citizens.models import CitizenStatus
from omkreds.councils.inventory import INVENTORY
from omkreds.councils.models import Council

KINDS = {
    "council_coordinator": gettext_lazy("council coordinator assigned"),
    "council_visit": gettext_lazy("council visit recorded"),
    "council_step": gettext_lazy("council moved to the next step"),
    "council_room_open": gettext_lazy("council private page opened"),
    "council_room_join": gettext_lazy("device joined the council's private page"),
    "proposal_add": gettext_lazy("proposal written"),
    "proposal_edit": gettext_lazy("proposal changed"),
    "council_planning": gettext_lazy("planning meeting recorded"),
    "plan_present": gettext_lazy("personal plan presented"),
    "proposal_answer": gettext_lazy("proposal answered"),
    "council_close": gettext_lazy("council closed"),
    "plan_share": gettext_lazy("personal plan shared"),
    "council_followup": gettext_lazy("council follow-up recorded"),
}


def insight_part(citizen) -> dict:
    """The citizen's councils with their questions, visits and proposals."""
    councils = Council.objects.filter(citizen=citizen).prefetch_related(
        "questions", "visits", "proposals"
    )
    return {
        "councils": [
            {
                **export_row(council),
                "questions": [export_row(q) for q in council.questions.all()],
                "visits": [export_row(v) for v in council.visits.all()],
                "proposals": [export_row(p) for p in council.proposals.all()],
            }
            for council in councils.order_by("created_at")
        ]
    }


def councils_of_closed_cases(citizen_ids):
    """A council protects its meeting (on_delete=PROTECT), so councils go before their case."""
    return Council.objects.filter(citizen_id__in=citizen_ids, citizen__status=CitizenStatus.CLOSED)


def load_council(council_id):
    """The council for the policy's reach checks, or None."""
    return (
        Council.objects.select_related(
            "citizen__organisation", "meeting", "coordinator", "employee"
        )
        .filter(pk=council_id)
        .first()
    )


def register() -> None:
    registry.register_history_kinds(KINDS)
    registry.register_insight_part(insight_part)
    registry.register_retention(registry.RetentionRule(before_cases=councils_of_closed_cases))
    registry.register_inventory(INVENTORY)
    policy.register_council_loader(load_council)
