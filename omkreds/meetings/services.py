"""Network-meeting workflows (seed 002): decide, prepare, schedule, invite, reply, cancel, memo,
actions, follow-up meeting, feedback, reminders.

Every function is keyword-only and either changes nothing and raises a `MeetingError` (see
`errors.py`), or makes the whole change. Who may call them is decided by `access/policy.py`
in the views; these functions only keep the data right. Mail goes out through `tasks.py`
after the database change is made.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from types import EllipsisType

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone, translation
from django.utils.translation import gettext

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.accounts.models import Role
from omkreds.meetings import documents, guide, mail, tokens
from omkreds.meetings.errors import (
    BadTime,
    ChannelNeedsDetail,
    DuplicateInvitee,
    EmptyFeedback,
    EndBeforeStart,
    FeedbackUsed,
    FollowupExists,
    FollowupNotSet,
    InvalidAnswer,
    InvalidReply,
    MeetingError,
    MemoChanged,
    NoInvitees,
    NoMemo,
    NoMemoRecipients,
    NoQuestions,
    NotAnInvitee,
    NotScheduled,
    OwnerRequired,
    PlaceRequired,
    Required,
    TokenExpired,
    TokenUsed,
    TooLong,
    TooLongMeeting,
    TooManyQuestions,
    UnknownContact,
    UnknownItem,
    Unreachable,
    UserNotInOrganisation,
    WrongState,
)
from omkreds.meetings.models import (
    LONG_TEXT,
    Action,
    Channel,
    FeedbackResponse,
    Invitee,
    InviteeKind,
    Meeting,
    MeetingStatus,
    Memo,
    MemoNote,
    PreparationTick,
    Question,
    Reply,
    Success,
    new_nonce,
)
from omkreds.meetings.tasks import send_feedback_mail, send_invitation_mails, send_memo_mail

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 12
MAX_HOURS = 8
# Reminders go out this many days before an action is due.
REMINDER_DAYS = 3
# Feedback is shown only once this many have answered, so no answer points to one person.
MIN_FEEDBACK = 3
DEFAULT_DURATION = dt.timedelta(minutes=90)

_OPEN = (MeetingStatus.DECIDED, MeetingStatus.PREPARED, MeetingStatus.INVITED)

__all__ = [
    "FeedbackResults",
    "MeetingError",
    "ScheduleResult",
    "SendResult",
    "action_add",
    "action_complete",
    "action_reminders_send",
    "action_state",
    "actions_for_citizen",
    "actions_for_followup",
    "actions_for_owner",
    "feedback_request_send",
    "feedback_results",
    "feedback_submit",
    "followup_create",
    "followup_invited",
    "invitation_record_reply",
    "invitation_reply",
    "invitations_send",
    "invitee_add",
    "invitee_remove",
    "meeting_cancel",
    "meeting_decide",
    "meeting_prepare_tick",
    "meeting_revise",
    "meeting_schedule",
    "memo_save",
    "memo_send",
    "memo_version",
]


# --- Input helpers -----------------------------------------------------------------------------


def _text(value, field_name: str, *, limit: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not text:
        raise Required(field=field_name)
    if len(text) > limit:
        raise TooLong(field=field_name, params={"limit": limit, "length": len(text)})
    return text


def _require_state(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        raise WrongState(params={"status": meeting.get_status_display()})


def _in_organisation(user, organisation_id) -> bool:
    return policy.role_in(user, organisation_id) in (Role.WORKER, Role.LEAD, Role.PROFESSIONAL)


# --- 1. Decide ---------------------------------------------------------------------------------


def _clean_questions(questions) -> list[str]:
    cleaned = [_text(q, "questions", limit=500) for q in (questions or [])]
    cleaned = [q for q in cleaned if q]
    if not cleaned:
        raise NoQuestions()
    if len(cleaned) > MAX_QUESTIONS:
        raise TooManyQuestions(params={"limit": MAX_QUESTIONS})
    return cleaned


def _decision(concern, goal, why_not_own_tools, questions) -> dict:
    return {
        "concern": _text(concern, "concern", limit=LONG_TEXT, required=True),
        "goal": _text(goal, "goal", limit=LONG_TEXT, required=True),
        "why_not_own_tools": _text(why_not_own_tools, "why_not_own_tools", limit=LONG_TEXT),
        "questions": _clean_questions(questions),
    }


def _set_questions(meeting: Meeting, questions: list[str]) -> None:
    meeting.questions.all().delete()
    Question.objects.bulk_create(
        Question(meeting=meeting, order=n, text=text) for n, text in enumerate(questions, 1)
    )


@transaction.atomic
def meeting_decide(
    *, citizen, by, concern: str, goal: str, questions, why_not_own_tools: str = "", follows=None
) -> Meeting:
    """Step 1: the worry, why the worker's own tools are not enough, the goal, the questions."""
    data = _decision(concern, goal, why_not_own_tools, questions)
    questions = data.pop("questions")
    meeting = Meeting.objects.create(citizen=citizen, created_by=by, follows=follows, **data)
    _set_questions(meeting, questions)
    record_change(citizen=citizen, by=by, kind="meeting_decide", obj=meeting)
    return meeting


