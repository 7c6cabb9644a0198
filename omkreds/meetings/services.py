"""Network-meeting workflows (seed 002), the meeting itself: decide, prepare, schedule, and the
input helpers the other meeting services share. The rest lives next to it, by subdomain:
`services_invitations.py` (invitees, sending, replies, cancelling), `services_memo.py` (memo,
actions and their reminders, the follow-up meeting) and `services_feedback.py`.

Every function is keyword-only and either changes nothing and raises a `MeetingError` (see
`errors.py`), or makes the whole change. Who may call them is decided by `access/policy.py`
in the views; these functions only keep the data right. Mail goes out through `tasks.py`
after the database change is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.accounts.models import Role
from omkreds.citizens.services import require_open_case
from omkreds.lib.text import refuse_lines
from omkreds.lib.versions import content_version
from omkreds.meetings import guide
from omkreds.meetings.errors import (
    BadTime,
    EndBeforeStart,
    MeetingChanged,
    MeetingError,
    NoQuestions,
    PlaceRequired,
    Required,
    TooLong,
    TooLongMeeting,
    TooManyQuestions,
    UnknownItem,
    WrongState,
)
from omkreds.meetings.models import LONG_TEXT, Meeting, MeetingStatus, PreparationTick, Question

MAX_QUESTIONS = 12
MAX_HOURS = 8

OPEN_STATUSES = (MeetingStatus.DECIDED, MeetingStatus.PREPARED, MeetingStatus.INVITED)

__all__ = [
    "MeetingError",
    "ScheduleResult",
    "meeting_change",
    "meeting_decide",
    "meeting_prepare_tick",
    "meeting_revise",
    "meeting_schedule",
    "meeting_version",
]


# --- Input helpers -----------------------------------------------------------------------------


def clean_text(value, field_name: str, *, limit: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not text:
        raise Required(field=field_name)
    if len(text) > limit:
        raise TooLong(field=field_name, params={"limit": limit, "length": len(text)})
    return text


def require_state(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        raise WrongState(params={"status": meeting.get_status_display()})


def in_organisation(user, organisation_id) -> bool:
    return policy.role_in(user, organisation_id) in (Role.WORKER, Role.LEAD, Role.PROFESSIONAL)


# --- 1. Decide ---------------------------------------------------------------------------------


def clean_questions(questions) -> list[str]:
    cleaned = [clean_text(q, "questions", limit=500) for q in (questions or [])]
    cleaned = [q for q in cleaned if q]
    # Written with bulk_create, which no save guard sees (lib/text.py).
    refuse_lines(cleaned, field="questions")
    if not cleaned:
        raise NoQuestions()
    if len(cleaned) > MAX_QUESTIONS:
        raise TooManyQuestions(params={"limit": MAX_QUESTIONS})
    return cleaned


def _decision(concern, goal, why_not_own_tools, questions) -> dict:
    return {
        "concern": clean_text(concern, "concern", limit=LONG_TEXT, required=True),
        "goal": clean_text(goal, "goal", limit=LONG_TEXT, required=True),
        "why_not_own_tools": clean_text(why_not_own_tools, "why_not_own_tools", limit=LONG_TEXT),
        "questions": clean_questions(questions),
    }


def set_questions(meeting: Meeting, questions: list[str]) -> None:
    meeting.questions.all().delete()
    Question.objects.bulk_create(
        Question(meeting=meeting, order=n, text=text) for n, text in enumerate(questions, 1)
    )


@transaction.atomic
def meeting_decide(
    *, citizen, by, concern: str, goal: str, questions, why_not_own_tools: str = "", follows=None
) -> Meeting:
    """Step 1: the worry, why the worker's own tools are not enough, the goal, the questions."""
    require_open_case(citizen)
    data = _decision(concern, goal, why_not_own_tools, questions)
    questions = data.pop("questions")
    meeting = Meeting.objects.create(citizen=citizen, created_by=by, follows=follows, **data)
    set_questions(meeting, questions)
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
    require_state(meeting, *OPEN_STATUSES)
    data = _decision(concern, goal, why_not_own_tools, questions)
    questions = data.pop("questions")
    before = list(meeting.questions.values_list("text", flat=True))
    if questions != before:
        set_questions(meeting, questions)
        if meeting.invitees.filter(sent_sequence__isnull=False).exists():
            meeting.sequence += 1
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*data, "sequence", "updated_at"])
    record_change(citizen=meeting.citizen_id, by=by, kind="meeting_revise", obj=meeting)
    return meeting


