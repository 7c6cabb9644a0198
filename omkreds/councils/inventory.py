"""The data inventory of network councils: each model's purpose and the class of each field.

It is registered in the app's `AppConfig.ready()`; how to classify a field is said in
`omkreds/privacy/inventory.py`, which checks that every field of every model is here.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    "councils.Council": ModelEntry(
        _("Network councils: the coordinator, the period, the steps and the room for the network."),
        {
            "id": N,
            "citizen": P,
            "organisation": N,
            "meeting": P,
            "created_by": P,
            "employee": P,
            "coordinator": P,
            "period_from": P,
            "period_until": P,
            "planning_met_on": P,
            "planning_questions": S,
            "planning_note": S,
            "planning_recorded_at": P,
            "status": P,
            "language": P,
            "room_code_hash": S,
            "room_expires_at": N,
            "room_device_hash": S,
            "private_ended_at": P,
            "presented_at": P,
            "presented_by": P,
            "next_steps": S,
            "followup_at": P,
            "followup_done_at": P,
            "closed_at": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "councils.CouncilQuestion": ModelEntry(
        _("Questions the main person wants the network council to discuss."),
        {"id": N, "council": P, "order": N, "text": S},
    ),
    "councils.Visit": ModelEntry(
        _("The coordinator's personal visits to the people invited to a network council."),
        {
            "id": N,
            "council": P,
            "invitee": P,
            "visited_on": P,
            "told_about_model": P,
            "presented_questions": P,
            "will_attend": P,
            "note": S,
            "recorded_by": P,
            "recorded_at": P,
        },
    ),
    "councils.Proposal": ModelEntry(
        _("Proposals of the personal plan from a network council, and the answers to them."),
        {
            "id": N,
            "council": P,
            "kind": P,
            "what": S,
            "who": P,
            "who_invitee": P,
            "question": P,
            "when": P,
            "responsible": P,
            "answer": P,
            "answer_reason": S,
            "answered_at": P,
            "status": P,
            "status_note": S,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "councils.RoomCodeMiss": ModelEntry(
        _("Refused room codes per client address and per code, to throttle guessing."),
        {"id": N, "key": P, "window_started_at": N, "misses": N},
    ),
}