@transaction.atomic
def meeting_revise(
    *, meeting: Meeting, by, concern: str, goal: str, questions, why_not_own_tools: str = ""
) -> Meeting:
    """Change the decision of step 1. The invitation lists the questions, so changed questions
    after it went out mark the invitations as needing an update, as a new time does
    (`meeting_schedule`): the meeting's SEQUENCE goes up and "send the update" sends them."""
    # The row lock keeps the sequence right when two people revise or schedule at once.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status, meeting.sequence = locked.status, locked.sequence
    _require_state(meeting, *_OPEN)
    data = _decision(concern, goal, why_not_own_tools, questions)
    questions = data.pop("questions")
    before = list(meeting.questions.values_list("text", flat=True))
    if questions != before:
        _set_questions(meeting, questions)
        if meeting.invitees.filter(sent_sequence__isnull=False).exists():
            meeting.sequence += 1
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*data, "sequence", "updated_at"])
    record_change(citizen=meeting.citizen_id, by=by, kind="meeting_revise", obj=meeting)
    return meeting


# --- 2. Prepare with the citizen ---------------------------------------------------------------


@transaction.atomic
def meeting_prepare_tick(
    *, meeting: Meeting, item_key: str, by, ticked: bool = True, note: str = ""
) -> set[str]:
    """Tick (or untick) a point of the guide's preparation list. Returns the keys ticked.

    When every point is ticked a decided meeting becomes prepared, and back when one is unticked.
    """
    _require_state(meeting, *_OPEN)
    if item_key not in guide.PREPARATION.keys:
        raise UnknownItem()
    note = _text(note, "note", limit=500)
    if ticked:
        PreparationTick.objects.update_or_create(
            meeting=meeting, item_key=item_key, defaults={"ticked_by": by, "note": note}
        )
    else:
        PreparationTick.objects.filter(meeting=meeting, item_key=item_key).delete()
    keys = set(meeting.ticks.values_list("item_key", flat=True))
    complete = keys >= set(guide.PREPARATION.keys)
    if complete and meeting.status == MeetingStatus.DECIDED:
        meeting.status = MeetingStatus.PREPARED
        meeting.save(update_fields=["status", "updated_at"])
    elif not complete and meeting.status == MeetingStatus.PREPARED:
        meeting.status = MeetingStatus.DECIDED
        meeting.save(update_fields=["status", "updated_at"])
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="meeting_prepare_tick",
        obj=meeting,
        summary=f"{item_key}: {ticked}",
    )
    return keys


# --- 3. Schedule and invite --------------------------------------------------------------------


@dataclass
class ScheduleResult:
    meeting: Meeting
    # A time in the past is allowed (a meeting recorded afterwards) but worth a warning.
    in_past: bool
    changed: bool
    # Invitations already went out and the change must be sent as an update.
    needs_update: bool


