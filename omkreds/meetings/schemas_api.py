"""The shapes of the network-meeting API (`api.py`): what goes in and what comes out, and
the functions that shape the rows into what comes out.

Texts are capped here only as a guard against huge bodies; the limits a user meets (and their
messages) are the services'. Bodies refuse fields they do not know, so a typo is told, not
ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from omkreds.accounts.models import Language
from omkreds.invitations.choices import Channel, InviteeKind, Reply
from omkreds.lib.api.schemas import PageMeta
from omkreds.meetings import guide, services, services_memo
from omkreds.meetings.models import Action as MeetingAction
from omkreds.meetings.models import Invitee, Meeting, Memo, Success

# A guard against huge bodies; the service says what the real limit is.
Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(max_length=2_000)]


class Ref(Schema):
    id: int
    name: str


# ------------------------------------------------------------------------------ out


class QuestionOut(Schema):
    id: int
    order: int
    text: str


class PreparationOut(Schema):
    key: str
    text: str
    ticked: bool


class InviteeOut(Schema):
    id: int
    name: str
    kind: str
    relation: str
    contact_id: str
    user_id: int | None
    email: str
    phone: str
    postal_address: str
    language: str
    channel: str
    reply: str = Field(description="pending, yes, no or maybe.")
    replied_at: dt.datetime | None
    sent_at: dt.datetime | None
    invitation_current: bool = Field(
        description="The invitation this person was sent is the meeting's current version."
    )
    present: bool | None
    receives_memo: bool
    feedback_given: bool


class ReplyCounts(Schema):
    pending: int
    yes: int
    no: int
    maybe: int


class MeetingSummaryOut(Schema):
    id: uuid.UUID
    status: str
    goal: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    place: str
    at_client_home: bool
    follows_id: uuid.UUID | None
    has_memo: bool
    invitees: int
    replies: ReplyCounts


class MeetingPage(PageMeta):
    items: list[MeetingSummaryOut]


class MeetingOut(Schema):
    id: uuid.UUID
    citizen_id: uuid.UUID
    status: str
    created_by: Ref
    created_at: dt.datetime
    concern: str
    why_not_own_tools: str
    goal: str
    questions: list[QuestionOut]
    preparation: list[PreparationOut]
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    duration_minutes: int | None
    place: str
    at_client_home: bool
    sequence: int = Field(description="The iCalendar SEQUENCE: raised by each change sent out.")
    invitations_sent_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    follows_id: uuid.UUID | None
    followup_ids: list[uuid.UUID]
    has_memo: bool
    invitees: list[InviteeOut]
    version: str = Field(
        description="The version of the decision (worry, goal, why, questions): send it as "
        "`based_on` when you change it."
    )
    schedule_version: str = Field(
        description="The version of the time and place: send it as `based_on` when you "
        "schedule or cancel the meeting."
    )
    preparation_version: str = Field(
        description="The version of the preparation's ticks: send it as `based_on` when you "
        "tick or untick a point."
    )


class ScheduleOut(Schema):
    meeting: MeetingOut
    in_past: bool = Field(description="The time is in the past (allowed, worth a warning).")
    needs_update: bool = Field(
        description="Invitations were already sent: send again to tell everyone of the change."
    )
    warnings: list[str]


class LetterOut(Schema):
    invitee_id: int
    name: str
    pdf_url: str
    docx_url: str


class PhoneOut(Schema):
    invitee_id: int
    name: str
    phone: str
    script: str


class SendOut(Schema):
    emailed: list[int] = Field(description="Invitees whose e-mail was handed to the mail server.")
    failed: list[int] = Field(description="Invitees whose e-mail could not be sent.")
    letters: list[LetterOut] = Field(description="Letters to print and post.")
    phone: list[PhoneOut] = Field(description="Calls to make (or, on cancelling, to tell).")
    in_past: bool
    warnings: list[str]


class RemovedOut(Schema):
    removed: int
    cancellation_emailed: bool


class ActionOut(Schema):
    id: int
    meeting_id: uuid.UUID
    what: str
    owner: str
    owner_user_id: int | None
    owner_invitee_id: int | None
    owner_email: str
    with_whom: str
    due_on: dt.date | None
    done_at: dt.datetime | None
    state: str = Field(description="done, overdue, due (within the reminder window) or open.")


class MemoNoteOut(Schema):
    question_id: int
    question: str
    notes: str
    decision: str


class AttendanceOut(Schema):
    invitee_id: int
    name: str
    present: bool | None


class MemoActionOut(Schema):
    """An action as the memo shows it: who, what, when, with whom."""

    id: int
    what: str
    owner: str
    with_whom: str
    due_on: dt.date | None
    done: bool


class MemoOut(Schema):
    meeting_id: uuid.UUID
    citizen_present: bool
    chair: str
    secretary: str
    summary: str
    notes: list[MemoNoteOut]
    attendance: list[AttendanceOut]
    responsible: str
    responsible_user_id: int | None
    followup_at: dt.datetime | None
    followup_meeting_id: uuid.UUID | None
    successful: str
    successful_note: str
    written_by: Ref
    updated_at: dt.datetime
    sent_at: dt.datetime | None
    actions: list[MemoActionOut]
    version: str = Field(description="Send it as `based_on` when you save the memo.")


class SentOut(Schema):
    sent_to: list[int] = Field(description="Invitees whose e-mail the mail server took.")
    failed: list[int] = Field(default=[], description="Invitees whose e-mail was not taken.")
    to_print: list[int] = Field(default=[], description="Invitees to get a printed letter.")
    to_call: list[int] = Field(default=[], description="Invitees to call.")


def sent_out(outcome) -> dict:
    """What a send did, by channel (`delivery.Outcome`)."""

    def ids(rows):
        return [row.invitee_id for row in rows]

    return {
        "sent_to": ids(outcome.emailed),
        "failed": ids(outcome.failed),
        "to_print": ids(outcome.to_print),
        "to_call": ids(outcome.to_call),
    }


class FeedbackQuestionOut(Schema):
    key: str
    text: str
    answered: int
    counts: dict[str, int] = Field(description="yes, partly, no → how many answered so.")


class FeedbackOut(Schema):
    responses: int
    invited: int
    withheld: bool = Field(
        description="Fewer than three have answered: nothing is shown, so no answer points to "
        "one person."
    )
    questions: list[FeedbackQuestionOut]
    comments: list[str]


# ------------------------------------------------------------------------------ in


class DecideIn(Schema):
    model_config = ConfigDict(extra="forbid")

    concern: Text
    goal: Text
    why_not_own_tools: Text = ""
    questions: list[ShortText] = Field(max_length=50)


# What a write was based on: the `version` of what was read.
BASED_ON = "The `version` you read. If it has changed since (someone else wrote first), 409 and "


class ReviseIn(Schema):
    """The decision again; fields left out (or null) keep their value."""

    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] = Field(
        description=BASED_ON + "nothing is saved."
    )
    concern: Text | None = None
    goal: Text | None = None
    why_not_own_tools: Text | None = None
    questions: list[ShortText] | None = Field(None, max_length=50)


class ScheduleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="The `schedule_version` you read. If the time or place has changed since "
        "(someone else wrote first), 409 and nothing is saved."
    )

    starts_at: dt.datetime
    ends_at: dt.datetime
    place: ShortText = ""
    at_client_home: bool = False


class TickIn(Schema):
    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="The `preparation_version` you read. If the ticks have changed since "
        "(someone else wrote first), 409 and nothing is saved."
    )

    item_key: Annotated[str, StringConstraints(max_length=40)]
    ticked: bool = True


class InviteeIn(Schema):
    """Pick a person from the citizen's network map (`contact_id`), a user of the organisation
    (`user_id`), or type them in. Details given win over those found."""

    model_config = ConfigDict(extra="forbid")

    name: ShortText = ""
    kind: Literal[tuple(InviteeKind.values)] | None = None  # type: ignore[valid-type]
    relation: ShortText = ""
    language: Literal[tuple(Language.values)] | None = None  # type: ignore[valid-type]
    channel: Literal[tuple(Channel.values)] | None = None  # type: ignore[valid-type]
    email: ShortText = ""
    phone: ShortText = ""
    postal_address: ShortText = ""
    contact_id: Annotated[str, StringConstraints(max_length=64)] = ""
    user_id: int | None = None

    def details(self) -> dict:
        """The invitee's details as the services take them (the user is looked up apart)."""
        return self.model_dump(exclude={"user_id"})


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reply: Literal[Reply.YES.value, Reply.NO.value, Reply.MAYBE.value]  # type: ignore[valid-type]


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="The `schedule_version` you read. If the time or place has changed since "
        "(someone else wrote first), 409 and nothing is cancelled."
    )

    reason: ShortText = ""


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    notes: Text = ""
    decision: Text = ""


