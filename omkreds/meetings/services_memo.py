"""Network-meeting workflows (seed 002): the memo, the actions of the continued plan and their
reminders, and the follow-up meeting. See `services.py` for the rules all meeting services keep.
"""

from __future__ import annotations

import datetime as dt
import logging
from types import EllipsisType

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.meetings import delivery, mail
from omkreds.meetings.errors import (
    FollowupExists,
    FollowupNotSet,
    MeetingError,
    MemoChanged,
    MemoTooEarly,
    NoMemo,
    NoMemoRecipients,
    NotAnInvitee,
    NotScheduled,
    OwnerRequired,
    UserNotInOrganisation,
    WrongState,
)
from omkreds.meetings.models import (
    LONG_TEXT,
    Action,
    Invitee,
    Meeting,
    MeetingStatus,
    Memo,
    MemoNote,
    Success,
    new_nonce,
)
from omkreds.meetings.models_delivery import Document
from omkreds.meetings.services import (
    OPEN_STATUSES,
    ScheduleResult,
    aware_time,
    clean_text,
    in_organisation,
    meeting_schedule,
    require_state,
    set_questions,
)

logger = logging.getLogger(__name__)

# Reminders go out this many days before an action is due.
REMINDER_DAYS = 3
DEFAULT_DURATION = dt.timedelta(minutes=90)

__all__ = [
    "action_add",
    "action_complete",
    "action_reminders_send",
    "action_state",
    "actions_for_citizen",
    "actions_for_followup",
    "actions_for_owner",
    "followup_create",
    "followup_invited",
    "memo_save",
    "memo_send",
    "memo_version",
]


# --- 6. Memo -----------------------------------------------------------------------------------


def _memo_rows_checked(meeting: Meeting, *, attendance, recipients, notes):
    """Attendance and recipients name the meeting's invitees, notes its questions: checked and
    cleaned, keyed by id."""
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
            clean_text(v.get("notes", ""), "notes", limit=LONG_TEXT),
            clean_text(v.get("decision", ""), "decision", limit=LONG_TEXT),
        )
        for qid, v in notes.items()
    }
    return attendance, recipients, cleaned_notes


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
    require_state(meeting, *OPEN_STATUSES, MeetingStatus.HELD, MeetingStatus.CLOSED)
    if based_on is not ...:
        # The meeting row is the lock: one memo writer at a time compares and writes.
        Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
        if memo_version(Memo.objects.filter(meeting=meeting).first()) != based_on:
            raise MemoChanged()
    if not meeting.is_scheduled:
        raise NotScheduled()
    if not meeting.has_started:
        raise MemoTooEarly(params={"when": meeting.starts_at_shown})
    attendance, recipients, cleaned_notes = _memo_rows_checked(
        meeting, attendance=attendance, recipients=recipients, notes=notes
    )
    if successful not in ("", *Success.values):
        raise MeetingError(field="successful")
    if responsible_user is not None and not in_organisation(
        responsible_user, meeting.citizen.organisation_id
    ):
        raise UserNotInOrganisation(field="responsible_user")
    if followup_at is not None:
        followup_at = aware_time(followup_at, "followup_at")
        if followup_at <= meeting.ends_at:
            raise MeetingError(
                gettext("The follow-up meeting must be after this meeting."), field="followup_at"
            )
    values = {
        "citizen_present": bool(citizen_present),
        "chair": clean_text(chair, "chair", limit=200),
        "secretary": clean_text(secretary, "secretary", limit=200),
        "summary": clean_text(summary, "summary", limit=LONG_TEXT),
        "responsible_user": responsible_user,
        "responsible_name": clean_text(responsible_name, "responsible_name", limit=200),
        "followup_at": followup_at,
        "successful": successful,
        "successful_note": clean_text(successful_note, "successful_note", limit=LONG_TEXT),
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
    if meeting.status in OPEN_STATUSES:
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


def memo_send(*, meeting: Meeting, by) -> delivery.Outcome:
    """Send the memo to those the citizen agreed may have it, each by their channel: e-mailed
    (PDF and Word), a letter for the print pack, or a call to make. The same memo twice goes
    to nobody twice; a memo changed since goes again."""
    memo = Memo.objects.filter(meeting=meeting).first()
    if memo is None:
        raise NoMemo()
    recipients = list(meeting.invitees.filter(receives_memo=True).in_order())
    if not recipients:
        raise NoMemoRecipients()
    outcome = delivery.deliveries_send(
        meeting=meeting,
        invitees=recipients,
        document=Document.MEMO,
        version=memo.updated_at.isoformat(),
    )
    Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.HELD).update(
        status=MeetingStatus.CLOSED, updated_at=timezone.now()
    )
    meeting.refresh_from_db()
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="memo_send",
        obj=memo,
        summary=str(len(outcome.planned)),
    )
    return outcome


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
    what = clean_text(what, "what", limit=500, required=True)
    with_whom = clean_text(with_whom, "with_whom", limit=300)
    owner_name = clean_text(owner_name, "owner_name", limit=200)
    owner_email = clean_text(owner_email, "owner_email", limit=254)
    if owner_user is not None and not in_organisation(owner_user, meeting.citizen.organisation_id):
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
    set_questions(followup, questions)
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
    if followup is None or followup.status not in OPEN_STATUSES:
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