def _aware(value, field_name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise Required(field=field_name)
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # Stored in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise BadTime(field=field_name) from exc


@transaction.atomic
def meeting_schedule(
    *, meeting: Meeting, by, starts_at, ends_at, place: str = "", at_client_home: bool = False
) -> ScheduleResult:
    _require_state(meeting, *_OPEN)
    starts_at = _aware(starts_at, "starts_at")
    ends_at = _aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise EndBeforeStart()
    if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
        raise TooLongMeeting(params={"hours": MAX_HOURS})
    place = _text(place, "place", limit=300)
    if not place and not at_client_home:
        raise PlaceRequired()
    new = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "at_client_home": bool(at_client_home),
    }
    changed = any(getattr(meeting, k) != v for k, v in new.items())
    sent = meeting.invitees.filter(sent_sequence__isnull=False).exists()
    for name, value in new.items():
        setattr(meeting, name, value)
    if changed and sent:
        meeting.sequence += 1
    meeting.save()
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="meeting_schedule",
        obj=meeting,
        summary=f"{starts_at:%Y-%m-%d %H:%M}",
    )
    return ScheduleResult(
        meeting=meeting,
        in_past=starts_at < timezone.now(),
        changed=changed,
        needs_update=changed and sent,
    )


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
    _require_state(meeting, *_OPEN)
    citizen = meeting.citizen
    found: dict[str, str] = {}
    contact_id = (contact_id or "").strip()
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
    if user is not None:
        if not _in_organisation(user, citizen.organisation_id):
            raise UserNotInOrganisation()
        found = {
            "name": user.full_name or user.email,
            "email": user.email,
            "kind": InviteeKind.EMPLOYEE,
            "language": user.language,
        }
    name = _text(name or found.get("name", ""), "name", limit=200, required=True)
    email = _text(email or found.get("email", ""), "email", limit=254)
    phone = _text(phone or found.get("phone", ""), "phone", limit=40)
    postal_address = _text(
        postal_address or found.get("postal_address", ""), "postal_address", limit=500
    )
    relation = _text(relation or found.get("relation", ""), "relation", limit=200)
    kind = kind or found.get("kind") or InviteeKind.CLOSE
    if kind not in InviteeKind.values:
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
    # Meetings in the past can still be recorded; the caller may warn.
    in_past: bool = False


@dataclass
class _MailBatch:
    """The e-mails of one sending, queued one by one and sent together over one connection."""

    meeting: Meeting
    sequence: int
    items: list[tuple[Invitee, str]] = field(default_factory=list)


def _enqueue_mail(batch: _MailBatch, invitee: Invitee, *, kind: str) -> None:
    batch.items.append((invitee, kind))


def _send_batch(result: SendResult, batch: _MailBatch) -> None:
    if not batch.items:
        return
    task_result = send_invitation_mails.enqueue(
        meeting_id=str(batch.meeting.pk),
        sequence=batch.sequence,
        items=[[invitee.pk, kind] for invitee, kind in batch.items],
    )
    if task_result.status == TaskResultStatus.FAILED:
        taken = set()
    elif task_result.status == TaskResultStatus.SUCCESSFUL:
        taken = set(task_result.return_value)
    else:
        # Queued for a worker: it marks each invitee sent once the server took the e-mail.
        taken = {invitee.pk for invitee, _kind in batch.items}
    for invitee, _kind in batch.items:
        if invitee.pk in taken:
            result.emailed.append(invitee)
        else:
            logger.warning("Invitation e-mail to invitee %s failed.", invitee.pk)
            result.failed.append(invitee)


