"""The advisory network coordinator of a meeting (seed 002: "När du funderar på att ordna ett
nätverksmöte kan du vid behov kontakta nätverkskoordinatorn för att diskutera olika sätt och
alternativ för att ordna mötet").

The worker names a user of the citizen's organisation; that person is told by e-mail (in their
own language, nothing about the citizen: an e-mail can be read by more eyes than the page) and
is shown on the meeting page and the run sheet. Naming them gives no access to the case.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.accounts.models import Role
from omkreds.invitations.mail import one_line
from omkreds.meetings.errors import MeetingError
from omkreds.meetings.models import Meeting, MeetingStatus

ROLES = (Role.WORKER, Role.LEAD, Role.COORDINATOR)


class NotInOrganisation(MeetingError):
    default_message = _("Choose someone who works in the citizen's organisation.")
    field = "coordinator"


class CoordinatorChanged(MeetingError):
    """Someone else named (or removed) the coordinator since the page was shown: 409."""

    default_message = _(
        "Someone else changed the network coordinator while you were choosing. Reload the page "
        "to see who it is now, then choose again."
    )


class MeetingOver(MeetingError):
    default_message = _("The meeting is over or cancelled; its network coordinator stays as it is.")


def based_on(meeting: Meeting) -> str:
    """What a change of the coordinator is based on: who it was when the page was shown."""
    return str(meeting.network_coordinator_id or "")


@transaction.atomic
def network_coordinator_name(*, meeting: Meeting, by, coordinator, expected: str) -> Meeting:
    """Name `coordinator` (a user, or None to remove the one named) as the meeting's network
    coordinator. `expected` is `based_on(meeting)` as the page showed it; a change made by
    someone else since is refused with `CoordinatorChanged`, nothing changed."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if based_on(locked) != (expected or ""):
        raise CoordinatorChanged()
    if locked.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise MeetingOver()
    if coordinator is not None and (
        not coordinator.is_active
        or policy.role_in(coordinator, meeting.citizen.organisation_id) not in ROLES
    ):
        raise NotInOrganisation()
    if locked.network_coordinator_id == getattr(coordinator, "pk", None):
        if coordinator is not None and locked.network_coordinator_told_at is None:
            # Saved again while the last e-mail did not go: try telling them once more.
            send_coordinator_mail.enqueue(meeting_id=str(locked.pk), user_id=coordinator.pk)
        return locked
    locked.network_coordinator = coordinator
    locked.network_coordinator_told_at = None
    locked.save(update_fields=["network_coordinator", "network_coordinator_told_at", "updated_at"])
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="network_coordinator",
        obj=locked,
        summary=coordinator.full_name if coordinator else "",
    )
    if coordinator is not None:
        send_coordinator_mail.enqueue(meeting_id=str(locked.pk), user_id=coordinator.pk)
    return locked


def coordinator_message(meeting: Meeting) -> EmailMessage:
    coordinator = meeting.network_coordinator
    worker = meeting.created_by
    language = coordinator.language or meeting.citizen.organisation.default_language
    with translation.override(language):
        context = {
            "coordinator": coordinator,
            "worker": worker,
            "organisation": meeting.citizen.organisation.name,
        }
        subject = gettext("You are the network coordinator for a network meeting")
        body = render_to_string("meetings/email/network_coordinator_body.txt", context)
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[coordinator.email],
        reply_to=[worker.email] if worker.email else None,
        headers={"Content-Language": language},
    )


@task
def send_coordinator_mail(*, meeting_id: str, user_id: int) -> bool:
    """Tell the coordinator; marked told only when the mail server took the message, and only
    if they are still the one named."""
    from omkreds.invitations.mail import send_each

    meeting = Meeting.objects.select_related(
        "citizen__organisation", "created_by", "network_coordinator"
    ).get(pk=meeting_id)
    if meeting.network_coordinator_id != user_id:
        return False
    (taken,) = send_each([coordinator_message(meeting)])
    if taken:
        Meeting.objects.filter(pk=meeting.pk, network_coordinator_id=user_id).update(
            network_coordinator_told_at=timezone.now()
        )
    return taken
