"""The data inventory of network meetings: each model's purpose and the class of each field.

It is registered in the app's `AppConfig.ready()`; how to classify a field is said in
`omkreds/privacy/inventory.py`, which checks that every field of every model is here.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    "meetings.Meeting": ModelEntry(
        _("Network meetings: the worry, the goal, when and where, who called it."),
        {
            "id": P,
            "citizen": P,
            "created_by": P,
            "status": P,
            "concern": S,
            "why_not_own_tools": S,
            "goal": S,
            "starts_at": P,
            "ends_at": P,
            "place": P,
            "at_client_home": P,
            "sequence": N,
            "invitations_sent_at": P,
            "cancelled_at": P,
            "cancel_reason": S,
            "follows": P,
            "network_coordinator": P,
            "network_coordinator_told_at": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "meetings.Question": ModelEntry(
        _("Questions the citizen wants discussed at a network meeting."),
        {"id": N, "meeting": P, "order": N, "text": S},
    ),
    "meetings.PreparationTick": ModelEntry(
        _("Preparation points gone through with the citizen before a meeting."),
        {"id": N, "meeting": P, "item_key": N, "ticked_by": P, "ticked_at": P, "note": S},
    ),
    "meetings.Invitee": ModelEntry(
        _("People invited to a network meeting, how to reach them and their replies."),
        {
            "id": N,
            "meeting": P,
            "name": P,
            "kind": P,
            "relation": S,
            "contact_id": P,
            "user": P,
            "email": P,
            "phone": P,
            "postal_address": P,
            "language": P,
            "channel": P,
            "reply": P,
            "replied_at": P,
            "token_nonce": S,
            "reply_link_used_at": P,
            "sent_sequence": N,
            "sent_at": P,
            "present": P,
            "receives_memo": P,
            "feedback_given_at": P,
        },
    ),
    "meetings.Memo": ModelEntry(
        _("The memo of a network meeting and the plan agreed there."),
        {
            "id": N,
            "meeting": P,
            "citizen_present": P,
            "chair": P,
            "secretary": P,
            "summary": S,
            "responsible_user": P,
            "responsible_name": P,
            "followup_at": P,
            "successful": S,
            "successful_note": S,
            "written_by": P,
            "updated_at": N,
            "sent_at": P,
        },
    ),
    "meetings.MemoNote": ModelEntry(
        _("What was said and agreed about each question at a meeting."),
        {"id": N, "memo": P, "question": P, "notes": S, "decision": S},
    ),
    "meetings.Action": ModelEntry(
        _("Actions agreed at a meeting: what, who, when and with whom."),
        {
            "id": N,
            "citizen": P,
            "meeting": P,
            "what": S,
            "owner_user": P,
            "owner_invitee": P,
            "owner_name": P,
            "owner_email": P,
            "with_whom": P,
            "due_on": P,
            "done_at": P,
            "done_by": P,
            "reminded_at": N,
            "created_at": P,
        },
    ),
    "meetings.FeedbackResponse": ModelEntry(
        _("Participants' feedback on a network meeting."),
        {"id": N, "meeting": P, "source": N, "answers": S, "comment": S, "submitted_on": P},
    ),
    "meetings.Delivery": ModelEntry(
        _("Who was sent which meeting document by which channel, and whether it reached them."),
        {
            "id": N,
            "meeting": P,
            "recipient": P,
            "invitee": P,
            "name": P,
            "document": N,
            "version": N,
            "channel": P,
            "state": P,
            "outcome": S,
            "created_at": P,
            "updated_at": N,
            "done_at": P,
            "done_by": P,
        },
    ),
    "meetings.ShortLink": ModelEntry(
        _("Short codes for typing an invitee's reply or feedback link from a letter."),
        {"id": N, "code_hash": S, "invitee": P, "purpose": N, "nonce": S, "created_at": P},
    ),
    "meetings.ShortLinkMiss": ModelEntry(
        _("Wrong short codes per client address, to throttle guessing."),
        {"id": N, "address": P, "window_started_at": N, "misses": N},
    ),
}