def invitations_send(*, meeting: Meeting, by) -> SendResult:
    """Step 3: send the invitation to everyone not yet sent the current version.

    E-mail invitees get an e-mail with a calendar file; letter invitees get a PDF and a Word
    letter (returned for printing); phone invitees get a script to read (returned). After a
    change, only the update goes out, under the same calendar UID with a higher SEQUENCE.
    """
    given = meeting
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_state(meeting, *_OPEN)
        if not meeting.is_scheduled:
            raise NotScheduled()
        invitees = list(meeting.invitees.in_order())
        if not invitees:
            raise NoInvitees()
        due = [i for i in invitees if i.sent_sequence != meeting.sequence]
        # Someone sent an earlier version gets it as a change.
        kinds = {i.pk: documents.NEW if i.sent_sequence is None else documents.UPDATE for i in due}
        now = timezone.now()
        by_hand = [i for i in due if i.channel != Channel.EMAIL]
        for invitee in by_hand:
            invitee.sent_sequence = meeting.sequence
            invitee.sent_at = now
        Invitee.objects.bulk_update(by_hand, ["sent_sequence", "sent_at"])
        if meeting.status != MeetingStatus.INVITED:
            meeting.status = MeetingStatus.INVITED
        meeting.invitations_sent_at = now
        meeting.save(update_fields=["status", "invitations_sent_at", "updated_at"])
        record_change(citizen=meeting.citizen_id, by=by, kind="invitations_send", obj=meeting)
    given.refresh_from_db()

    result = SendResult(in_past=meeting.starts_at < timezone.now())
    batch = _MailBatch(meeting=meeting, sequence=meeting.sequence)
    for invitee in due:
        if invitee.channel == Channel.EMAIL:
            _enqueue_mail(batch, invitee, kind=kinds[invitee.pk])
        elif invitee.channel == Channel.LETTER:
            result.letters.append(
                Letter(
                    invitee=invitee,
                    pdf=documents.invitation_pdf(meeting, invitee),
                    docx=documents.invitation_docx(meeting, invitee),
                )
            )
        else:
            result.phone.append((invitee, documents.phone_script(meeting, invitee)))
    _send_batch(result, batch)
    return result


def invitee_remove(*, meeting: Meeting, invitee: Invitee, by) -> SendResult:
    """Take someone off the list; if they were e-mailed an invitation, they get a cancellation."""
    if invitee.meeting_id != meeting.pk:
        raise NotAnInvitee()
    _require_state(meeting, *_OPEN)
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
    invitee = tokens.read(token, tokens.REPLY, meeting_id=meeting_id)
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
    _require_state(invitee.meeting, *_OPEN)
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


def meeting_cancel(*, meeting: Meeting, by, reason: str = "") -> SendResult:
    """Cancel: everyone e-mailed an invitation gets METHOD:CANCEL under the same UID. Letter and
    phone invitees are returned, to be told by hand."""
    reason = _text(reason, "reason", limit=500)
    given = meeting
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_state(meeting, *_OPEN)
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
        told = list(meeting.invitees.filter(sent_sequence__isnull=False).in_order())
    given.refresh_from_db()
    result = SendResult()
    batch = _MailBatch(meeting=meeting, sequence=meeting.sequence)
    for invitee in told:
        if invitee.channel == Channel.EMAIL:
            _enqueue_mail(batch, invitee, kind=documents.CANCEL)
        else:
            result.phone.append((invitee, ""))
    _send_batch(result, batch)
    return result


# --- 6. Memo -----------------------------------------------------------------------------------


