"""The citizen as a participant of their own meeting or council (seed 002: "Klienten och
familjen kommer alltid först"; seed 003: the main person receives the plan).

The citizen is an invitee of kind "citizen": first in the order of introductions, may own
actions, is among those who may receive the memo or plan, and has their own feedback link. Their
channel says how documents reach them, like anyone else's (e-mail, letter, phone), or that they
are handed over in the meeting (`Channel.HAND`, the citizen only). Delivery by channel is
the invitations' and delivery code's; this module only records the participant.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.invitations.choices import Channel, InviteeKind
from omkreds.meetings.errors import ChannelNeedsDetail, DuplicateInvitee, MeetingError
from omkreds.meetings.models import Invitee, Meeting
from omkreds.meetings.services import OPEN_STATUSES, clean_text, require_state

# The detail each channel needs, by the invitee field that holds it.
_DETAIL = {Channel.EMAIL: "email", Channel.LETTER: "postal_address", Channel.PHONE: "phone"}

__all__ = ["citizen_invitee", "citizen_take_part"]


def citizen_invitee(meeting: Meeting) -> Invitee | None:
    return meeting.invitees.filter(kind=InviteeKind.CITIZEN).first()


@transaction.atomic
def citizen_take_part(
    *,
    meeting: Meeting,
    by,
    channel: str = Channel.HAND,
    email: str = "",
    phone: str = "",
    postal_address: str = "",
    language: str | None = None,
) -> Invitee:
    """Put the citizen on the meeting's list of participants, first in the order of
    introductions, with the channel by which memo, plan and feedback reach them."""
    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    require_state(meeting, *OPEN_STATUSES)
    citizen = meeting.citizen
    details = {
        "email": clean_text(email, "email", limit=254),
        "phone": clean_text(phone, "phone", limit=40),
        "postal_address": clean_text(postal_address, "postal_address", limit=500),
    }
    if details["email"]:
        try:
            validate_email(details["email"])
        except ValidationError as exc:
            raise MeetingError(exc.messages[0], field="email") from None
    if channel not in Channel.values:
        raise MeetingError(field="channel")
    needed = _DETAIL.get(channel)
    if needed and not details[needed]:
        raise ChannelNeedsDetail(
            gettext("Give the %(detail)s to invite by %(channel)s.")
            % {
                "detail": Invitee._meta.get_field(needed).verbose_name,
                "channel": Channel(channel).label,
            },
            field=needed,
        )
    language = language or citizen.organisation.default_language
    if language not in dict(Invitee._meta.get_field("language").choices):
        raise MeetingError(field="language")
    if citizen_invitee(meeting) is not None:
        raise DuplicateInvitee(params={"name": citizen.name})
    try:
        with transaction.atomic():
            invitee = Invitee.objects.create(
                meeting=meeting,
                name=citizen.name,
                kind=InviteeKind.CITIZEN,
                language=language,
                channel=channel,
                **details,
            )
    except IntegrityError:
        # The same e-mail address as another invitee's, or a second citizen row.
        raise DuplicateInvitee(params={"name": citizen.name}) from None
    record_change(citizen=citizen, by=by, kind="invitee_add", obj=meeting, summary=citizen.name)
    return invitee