class MemoIn(Schema):
    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        description=BASED_ON + "nothing is saved. null: there was no memo yet."
    )
    citizen_present: bool = True
    attendance: dict[int, bool] = Field(
        default_factory=dict, max_length=500, description="Invitee id → present."
    )
    chair: ShortText = ""
    secretary: ShortText = ""
    notes: dict[int, NoteIn] = Field(
        default_factory=dict, max_length=50, description="Question id → notes and what was agreed."
    )
    summary: Text = ""
    responsible_user_id: int | None = None
    responsible_name: ShortText = ""
    followup_at: dt.datetime | None = Field(
        None, description="Setting it sets up the follow-up meeting, already filled in."
    )
    successful: Literal[("", *Success.values)] = ""  # type: ignore[valid-type]
    successful_note: Text = ""
    recipients: list[int] = Field(
        default_factory=list,
        max_length=500,
        description="Invitee ids the citizen agrees may receive the memo.",
    )


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    what: ShortText
    owner_user_id: int | None = None
    owner_invitee_id: int | None = None
    owner_name: ShortText = ""
    owner_email: ShortText = ""
    with_whom: ShortText = ""
    due_on: dt.date | None = None


class DoneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    done: bool = True


# ------------------------------------------------------------------------------ shaping


def invitee_out(invitee: Invitee, meeting: Meeting) -> dict:
    return {
        "id": invitee.pk,
        "name": invitee.name,
        "kind": invitee.kind,
        "relation": invitee.relation,
        "contact_id": invitee.contact_id,
        "user_id": invitee.user_id,
        "email": invitee.email,
        "phone": invitee.phone,
        "postal_address": invitee.postal_address,
        "language": invitee.language,
        "channel": invitee.channel,
        "reply": invitee.reply,
        "replied_at": invitee.replied_at,
        "sent_at": invitee.sent_at,
        "invitation_current": invitee.sent_sequence == meeting.sequence,
        "present": invitee.present,
        "receives_memo": invitee.receives_memo,
        "feedback_given": invitee.feedback_given_at is not None,
    }