@transaction.atomic
def memo_save(
    *,
    meeting: Meeting,
    by,
    citizen_present: bool = True,
    attendance: dict | None = None,
    chair: str = "",
    secretary: str = "",
    notes: dict | None = None,
    summary: str = "",
    responsible_user=None,
    responsible_name: str = "",
    followup_at=None,
    successful: str = "",
    successful_note: str = "",
    recipients=None,
    based_on: str | None | EllipsisType = ...,
) -> Memo:
    """Write (or rewrite) the memo. `attendance` maps invitee id → present; `notes` maps
    question id → {"notes", "decision"}; `recipients` are the invitee ids the citizen agrees
    may receive the memo. `based_on` is the `memo_version` the writer started from (None: no
    memo yet); if someone saved since, `MemoChanged` is raised and nothing is stored."""
    _require_state(meeting, *_OPEN, MeetingStatus.HELD, MeetingStatus.CLOSED)
    if based_on is not ...:
        # The meeting row is the lock: one memo writer at a time compares and writes.
        Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
        if memo_version(Memo.objects.filter(meeting=meeting).first()) != based_on:
            raise MemoChanged()
    if not meeting.is_scheduled:
        raise NotScheduled()
    invitee_ids = set(meeting.invitees.values_list("pk", flat=True))
    attendance = {int(k): v for k, v in (attendance or {}).items()}
    recipients = {int(r) for r in (recipients or [])}
    if not set(attendance) <= invitee_ids:
        raise NotAnInvitee(field="attendance")
    if not recipients <= invitee_ids:
        raise NotAnInvitee(field="recipients")
    question_ids = set(meeting.questions.values_list("pk", flat=True))
    notes = {int(k): v for k, v in (notes or {}).items()}
    if not set(notes) <= question_ids:
        raise MeetingError(field="notes")
    cleaned_notes = {
        qid: (
            _text(v.get("notes", ""), "notes", limit=LONG_TEXT),
            _text(v.get("decision", ""), "decision", limit=LONG_TEXT),
        )
        for qid, v in notes.items()
    }
    if successful not in ("", *Success.values):
        raise MeetingError(field="successful")
    if responsible_user is not None and not _in_organisation(
        responsible_user, meeting.citizen.organisation_id
    ):
        raise UserNotInOrganisation(field="responsible_user")
    if followup_at is not None:
        followup_at = _aware(followup_at, "followup_at")
        if followup_at <= meeting.ends_at:
            raise MeetingError(
                gettext("The follow-up meeting must be after this meeting."), field="followup_at"
            )
    values = {
        "citizen_present": bool(citizen_present),
        "chair": _text(chair, "chair", limit=200),
        "secretary": _text(secretary, "secretary", limit=200),
        "summary": _text(summary, "summary", limit=LONG_TEXT),
        "responsible_user": responsible_user,
        "responsible_name": _text(responsible_name, "responsible_name", limit=200),
        "followup_at": followup_at,
        "successful": successful,
        "successful_note": _text(successful_note, "successful_note", limit=LONG_TEXT),
        "written_by": by,
    }
    previous_followup_at = (
        Memo.objects.filter(meeting=meeting).values_list("followup_at", flat=True).first()
    )
    memo, _ = Memo.objects.update_or_create(meeting=meeting, defaults=values)
    for qid, (text, decision) in cleaned_notes.items():
        MemoNote.objects.update_or_create(
            memo=memo, question_id=qid, defaults={"notes": text, "decision": decision}
        )
    _apply_invitee_flags(meeting, attendance, recipients)
    if followup_at != previous_followup_at:
        _followup_move(meeting=meeting, memo=memo, by=by)
    if meeting.status in _OPEN:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
    record_change(citizen=meeting.citizen_id, by=by, kind="memo_save", obj=memo)
    return memo


def memo_version(memo: Memo | None) -> str | None:
    """What a memo form is based on: when the memo was last saved (None: not written yet)."""
    return memo.updated_at.isoformat() if memo is not None else None


def _apply_invitee_flags(meeting, attendance: dict, recipients: set) -> None:
    rows = list(meeting.invitees.all())
    for invitee in rows:
        if invitee.pk in attendance:
            invitee.present = bool(attendance[invitee.pk])
        invitee.receives_memo = invitee.pk in recipients
    Invitee.objects.bulk_update(rows, ["present", "receives_memo"])


def memo_send(*, meeting: Meeting, by) -> list[Invitee]:
    """E-mail the memo (PDF and Word) to those the citizen agreed may have it."""
    memo = Memo.objects.filter(meeting=meeting).first()
    if memo is None:
        raise NoMemo()
    recipients = list(meeting.invitees.filter(receives_memo=True).exclude(email=""))
    if not recipients:
        raise NoMemoRecipients()
    send_memo_mail.enqueue(memo_id=memo.pk, invitee_ids=[i.pk for i in recipients])
    Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.HELD).update(
        status=MeetingStatus.CLOSED, updated_at=timezone.now()
    )
    meeting.refresh_from_db()
    record_change(
        citizen=meeting.citizen_id, by=by, kind="memo_send", obj=memo, summary=str(len(recipients))
    )
    return recipients


