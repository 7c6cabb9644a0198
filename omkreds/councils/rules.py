"""Rules every council service keeps: the step a change is allowed in, the council's own
invitees, who may act, and texts written in the organisation's language."""

from __future__ import annotations

from django.utils import translation

from omkreds.access import policy
from omkreds.councils.errors import CouncilWrongState, NotInReach, StepChanged
from omkreds.councils.models import Council
from omkreds.lib.versions import content_version
from omkreds.meetings.errors import NotAnInvitee
from omkreds.meetings.models import Invitee


def require_status(council: Council, *allowed: str) -> None:
    if council.status not in allowed:
        raise CouncilWrongState(params={"status": council.get_status_display()})


def lock_step(council: Council, expected: str | None = None) -> Council:
    """Lock the council's row until the transaction ends and check it is still at the step
    the caller expects (`expected`, else the step `council` was read at); `council` is then
    refreshed from the locked row. Two presses of one button: the second waits for the first
    and is refused, instead of taking the council one step further than anyone meant."""
    locked = Council.objects.select_for_update().only("status").get(pk=council.pk)
    if locked.status != (council.status if expected is None else expected):
        raise StepChanged(params={"status": locked.get_status_display()})
    council.refresh_from_db()
    return council


def questions_version(questions) -> str:
    """The version of the council's questions (`CouncilQuestion`s, in order) that a change of
    them names as what it was based on."""
    return content_version([q.text for q in questions])


def org_text(council_or_citizen, text_fn):
    citizen = getattr(council_or_citizen, "citizen", council_or_citizen)
    with translation.override(citizen.organisation.default_language):
        return text_fn()


def council_invitee(council: Council, invitee) -> Invitee:
    if not isinstance(invitee, Invitee) or invitee.meeting_id != council.meeting_id:
        raise NotAnInvitee(field="invitee")
    return invitee


def in_reach(council: Council, by) -> None:
    """The coordinator (while they coordinate) or the case: the views ask the policy too."""
    if by is None or policy.council_reach(by, council) is None:
        raise NotInReach()
