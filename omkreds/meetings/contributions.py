"""What network meetings contribute to the privacy duties (see `omkreds/access/registry.py`).

Registered in `MeetingsConfig.ready()`: the kinds of change the meeting services record, the
meetings' part of the insight export, and the data inventory. The councils' contributions are
in `omkreds/councils/contributions.py`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from omkreds.access import registry
from omkreds.access.registry import export_row
from omkreds.meetings.inventory import INVENTORY
from omkreds.meetings.models import Meeting

KINDS = {
    "meeting_decide": gettext_lazy("network meeting decided"),
    "meeting_revise": gettext_lazy("network meeting decision changed"),
    "meeting_prepare_tick": gettext_lazy("meeting preparation ticked"),
    "meeting_schedule": gettext_lazy("meeting time and place set"),
    "invitee_add": gettext_lazy("person invited"),
    "invitee_remove": gettext_lazy("invitee removed"),
    "invitations_send": gettext_lazy("invitations sent"),
    "invitation_reply": gettext_lazy("invitation answered"),
    "meeting_cancel": gettext_lazy("meeting cancelled"),
    "memo_save": gettext_lazy("memo saved"),
    "memo_send": gettext_lazy("memo sent"),
    "action_add": gettext_lazy("action added"),
    "action_complete": gettext_lazy("action marked done or reopened"),
    "action_remind": gettext_lazy("action reminder sent"),
    "followup_create": gettext_lazy("follow-up meeting created"),
    "feedback_request_send": gettext_lazy("feedback requested"),
    "feedback_submit": gettext_lazy("feedback given"),
    "feedback_paper": gettext_lazy("feedback answered on paper typed in"),
    "network_coordinator": gettext_lazy("network coordinator named"),
    "map_sent_to_team": gettext_lazy("network map sent to the team"),
    "deliveries_printed": gettext_lazy("letters marked printed"),
    "delivery_call": gettext_lazy("call recorded"),
    "delivery_handed": gettext_lazy("document handed over in the meeting"),
}


def insight_part(citizen) -> dict:
    """The citizen's meetings with their questions, invitees, actions, feedback and memo."""
    meetings = Meeting.objects.filter(citizen=citizen).prefetch_related(
        "questions", "invitees", "actions", "feedback", "memo__notes"
    )
    found = []
    for meeting in meetings.order_by("created_at"):
        row = export_row(meeting)
        row["questions"] = [export_row(q) for q in meeting.questions.all()]
        row["invitees"] = [export_row(i) for i in meeting.invitees.all()]
        row["actions"] = [export_row(a) for a in meeting.actions.all()]
        row["feedback"] = [export_row(f) for f in meeting.feedback.all()]
        memo = getattr(meeting, "memo", None)
        row["memo"] = None
        if memo is not None:
            row["memo"] = {**export_row(memo), "notes": [export_row(n) for n in memo.notes.all()]}
        found.append(row)
    return {"meetings": found}


def register() -> None:
    registry.register_history_kinds(KINDS)
    registry.register_insight_part(insight_part)
    registry.register_inventory(INVENTORY)