# --- 7. Actions and follow-up ------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    by,
    what: str,
    owner_user=None,
    owner_invitee: Invitee | None = None,
    owner_name: str = "",
    owner_email: str = "",
    with_whom: str = "",
    due_on: dt.date | None = None,
) -> Action:
    """A further action of the continued plan: who, what, when and with whom."""
    if meeting.is_cancelled:
        raise WrongState(params={"status": meeting.get_status_display()})
    what = _text(what, "what", limit=500, required=True)
    with_whom = _text(with_whom, "with_whom", limit=300)
    owner_name = _text(owner_name, "owner_name", limit=200)
    owner_email = _text(owner_email, "owner_email", limit=254)
    if owner_user is not None and not _in_organisation(owner_user, meeting.citizen.organisation_id):
        raise UserNotInOrganisation(field="owner")
    if owner_invitee is not None:
        if owner_invitee.meeting_id != meeting.pk:
            raise NotAnInvitee(field="owner")
        owner_name = owner_name or owner_invitee.name
        owner_email = owner_email or owner_invitee.email
        owner_user = owner_user or owner_invitee.user
    if owner_user is None and not owner_name:
        raise OwnerRequired()
    if owner_email:
        try:
            validate_email(owner_email)
        except ValidationError as exc:
            raise MeetingError(exc.messages[0], field="owner_email") from None
    if due_on is not None and not isinstance(due_on, dt.date):
        raise MeetingError(field="due_on")
    record_change(citizen=meeting.citizen_id, by=by, kind="action_add", obj=meeting, summary=what)
    return Action.objects.create(
        citizen=meeting.citizen,
        meeting=meeting,
        what=what,
        owner_user=owner_user,
        owner_invitee=owner_invitee,
        owner_name=owner_name,
        owner_email=owner_email,
        with_whom=with_whom,
        due_on=due_on,
    )


@transaction.atomic
def action_complete(*, action: Action, by, done: bool = True) -> Action:
    action.done_at = timezone.now() if done else None
    action.done_by = by if done else None
    action.save(update_fields=["done_at", "done_by"])
    record_change(
        citizen=action.citizen_id, by=by, kind="action_complete", obj=action, summary=str(done)
    )
    return action


def action_state(action: Action, today: dt.date | None = None) -> str:
    """ "done", "overdue", "due" (within the reminder window) or "open"."""
    today = today or timezone.localdate()
    if action.done_at:
        return "done"
    if action.due_on is None:
        return "open"
    if action.due_on < today:
        return "overdue"
    if action.due_on <= today + dt.timedelta(days=REMINDER_DAYS):
        return "due"
    return "open"


def actions_for_citizen(*, citizen, open_only: bool = False):
    actions = Action.objects.filter(citizen=citizen).in_order()
    return actions.open() if open_only else actions


def actions_for_owner(*, user, open_only: bool = True):
    """A user's actions across citizens. The caller filters by reach before showing them."""
    actions = Action.objects.for_owner(user).select_related("citizen").in_order()
    return actions.open() if open_only else actions