def meeting_version(meeting: Meeting) -> str:
    """The version of the decision (the worry, the goal, why, the questions) that an API
    change names as what it was based on."""
    questions = list(meeting.questions.values_list("text", flat=True))
    return content_version(meeting.concern, meeting.goal, meeting.why_not_own_tools, questions)


def schedule_version(meeting: Meeting) -> str:
    """The version of the meeting's time and place, that a schedule or a cancellation names as
    what it was based on."""
    return content_version(
        meeting.starts_at, meeting.ends_at, meeting.place, meeting.at_client_home
    )


def preparation_version(meeting: Meeting, ticked=None) -> str:
    """The version of the preparation's ticks, that a tick names as what it was based on."""
    if ticked is None:
        ticked = meeting.ticks.values_list("item_key", flat=True)
    return content_version(sorted(ticked))


def _require_based_on(current: str, based_on: str | None) -> None:
    # None: a caller that read the meeting in the same transaction (the pages, the councils).
    if based_on is not None and current != based_on:
        raise MeetingChanged()


@transaction.atomic
def meeting_change(*, meeting: Meeting, by, based_on: str, changes: dict) -> Meeting:
    """Change only the decision's fields in `changes` (None keeps a value), under the meeting's
    row lock: the others are read under the lock, so a change made meanwhile is kept. If the
    decision is no longer the version `based_on`, `MeetingChanged` and nothing is saved."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting_version(locked) != based_on:
        raise MeetingChanged()
    current = {
        "concern": locked.concern,
        "goal": locked.goal,
        "why_not_own_tools": locked.why_not_own_tools,
        "questions": list(locked.questions.values_list("text", flat=True)),
    }
    given = {name: value for name, value in changes.items() if value is not None}
    return meeting_revise(meeting=locked, by=by, **{**current, **given})


# --- 2. Prepare with the citizen ---------------------------------------------------------------


@transaction.atomic
def meeting_prepare_tick(
    *,
    meeting: Meeting,
    item_key: str,
    by,
    ticked: bool = True,
    note: str = "",
    based_on: str | None = None,
) -> set[str]:
    """Tick (or untick) a point of the guide's preparation list. Returns the keys ticked.

    When every point is ticked a decided meeting becomes prepared, and back when one is unticked.
    If the ticks are no longer the version `based_on`, `MeetingChanged` and nothing is saved.
    """
    # The row lock orders two people ticking at once: the second sees the first one's tick.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status = locked.status
    _require_based_on(preparation_version(locked), based_on)
    require_state(meeting, *OPEN_STATUSES)
    if item_key not in guide.PREPARATION.keys:
        raise UnknownItem()
    note = clean_text(note, "note", limit=500)
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


# --- 3. Schedule -------------------------------------------------------------------------------


@dataclass
class ScheduleResult:
    meeting: Meeting
    # A time in the past is allowed (a meeting recorded afterwards) but worth a warning.
    in_past: bool
    changed: bool
    # Invitations already went out and the change must be sent as an update.
    needs_update: bool


def aware_time(value, field_name: str) -> dt.datetime:
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
    *,
    meeting: Meeting,
    by,
    starts_at,
    ends_at,
    place: str = "",
    at_client_home: bool = False,
    based_on: str | None = None,
) -> ScheduleResult:
    """Step 3: time and place. If they are no longer the version `based_on` (someone else set
    them since), `MeetingChanged` and nothing is saved."""
    require_state(meeting, *OPEN_STATUSES)
    starts_at = aware_time(starts_at, "starts_at")
    ends_at = aware_time(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise EndBeforeStart()
    if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
        raise TooLongMeeting(params={"hours": MAX_HOURS})
    place = clean_text(place, "place", limit=300)
    if not place and not at_client_home:
        raise PlaceRequired()
    new = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "at_client_home": bool(at_client_home),
    }
    # The row lock keeps the sequence right when two people reschedule or revise at once: each
    # change after the invitations went out raises it from the value the other one left.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status, meeting.sequence = locked.status, locked.sequence
    require_state(meeting, *OPEN_STATUSES)
    _require_based_on(schedule_version(locked), based_on)
    changed = any(getattr(locked, k) != v for k, v in new.items())
    sent = meeting.invitees.filter(sent_sequence__isnull=False).exists()
    for name, value in new.items():
        setattr(meeting, name, value)
    if changed and sent:
        meeting.sequence += 1
    meeting.save(update_fields=[*new, "sequence", "updated_at"])
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
