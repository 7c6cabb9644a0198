"""Network-meeting workflows (seed 002): invitees, sending the invitations, replies, and
cancelling the meeting (which tells everyone invited). See `services.py` for the rules all
meeting services keep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.invitations import documents, mail, tokens
from omkreds.invitations.choices import Channel, InviteeKind, Reply
from omkreds.invitations.errors import TokenExpired
from omkreds.meetings import delivery
from omkreds.meetings.errors import (
    ChannelNeedsDetail,
    DuplicateInvitee,
    InvalidReply,
    MeetingChanged,
    MeetingError,
    NoInvitees,
    NotAnInvitee,
    NotScheduled,
    TokenUsed,
    UnknownContact,
    Unreachable,
    UserNotInOrganisation,
    WrongState,
)
from omkreds.meetings.models import Invitee, Meeting, MeetingStatus
from omkreds.meetings.models_delivery import Document
from omkreds.meetings.services import (
    OPEN_STATUSES,
    clean_text,
    in_organisation,
    require_state,
    schedule_version,
)

logger = logging.getLogger(__name__)

__all__ = [
    "Letter",
    "SendResult",
    "invitation_record_reply",
    "invitation_reply",
    "invitations_send",
    "invitee_add",
    "invitee_remove",
    "meeting_cancel",
]


# --- 3. Invite ---------------------------------------------------------------------------------


def _map_contact(citizen, contact_id: str):
    from omkreds.networks.services import map_document

    for contact in map_document(citizen=citizen).contacts:
        if contact.id == contact_id:
            return contact
    return None


def _duplicate(meeting: Meeting, *, name, contact_id, user, email, exclude=None) -> bool:
    others = meeting.invitees.exclude(pk=exclude) if exclude else meeting.invitees.all()
    if contact_id and others.filter(contact_id=contact_id).exists():
        return True
    if user is not None and others.filter(user=user).exists():
        return True
    if email and others.filter(email__iexact=email).exists():
        return True
    # Typed in twice with nothing else to tell them apart.
    return (
        not (contact_id or user or email)
        and others.filter(name__iexact=name, contact_id="", user__isnull=True, email="").exists()
    )


def _found_details(citizen, contact_id: str, user) -> dict[str, str]:
    """What the map (a person picked from it) or the account (a user) says about an invitee."""
    if contact_id:
        contact = _map_contact(citizen, contact_id)
        # A person marked do-not-contact is treated as absent from the map.
        if contact is None or contact.safety_marker:
            raise UnknownContact()
        found = {
            "name": contact.name,
            "email": contact.email or "",
            "phone": contact.phone_direct or contact.phone_main,
            "postal_address": contact.address,
            "relation": contact.relation,
            "kind": InviteeKind.EMPLOYEE if contact.is_professional else InviteeKind.CLOSE,
        }
    else:
        found = {}
    if user is not None:
        if not in_organisation(user, citizen.organisation_id):
            raise UserNotInOrganisation()
        found = {
            "name": user.full_name or user.email,
            "email": user.email,
            "kind": InviteeKind.EMPLOYEE,
            "language": user.language,
        }
    return found


def _channel_checked(channel, *, email: str, phone: str, postal_address: str) -> str:
    """The way of inviting: the one asked for, which needs its detail, else the first detail
    given (e-mail, then letter, then phone)."""
    if channel is None:
        channel = Channel.EMAIL if email else Channel.LETTER if postal_address else Channel.PHONE
    detail = {Channel.EMAIL: email, Channel.LETTER: postal_address, Channel.PHONE: phone}
    if channel not in detail:
        raise MeetingError(field="channel")
    if not detail[channel]:
        field_name = {"email": "email", "letter": "postal_address", "phone": "phone"}[channel]
        raise ChannelNeedsDetail(
            gettext("Give the %(detail)s to invite by %(channel)s.")
            % {
                "detail": Invitee._meta.get_field(field_name).verbose_name,
                "channel": Channel(channel).label,
            },
            field=field_name,
        )
    return channel


@transaction.atomic
def invitee_add(
    *,
    meeting: Meeting,
    by,
    name: str = "",
    kind: str | None = None,
    relation: str = "",
    language: str | None = None,
    channel: str | None = None,
    email: str = "",
    phone: str = "",
    postal_address: str = "",
    contact_id: str = "",
    user=None,
) -> Invitee:
    """Invite a person picked from the network map (`contact_id`), from the users (`user`), or
    typed in. Details given here win over those found on the map or the account.

    The meeting row is locked first, so two people adding the same person at once take turns:
    the second sees the first's row and is told the person is already invited."""
    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    require_state(meeting, *OPEN_STATUSES)
    citizen = meeting.citizen
    contact_id = (contact_id or "").strip()
    found = _found_details(citizen, contact_id, user)
    name = clean_text(name or found.get("name", ""), "name", limit=200, required=True)
    email = clean_text(email or found.get("email", ""), "email", limit=254)
    phone = clean_text(phone or found.get("phone", ""), "phone", limit=40)
    postal_address = clean_text(
        postal_address or found.get("postal_address", ""), "postal_address", limit=500
    )
    relation = clean_text(relation or found.get("relation", ""), "relation", limit=200)
    kind = kind or found.get("kind") or InviteeKind.CLOSE
    # The citizen takes part through `services_citizen.citizen_take_part`.
    if kind not in InviteeKind.values or kind == InviteeKind.CITIZEN:
        raise MeetingError(field="kind")
    language = language or found.get("language") or citizen.organisation.default_language
    if language not in dict(Invitee._meta.get_field("language").choices):
        raise MeetingError(field="language")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise MeetingError(exc.messages[0], field="email") from None
    if not (email or phone or postal_address):
        raise Unreachable(params={"name": name})
    channel = _channel_checked(channel, email=email, phone=phone, postal_address=postal_address)
    if _duplicate(meeting, name=name, contact_id=contact_id, user=user, email=email):
        raise DuplicateInvitee(params={"name": name})
    try:
        # A savepoint, so that a refused insert leaves the caller's transaction usable.
        with transaction.atomic():
            invitee = Invitee.objects.create(
                meeting=meeting,
                name=name,
                kind=kind,
                relation=relation,
                contact_id=contact_id,
                user=user,
                email=email,
                phone=phone,
                postal_address=postal_address,
                language=language,
                channel=channel,
            )
    except IntegrityError:
        # The unique constraints (same contact, account or e-mail) are the last word, should
        # a writer get past the check without the lock (a row added outside this service).
        raise DuplicateInvitee(params={"name": name}) from None
    record_change(citizen=citizen, by=by, kind="invitee_add", obj=meeting, summary=name)
    return invitee