def meeting_out(meeting: Meeting) -> dict:
    ticks = set(meeting.ticks.values_list("item_key", flat=True))
    return {
        "id": meeting.pk,
        "citizen_id": meeting.citizen_id,
        "status": meeting.status,
        "created_by": {"id": meeting.created_by_id, "name": meeting.created_by.full_name},
        "created_at": meeting.created_at,
        "concern": meeting.concern,
        "why_not_own_tools": meeting.why_not_own_tools,
        "goal": meeting.goal,
        "questions": list(meeting.questions.all()),
        "preparation": [
            {"key": item.key, "text": item.get_text(), "ticked": item.key in ticks}
            for item in guide.PREPARATION.items
        ],
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "at_client_home": meeting.at_client_home,
        "sequence": meeting.sequence,
        "invitations_sent_at": meeting.invitations_sent_at,
        "cancelled_at": meeting.cancelled_at,
        "cancel_reason": meeting.cancel_reason,
        "follows_id": meeting.follows_id,
        "followup_ids": list(meeting.followups.values_list("pk", flat=True)),
        "has_memo": Memo.objects.filter(meeting=meeting).exists(),
        "invitees": [invitee_out(i, meeting) for i in meeting.invitees.in_order()],
        "version": services.meeting_version(meeting),
        "schedule_version": services.schedule_version(meeting),
        "preparation_version": services.preparation_version(meeting, ticks),
    }


def action_out(action: MeetingAction) -> dict:
    return {
        "id": action.pk,
        "meeting_id": action.meeting_id,
        "what": action.what,
        "owner": action.owner_label,
        "owner_user_id": action.owner_user_id,
        "owner_invitee_id": action.owner_invitee_id,
        "owner_email": action.owner_email,
        "with_whom": action.with_whom,
        "due_on": action.due_on,
        "done_at": action.done_at,
        "state": services_memo.action_state(action),
    }


def memo_out(memo: Memo) -> dict:
    meeting = memo.meeting
    notes = {n.question_id: n for n in memo.notes.all()}
    return {
        "meeting_id": meeting.pk,
        "citizen_present": memo.citizen_present,
        "chair": memo.chair,
        "secretary": memo.secretary,
        "summary": memo.summary,
        "notes": [
            {
                "question_id": q.pk,
                "question": q.text,
                "notes": notes[q.pk].notes if q.pk in notes else "",
                "decision": notes[q.pk].decision if q.pk in notes else "",
            }
            for q in meeting.questions.all()
        ],
        "attendance": [
            {"invitee_id": i.pk, "name": i.name, "present": i.present}
            for i in meeting.invitees.in_order()
        ],
        "responsible": memo.responsible,
        "responsible_user_id": memo.responsible_user_id,
        "followup_at": memo.followup_at,
        "followup_meeting_id": meeting.followups.exclude(status="cancelled")
        .values_list("pk", flat=True)
        .first(),
        "successful": memo.successful,
        "successful_note": memo.successful_note,
        "written_by": {"id": memo.written_by_id, "name": memo.written_by.full_name},
        "updated_at": memo.updated_at,
        "sent_at": memo.sent_at,
        "actions": [
            {
                "id": a.pk,
                "what": a.what,
                "owner": a.owner_label,
                "with_whom": a.with_whom,
                "due_on": a.due_on,
                "done": a.done_at is not None,
            }
            for a in meeting.actions.in_order()
        ],
        "version": services_memo.memo_version(memo),
    }
