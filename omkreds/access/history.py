"""The change record: who changed what in a citizen's data, and when.

Every write service that changes a citizen's data leaves a `ChangeRecord` through
`record_change`, in the same transaction as the change, unless its rows keep their own author
and time (map versions, consents, photos, CTI course events and checklist answers, informed
records). The citizen's history page and the insight export read both
(`omkreds/privacy/history.py`); each app names the kinds it records through
`omkreds.access.registry.register_history_kinds`.
"""

from __future__ import annotations

from omkreds.access.models import ChangeRecord

# Who did a change made by no signed-in person.
SYSTEM = "system"


def _label(user) -> str:
    if user is None:
        return SYSTEM
    return getattr(user, "email", "") or str(user)


def record_change(
    *, citizen, by, kind: str, obj=None, summary: str = "", who: str = ""
) -> ChangeRecord:
    """Leave a trace of a change to a citizen's data. Call it inside the change's transaction.

    `citizen` is a Citizen or its id; `by` the user who made the change, or None for the system
    or for someone without an account, named by `who` (an invitee answering by link).
    """
    citizen_id = getattr(citizen, "pk", citizen)
    user = by if getattr(by, "is_authenticated", False) else None
    return ChangeRecord.objects.create(
        citizen_id=citizen_id,
        user=user,
        user_label=who or _label(user),
        kind=kind,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=str(summary)[:500],
    )