@dataclass
class Letter:
    invitee: Invitee
    pdf: bytes
    docx: bytes


@dataclass
class SendResult:
    emailed: list[Invitee] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    phone: list[tuple[Invitee, str]] = field(default_factory=list)
    # E-mails the mail server did not take (known at once only with immediate background work).
    failed: list[Invitee] = field(default_factory=list)
    # Handed to the worker, which sends them (the delivery list says when).
    queued: list[Invitee] = field(default_factory=list)
    # Meetings in the past can still be recorded; the caller may warn.
    in_past: bool = False


def _send_mails(result: SendResult, meeting: Meeting, planned: list) -> None:
    """Hand the queued e-mail deliveries to the mail task (after the transaction that planned
    them) and note which the mail server took."""
    queued = [(invitee, row) for invitee, row in planned if row.channel == Channel.EMAIL]
    taken = delivery.mails_send(meeting, [row for _invitee, row in queued])
    later = delivery.mails_by_worker()
    for invitee, row in queued:
        if later and row.pk in taken:
            result.queued.append(invitee)
        elif row.pk in taken:
            result.emailed.append(invitee)
        else:
            logger.warning("Invitation e-mail to invitee %s failed.", invitee.pk)
            result.failed.append(invitee)


def _by_hand(result: SendResult, meeting: Meeting, planned: list) -> None:
    for invitee, row in planned:
        if row.channel == Channel.LETTER:
            result.letters.append(
                Letter(
                    invitee=invitee,
                    pdf=documents.invitation_pdf(meeting, invitee),
                    docx=documents.invitation_docx(meeting, invitee),
                )
            )
        elif row.channel == Channel.PHONE:
            result.phone.append((invitee, documents.phone_script(meeting, invitee)))


def invitations_send(*, meeting: Meeting, by) -> SendResult:
    """Step 3: send the invitation to everyone not yet sent the current version.

    Each invitee gets a delivery by their channel (`delivery.py`): e-mail with a calendar file,
    sent by the mail task; a letter in the print pack (also returned, PDF and Word); a call to
    make (the script returned). After a change, only the update goes out, under the same
    calendar UID with a higher SEQUENCE. A second press, at once or later, finds the deliveries
    of this version planned and sends nothing twice; a failed e-mail is tried again.
    """
    given = meeting
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_state(meeting, *OPEN_STATUSES)
        if not meeting.is_scheduled:
            raise NotScheduled()
        invitees = list(meeting.invitees.in_order())
        if not invitees:
            raise NoInvitees()
        planned = []
        for invitee in invitees:
            if invitee.sent_sequence == meeting.sequence:
                continue
            # Channel.HAND: the citizen, invited when the meeting is prepared with them.
            if invitee.channel == Channel.HAND:
                continue
            # Someone sent an earlier version gets it as a change.
            document = Document.INVITATION if invitee.sent_sequence is None else Document.UPDATE
            row = delivery.delivery_plan(
                meeting=meeting, invitee=invitee, document=document, version=meeting.sequence
            )
            if row is not None:
                planned.append((invitee, row))
        now = timezone.now()
        if meeting.status != MeetingStatus.INVITED:
            meeting.status = MeetingStatus.INVITED
        meeting.invitations_sent_at = now
        meeting.save(update_fields=["status", "invitations_sent_at", "updated_at"])
        record_change(citizen=meeting.citizen_id, by=by, kind="invitations_send", obj=meeting)
    given.refresh_from_db()

    result = SendResult(in_past=meeting.starts_at < timezone.now())
    _by_hand(result, meeting, planned)
    _send_mails(result, meeting, planned)
    return result