def action_reminders_send(*, today: dt.date | None = None, days: int = REMINDER_DAYS) -> int:
    """E-mail each owner with an address about open actions due within `days`, once each."""
    today = today or timezone.localdate()
    due = (
        Action.objects.due_within(days, today=today)
        .filter(reminded_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related(
            "owner_user", "owner_invitee", "meeting__created_by", "citizen__organisation"
        )
    )
    sent = 0
    for action in due:
        if not action.reminder_email:
            continue
        language = (
            (action.owner_user.language if action.owner_user_id else "")
            or (action.owner_invitee.language if action.owner_invitee_id else "")
            or action.citizen.organisation.default_language
        )
        try:
            mail.reminder_message(action, language=language).send()
        except OSError:
            logger.warning("Reminder for action %s could not be sent.", action.pk)
            continue
        Action.objects.filter(pk=action.pk).update(reminded_at=timezone.now())
        record_change(citizen=action.citizen_id, by=None, kind="action_remind", obj=action)
        sent += 1
    return sent


@transaction.atomic
def followup_create(*, meeting: Meeting, by) -> Meeting:
    """The follow-up meeting the memo set a time for, pre-filled: the same people, the same
    place, and "What has happened since the last meeting?" as its first question. Its pages show
    this meeting's actions under that question as they stand (`actions_for_followup`), so an action
    added or ticked off after the memo is there too; nothing is copied that could go stale."""
    memo = Memo.objects.filter(meeting=meeting).first()
    if memo is None:
        raise NoMemo()
    if memo.followup_at is None:
        raise FollowupNotSet()
    if meeting.followups.exclude(status=MeetingStatus.CANCELLED).exists():
        raise FollowupExists()
    with translation.override(meeting.citizen.organisation.default_language):
        questions = [gettext("What has happened since the last meeting?")]
    followup = Meeting.objects.create(
        citizen=meeting.citizen,
        created_by=by,
        follows=meeting,
        concern=meeting.concern,
        why_not_own_tools=meeting.why_not_own_tools,
        goal=meeting.goal,
        starts_at=memo.followup_at,
        ends_at=memo.followup_at + ((meeting.ends_at - meeting.starts_at) or DEFAULT_DURATION),
        place=meeting.place,
        at_client_home=meeting.at_client_home,
    )
    _set_questions(followup, questions)
    Invitee.objects.bulk_create(
        Invitee(
            meeting=followup,
            name=i.name,
            kind=i.kind,
            relation=i.relation,
            contact_id=i.contact_id,
            user=i.user,
            email=i.email,
            phone=i.phone,
            postal_address=i.postal_address,
            language=i.language,
            channel=i.channel,
            token_nonce=new_nonce(),
            receives_memo=i.receives_memo,
        )
        for i in meeting.invitees.all()
    )
    record_change(citizen=meeting.citizen_id, by=by, kind="followup_create", obj=followup)
    return followup


def actions_for_followup(*, meeting: Meeting) -> list[tuple[Action, str]]:
    """The actions agreed at the meeting this one follows up, as they stand now, each with its
    `action_state`: the first point of a follow-up meeting. Empty for a first meeting."""
    if meeting.follows_id is None:
        return []
    today = timezone.localdate()
    return [
        (action, action_state(action, today))
        for action in Action.objects.filter(meeting_id=meeting.follows_id).in_order()
    ]


def followup_invited(followup: Meeting) -> bool:
    """Whether anyone was sent an invitation to this (follow-up) meeting."""
    return (
        followup.invitations_sent_at is not None
        or followup.invitees.filter(sent_sequence__isnull=False).exists()
    )


def _followup_move(*, meeting: Meeting, memo: Memo, by) -> ScheduleResult | None:
    """The memo's follow-up time changed: move the follow-up meeting set up from it, unless it
    has taken place. If its invitations went out, it is marked as needing an update, as any
    change of time is (`meeting_schedule`). A follow-up meeting moved by hand stays where it
    is until the memo's time itself changes.

    The time removed from the memo: a follow-up nobody was invited to yet loses its time too
    (it stays planned, with its invitees and questions, and gets the memo's time again if one
    is set); one whose invitations went out keeps its time, since its invitees expect it —
    the meeting pages then say it must be cancelled or the invitees told."""
    followup = meeting.followups.exclude(status=MeetingStatus.CANCELLED).first()
    if followup is None or followup.status not in _OPEN:
        return None
    if memo.followup_at is None:
        if followup.starts_at is not None and not followup_invited(followup):
            followup.starts_at = followup.ends_at = None
            followup.save(update_fields=["starts_at", "ends_at", "updated_at"])
            record_change(
                citizen=followup.citizen_id,
                by=by,
                kind="meeting_schedule",
                obj=followup,
                summary="time cleared: the memo sets no follow-up date",
            )
        return None
    if followup.starts_at == memo.followup_at:
        return None
    length = (
        (followup.ends_at - followup.starts_at)
        if followup.starts_at
        else (meeting.ends_at - meeting.starts_at) or DEFAULT_DURATION
    )
    return meeting_schedule(
        meeting=followup,
        by=by,
        starts_at=memo.followup_at,
        ends_at=memo.followup_at + length,
        place=followup.place,
        at_client_home=followup.at_client_home,
    )


# --- 8. Feedback -------------------------------------------------------------------------------


def feedback_request_send(*, meeting: Meeting, by) -> list[Invitee]:
    """E-mail each participant who was there their own anonymous feedback link."""
    _require_state(meeting, MeetingStatus.HELD, MeetingStatus.CLOSED)
    invitees = list(
        meeting.invitees.exclude(email="")
        .exclude(present=False)
        .filter(feedback_given_at__isnull=True)
    )
    for invitee in invitees:
        send_feedback_mail.enqueue(invitee_id=invitee.pk)
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="feedback_request_send",
        obj=meeting,
        summary=str(len(invitees)),
    )
    return invitees


