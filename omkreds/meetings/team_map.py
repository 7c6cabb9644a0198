"""The network map before a meeting with the team (seed 001: "Netværkskortet udfyldes forud
for det første møde i Patientens team" and "Primære kontaktperson skal – med samtykke fra
patienten – sende kortet til Patientens team").

The team of a meeting is its invitees taking part as employees. Each one whose account the
policy lets read the map (a consent in force covering the map, or the case itself) gets the
printed map, the shared copy (people with a safety marker, addresses and notes never leave):
by e-mail when invited by e-mail, else it is listed to print and hand over. Nobody else gets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.invitations.choices import Channel, InviteeKind
from omkreds.invitations.mail import one_line, send_each
from omkreds.meetings.errors import MeetingError
from omkreds.meetings.models import Invitee, Meeting, MeetingStatus
from omkreds.networks import present
from omkreds.networks.services import map_latest

BEFORE = (MeetingStatus.DECIDED, MeetingStatus.PREPARED, MeetingStatus.INVITED)


class NoMap(MeetingError):
    default_message = _("There is no network map yet. Draw it with the citizen first.")


class MapChangedSince(MeetingError):
    """The map was saved again after the page was shown: 409."""

    default_message = _(
        "The network map was saved again since you opened the page. Look at the new version, "
        "then send it."
    )


class NobodyCovered(MeetingError):
    default_message = _("No one in the team has a consent in force that covers the network map.")


@dataclass(frozen=True)
class Member:
    invitee: Invitee
    covered: bool

    @property
    def by_email(self) -> bool:
        return self.invitee.channel == Channel.EMAIL and bool(self.invitee.email)


@dataclass
class Sent:
    version: int
    emailed: list[str] = field(default_factory=list)
    to_print: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_covered: list[str] = field(default_factory=list)


def has_team(meeting: Meeting, invitees) -> bool:
    return meeting.status in BEFORE and any(i.kind == InviteeKind.EMPLOYEE for i in invitees)


def team(meeting: Meeting, invitees, *, sender=None) -> list[Member]:
    """The meeting's employees (the sender left out), each with whether the map may go to them."""
    citizen = meeting.citizen
    return [
        Member(
            invitee=i,
            covered=i.user is not None and policy.can(i.user, policy.Action.VIEW_MAP, citizen),
        )
        for i in invitees
        if i.kind == InviteeKind.EMPLOYEE and (sender is None or i.user_id != sender.pk)
    ]


def map_pdf(citizen, version, *, sender) -> bytes:
    """The printed map (A4, the shared copy, without anyone the map withholds) of `version`.
    The caller has logged the read."""
    copy = present.copy_for(policy.reach(sender, citizen), citizen).printed()
    made = present.export_content(
        "pdf-a4", document=version.parsed(), citizen=citizen, version=version, copy=copy
    )
    if made is None:
        raise NoMap()
    return made[0]


def map_message(meeting: Meeting, invitee: Invitee, *, version, pdf: bytes) -> EmailMessage:
    worker = meeting.created_by
    with translation.override(invitee.language):
        context = {
            "invitee": invitee,
            "worker": worker,
            "number": version.number,
            "saved": formats.date_format(timezone.localtime(version.created_at), "DATE_FORMAT"),
            "meeting_date": (
                formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
                if meeting.starts_at
                else ""
            ),
        }
        subject = gettext("The network map before the network meeting")
        body = render_to_string("meetings/email/team_map_body.txt", context)
        filename = gettext("network-map")
    message = EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[invitee.email],
        reply_to=[worker.email] if worker.email else None,
        headers={"Content-Language": invitee.language},
    )
    message.attach(f"{filename}.pdf", pdf, "application/pdf")
    return message


def team_map_send(*, meeting: Meeting, by, based_on: int | None) -> Sent:
    """Send the map (version `based_on`, as the page showed it) to each team member it may go
    to. Refused, nothing sent, when the map changed since (`MapChangedSince`), when there is no
    map, or when it may go to nobody."""
    version = map_latest(citizen=meeting.citizen)
    if version is None:
        raise NoMap()
    if based_on != version.number:
        raise MapChangedSince()
    invitees = list(meeting.invitees.select_related("user").in_order())
    members = team(meeting, invitees, sender=by)
    covered = [m for m in members if m.covered]
    if not covered:
        raise NobodyCovered()
    result = Sent(version=version.number)
    result.not_covered = [m.invitee.name for m in members if not m.covered]
    result.to_print = [m.invitee.name for m in covered if not m.by_email]
    by_email = [m for m in covered if m.by_email]
    pdf = map_pdf(meeting.citizen, version, sender=by)
    messages = [map_message(meeting, m.invitee, version=version, pdf=pdf) for m in by_email]
    for member, taken in zip(by_email, send_each(messages), strict=True):
        (result.emailed if taken else result.failed).append(member.invitee.name)
    with transaction.atomic():
        record_change(
            citizen=meeting.citizen_id,
            by=by,
            kind="map_sent_to_team",
            obj=meeting,
            summary=f"v{version.number}: " + ", ".join(result.emailed + result.to_print),
        )
    return result