def invitee_remove(*, meeting: Meeting, invitee: Invitee, by) -> SendResult:
    """Take someone off the list; if they were e-mailed an invitation, they get a cancellation."""
    if invitee.meeting_id != meeting.pk:
        raise NotAnInvitee()
    require_state(meeting, *OPEN_STATUSES)
    result = SendResult()
    if invitee.channel == Channel.EMAIL and invitee.sent_sequence is not None:
        message = mail.invitation_message(meeting, invitee, kind=documents.CANCEL)
        try:
            message.send()
            result.emailed.append(invitee)
        except OSError:
            logger.warning("Cancellation e-mail to invitee %s failed.", invitee.pk)
            result.failed.append(invitee)
    record_change(
        citizen=meeting.citizen_id, by=by, kind="invitee_remove", obj=meeting, summary=invitee.name
    )
    invitee.delete()
    return result


# --- 4. Replies --------------------------------------------------------------------------------


def _check_reply(reply: str) -> str:
    if reply not in (Reply.YES, Reply.NO, Reply.MAYBE):
        raise InvalidReply()
    return reply


@transaction.atomic
def invitation_reply(*, token: str, reply: str, meeting_id=None) -> Invitee:
    """The invitee answers through their link. Each link answers once.

    Raises TokenInvalid (show 404) for a forged link or one for another meeting; TokenExpired,
    TokenUsed or WrongState with a message otherwise.
    """
    invitee = tokens.read(token, tokens.REPLY, invitees=Invitee.objects, meeting_id=meeting_id)
    invitee = Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    reply = _check_reply(reply)
    meeting = invitee.meeting
    if meeting.is_cancelled:
        raise WrongState(params={"status": meeting.get_status_display()})
    if invitee.reply_link_used_at is not None:
        raise TokenUsed()
    if meeting.starts_at is None or meeting.starts_at <= timezone.now():
        raise TokenExpired()
    now = timezone.now()
    invitee.reply = reply
    invitee.replied_at = now
    invitee.reply_link_used_at = now
    invitee.save(update_fields=["reply", "replied_at", "reply_link_used_at"])
    record_change(
        citizen=invitee.meeting.citizen_id,
        by=None,
        kind="invitation_reply",
        obj=invitee,
        summary=reply,
        who=invitee.name,
    )
    return invitee


@transaction.atomic
def invitation_record_reply(*, invitee: Invitee, reply: str, by) -> Invitee:
    """The worker notes a reply given by phone, by letter or in person."""
    require_state(invitee.meeting, *OPEN_STATUSES)
    invitee.reply = _check_reply(reply)
    invitee.replied_at = timezone.now()
    invitee.save(update_fields=["reply", "replied_at"])
    record_change(
        citizen=invitee.meeting.citizen_id,
        by=by,
        kind="invitation_reply",
        obj=invitee,
        summary=reply,
    )
    return invitee


# --- 5. Cancel ---------------------------------------------------------------------------------


def meeting_cancel(
    *, meeting: Meeting, by, reason: str = "", based_on: str | None = None
) -> SendResult:
    """Cancel: everyone an invitation reached gets the cancellation by their channel (e-mail:
    METHOD:CANCEL under the same UID; a letter to print; a call to make). Invitations not yet
    out are withdrawn from the print pack and the calls to make. If the time and place are no
    longer the version `based_on` (`schedule_version`), `MeetingChanged`."""
    reason = clean_text(reason, "reason", limit=500)
    given = meeting
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_state(meeting, *OPEN_STATUSES)
        if based_on is not None and schedule_version(meeting) != based_on:
            raise MeetingChanged()
        was_sent = meeting.invitees.filter(sent_sequence__isnull=False).exists()
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.cancel_reason = reason
        if was_sent:
            meeting.sequence += 1
        meeting.save()
        record_change(
            citizen=meeting.citizen_id, by=by, kind="meeting_cancel", obj=meeting, summary=reason
        )
        delivery.supersede_open(meeting=meeting)
        planned = []
        for invitee in meeting.invitees.filter(sent_sequence__isnull=False).in_order():
            row = delivery.delivery_plan(
                meeting=meeting,
                invitee=invitee,
                document=Document.CANCELLATION,
                version=meeting.sequence,
            )
            if row is not None:
                planned.append((invitee, row))
    given.refresh_from_db()
    result = SendResult()
    for invitee, row in planned:
        if row.channel != Channel.EMAIL:
            result.phone.append((invitee, ""))  # told by hand: the delivery list says how
    _send_mails(result, meeting, planned)
    return result