@transaction.atomic
def feedback_submit(*, token: str, answers: dict, comment: str = "", meeting_id=None) -> None:
    """Record one participant's answers. The response is not linked to the invitee; only the
    fact that they answered is, so each link answers once."""
    invitee = tokens.read(token, tokens.FEEDBACK, meeting_id=meeting_id)
    invitee = Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    meeting = invitee.meeting
    if meeting.is_cancelled or meeting.starts_at is None or meeting.starts_at > timezone.now():
        raise WrongState(params={"status": meeting.get_status_display()})
    if invitee.feedback_given_at is not None:
        raise FeedbackUsed()
    if not isinstance(answers, dict):
        raise InvalidAnswer()
    cleaned = {k: v for k, v in answers.items() if v not in ("", None)}
    if not set(cleaned) <= set(guide.FEEDBACK.keys) or not set(cleaned.values()) <= set(
        guide.FEEDBACK_ANSWERS
    ):
        raise InvalidAnswer()
    comment = _text(comment, "comment", limit=LONG_TEXT)
    if not cleaned and not comment:
        raise EmptyFeedback()
    FeedbackResponse.objects.create(meeting=meeting, answers=cleaned, comment=comment)
    invitee.feedback_given_at = timezone.now()
    invitee.save(update_fields=["feedback_given_at"])
    record_change(
        citizen=meeting.citizen_id,
        by=None,
        kind="feedback_submit",
        obj=meeting,
        who="anonymous participant",
    )


@dataclass
class QuestionResult:
    item: guide.GuideItem
    counts: dict[str, int]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass
class FeedbackResults:
    responses: int
    invited: int
    # Fewer than MIN_FEEDBACK answers: nothing is shown, so no answer points to one person.
    withheld: bool
    questions: list[QuestionResult]
    comments: list[str]


def feedback_results(*, meeting: Meeting) -> FeedbackResults:
    rows = list(meeting.feedback.values_list("answers", "comment"))
    invited = meeting.invitees.count()
    if len(rows) < MIN_FEEDBACK:
        return FeedbackResults(len(rows), invited, True, [], [])
    counters = {key: Counter() for key in guide.FEEDBACK.keys}
    for answers, _comment in rows:
        for key, value in answers.items():
            if key in counters:
                counters[key][value] += 1
    questions = [
        QuestionResult(item=item, counts={a: counters[item.key][a] for a in guide.FEEDBACK_ANSWERS})
        for item in guide.FEEDBACK.items
    ]
    # Comments in a stable order that is not the order of answering.
    comments = sorted(c for _a, c in rows if c)
    return FeedbackResults(len(rows), invited, False, questions, comments)
