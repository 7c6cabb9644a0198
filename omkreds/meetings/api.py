"""Network meetings in the JSON API: /api/v1/citizens/<uuid>/meetings/…

The same rules as the staff pages (`views_staff.py`): planning a meeting belongs to the case,
so every operation needs `EDIT_MEETINGS` reach (workers and leads), except reading the memo,
which a professional may do under a consent covering meetings (`VIEW_MEETINGS`). Out of reach
answers 404. The access-log row is written before anything is read or changed: reads are
logged as `view_meetings`, changes as `edit_meetings`, with the meeting as the object.

The workflows are the `services*.py` modules'; a rule they refuse (`MeetingError`) answers 422 with the
field it is about, in the caller's language, and nothing is changed.
"""

from __future__ import annotations

import uuid
from typing import Literal

from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router, Status

from omkreds.access.policy import Action
from omkreds.accounts.models import Language
from omkreds.citizens.errors import CaseClosed
from omkreds.invitations import documents, ics
from omkreds.invitations.api import (
    attachment,
    schedule_warnings,
)
from omkreds.invitations.choices import Reply
from omkreds.lib.api.errors import Refusals
from omkreds.lib.api.schemas import COMMON_ERRORS, ErrorOut, PageParams, ValidationErrorOut
from omkreds.meetings import services, services_feedback, services_invitations, services_memo
from omkreds.meetings.api_doors import (
    API_FIELDS,
    active_user,
    api_citizen,
    api_invitee,
    api_meeting,
    api_memo,
    api_opened,
    send_out,
)
from omkreds.meetings.errors import MeetingChanged, MemoChanged, NotAnInvitee, NotScheduled
from omkreds.meetings.models import Action as MeetingAction
from omkreds.meetings.models import Invitee, Meeting
from omkreds.meetings.schemas_api import (
    ActionIn,
    ActionOut,
    CancelIn,
    DecideIn,
    DoneIn,
    FeedbackOut,
    InviteeIn,
    InviteeOut,
    MeetingOut,
    MeetingPage,
    MemoIn,
    MemoOut,
    RemovedOut,
    ReplyIn,
    ReviseIn,
    ScheduleIn,
    ScheduleOut,
    SendOut,
    SentOut,
    TickIn,
    action_out,
    invitee_out,
    meeting_out,
    memo_out,
    sent_out,
)

router = Router(tags=["network meetings"])
# A service's refusal: 422 naming the API's field; 409 when someone changed what the write
# was based on, or the case is closed.
Refusals(fields=API_FIELDS, stale=(MeetingChanged, MemoChanged), conflicts=(CaseClosed,)).declare(
    router
)

CITIZEN = "/{citizen_id}/meetings"
ACTIONS = CITIZEN + "/actions"
MEETING = CITIZEN + "/{meeting_id}"
INVITEE = MEETING + "/invitees/{invitee_id}"

# 409: the meeting has no time yet, so there is no calendar entry or letter to give.
FILE_ERRORS = {**COMMON_ERRORS, 409: ErrorOut}
# 409: someone changed what the write was based on (`based_on`) since it was read.
STALE_ERRORS = {**COMMON_ERRORS, 409: ValidationErrorOut}
_CALENDAR = "text/calendar; charset=utf-8"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ------------------------------------------------------------------------------ actions
# Declared before the meeting paths: "/meetings/actions" must not be read as a meeting id.


@router.get(
    ACTIONS, response={200: list[ActionOut], **COMMON_ERRORS}, url_name="meetings_citizen_actions"
)
def citizen_actions(request, citizen_id: uuid.UUID, open_only: bool = False):
    """The citizen's actions from every meeting, the earliest due first; due and overdue are
    marked in `state`."""
    citizen = api_citizen(request, citizen_id, change=False)
    actions = services_memo.actions_for_citizen(citizen=citizen, open_only=open_only)
    return [action_out(a) for a in actions]


@router.post(
    ACTIONS + "/{action_id}/done",
    response={200: ActionOut, **COMMON_ERRORS},
    url_name="meetings_action_done",
)
def action_done(request, citizen_id: uuid.UUID, action_id: int, payload: DoneIn):
    """Tick an action off (`done: true`, the default) or open it again (`done: false`)."""
    citizen = api_citizen(request, citizen_id, change=True)
    action = get_object_or_404(
        MeetingAction.objects.select_related("owner_user"), pk=action_id, citizen=citizen
    )
    services_memo.action_complete(action=action, by=request.user, done=payload.done)
    return action_out(action)


# ------------------------------------------------------------------------------ meetings


@router.get(CITIZEN, response={200: MeetingPage, **COMMON_ERRORS}, url_name="meetings_list")
def list_meetings(request, citizen_id: uuid.UUID, page: Query[PageParams]):
    """The citizen's network meetings, the newest first (those without a time on top)."""
    citizen = api_citizen(request, citizen_id, change=False)
    meetings = Meeting.objects.for_citizen(citizen)
    count = meetings.count()
    rows = (
        meetings.select_related("memo")
        .annotate(
            n_invitees=Count("invitees"),
            **{
                f"n_{reply}": Count("invitees", filter=Q(invitees__reply=reply))
                for reply in Reply.values
            },
        )
        .order_by("-starts_at", "-created_at")[page.offset : page.offset + page.limit]
    )
    items = []
    for meeting in rows:
        items.append(
            {
                "id": meeting.pk,
                "status": meeting.status,
                "goal": meeting.goal,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "place": meeting.place,
                "at_client_home": meeting.at_client_home,
                "follows_id": meeting.follows_id,
                "has_memo": hasattr(meeting, "memo"),
                "invitees": meeting.n_invitees,
                "replies": {reply: getattr(meeting, f"n_{reply}") for reply in Reply.values},
            }
        )
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": items}


@router.post(
    CITIZEN, response={201: MeetingOut, 409: ErrorOut, **COMMON_ERRORS}, url_name="meetings_decide"
)
def decide(request, citizen_id: uuid.UUID, payload: DecideIn):
    """Step 1: decide on a meeting — the worry, why your own tools are not enough, the goal and
    the questions to discuss (at least one)."""
    citizen = api_citizen(request, citizen_id, change=True)
    meeting = services.meeting_decide(
        citizen=citizen,
        by=request.user,
        concern=payload.concern,
        goal=payload.goal,
        why_not_own_tools=payload.why_not_own_tools,
        questions=payload.questions,
    )
    return Status(201, meeting_out(api_meeting(citizen, meeting.pk)))


@router.get(MEETING, response={200: MeetingOut, **COMMON_ERRORS}, url_name="meetings_detail")
def detail(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """The meeting: decision, questions, preparation, status, time and place, and the
    invitees with their replies."""
    citizen = api_citizen(request, citizen_id, change=False, meeting_id=meeting_id)
    return meeting_out(api_meeting(citizen, meeting_id))


@router.patch(MEETING, response={200: MeetingOut, **STALE_ERRORS}, url_name="meetings_revise")
def revise(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: ReviseIn):
    """Change the decision while the meeting is being planned: only the fields sent change.
    `based_on` is the `version` you read; if someone changed the decision since, 409 and
    nothing is saved."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    services.meeting_change(
        meeting=meeting,
        by=request.user,
        based_on=payload.based_on,
        changes=payload.model_dump(exclude_unset=True, exclude={"based_on"}),
    )
    return meeting_out(api_meeting(citizen, meeting_id))


@router.post(
    MEETING + "/preparation",
    response={200: MeetingOut, **STALE_ERRORS},
    url_name="meetings_tick",
)
def tick(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: TickIn):
    """Step 2: tick (or untick) a point of the preparation gone through with the citizen. When
    all are ticked the meeting is prepared. `based_on` is the `preparation_version` you read;
    if someone ticked since, 409 and nothing is saved."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    services.meeting_prepare_tick(
        meeting=meeting,
        item_key=payload.item_key,
        by=request.user,
        ticked=payload.ticked,
        based_on=payload.based_on,
    )
    return meeting_out(api_meeting(citizen, meeting_id))


@router.post(
    MEETING + "/schedule",
    response={200: ScheduleOut, **STALE_ERRORS},
    url_name="meetings_schedule",
)
def schedule(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: ScheduleIn):
    """Step 3: time and place (or the citizen's home). A time in the past is allowed, with a
    warning; after invitations went out, send them again to tell everyone of a change.
    `based_on` is the `schedule_version` you read; if someone changed the time or place since,
    409 and nothing is saved."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    result = services.meeting_schedule(
        meeting=meeting,
        by=request.user,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        at_client_home=payload.at_client_home,
        based_on=payload.based_on,
    )
    return {
        "meeting": meeting_out(api_meeting(citizen, meeting_id)),
        "in_past": result.in_past,
        "needs_update": result.needs_update,
        "warnings": schedule_warnings(result),
    }


@router.post(
    MEETING + "/cancel", response={200: SendOut, **STALE_ERRORS}, url_name="meetings_cancel"
)
def cancel(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: CancelIn):
    """Cancel the meeting. Everyone e-mailed an invitation gets a cancellation for their
    calendar; those invited by letter or phone are listed under `phone`, to be told by hand.
    `based_on` is the `schedule_version` you read; if someone changed the time or place since,
    409 and nothing is cancelled."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    result = services_invitations.meeting_cancel(
        meeting=meeting, by=request.user, reason=payload.reason, based_on=payload.based_on
    )
    return send_out(citizen, meeting, result)


@router.get(
    MEETING + "/invitation.ics",
    response=FILE_ERRORS,
    url_name="meetings_ics",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The iCalendar file (RFC 5545); METHOD:CANCEL once cancelled.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def calendar(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, invitee_id: int | None = None):
    """The meeting as a calendar file. With `invitee_id`, the file that invitee is sent (in
    their language, with their reply link); without, an entry for your own calendar."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=False)
    if not meeting.is_scheduled:
        return Status(409, {"detail": str(NotScheduled())})
    kind = documents.CANCEL if meeting.is_cancelled else documents.NEW
    if meeting.sequence and not meeting.is_cancelled:
        kind = documents.UPDATE
    method = ics.CANCEL if meeting.is_cancelled else ics.REQUEST
    if invitee_id is not None:
        invitee = api_invitee(meeting, invitee_id)
        context = documents.invitation_context(meeting, invitee, kind=kind)
    else:
        language = (translation.get_language() or "")[:2]
        if language not in Language.values:
            language = citizen.organisation.default_language
        # The caller's own entry: no reply link, since they are not an invitee.
        invitee = Invitee(
            meeting=meeting,
            name=request.user.full_name or request.user.email,
            email=request.user.email,
            language=language,
        )
        context = documents.invitation_context(meeting, invitee, kind=kind)
        context.update(reply_text="", reply_url="")
    data = ics.invitation_ics(meeting, invitee, method=method, context=context)
    return attachment(data, _CALENDAR, "meeting.ics")


# ------------------------------------------------------------------------------ invitees


@router.post(
    MEETING + "/invitees",
    response={201: InviteeOut, **COMMON_ERRORS},
    url_name="meetings_invitee_add",
)
def invitee_add(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: InviteeIn):
    """Invite someone from the network map (`contact_id`), a user of the organisation
    (`user_id`) or typed in, with at least one way to reach them."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    invitee = services_invitations.invitee_add(
        meeting=meeting,
        by=request.user,
        user=active_user(payload.user_id, "user_id"),
        **payload.details(),
    )
    return Status(201, invitee_out(invitee, meeting))


@router.delete(INVITEE, response={200: RemovedOut, **COMMON_ERRORS}, url_name="meetings_invitee")
def invitee_remove(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, invitee_id: int):
    """Take someone off the list; if they were e-mailed an invitation, they get a
    cancellation."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    invitee = api_invitee(meeting, invitee_id)
    result = services_invitations.invitee_remove(meeting=meeting, invitee=invitee, by=request.user)
    return {"removed": invitee_id, "cancellation_emailed": bool(result.emailed)}


@router.post(
    INVITEE + "/reply", response={200: InviteeOut, **COMMON_ERRORS}, url_name="meetings_reply"
)
def record_reply(
    request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, invitee_id: int, payload: ReplyIn
):
    """Record a reply given by phone, by letter or in person: yes, no or maybe."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    invitee = api_invitee(meeting, invitee_id)
    services_invitations.invitation_record_reply(
        invitee=invitee, reply=payload.reply, by=request.user
    )
    return invitee_out(invitee, meeting)


@router.get(
    INVITEE + "/letter.{fmt}",
    response=FILE_ERRORS,
    url_name="meetings_letter",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The invitation letter, in the invitee's language.",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    _DOCX: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def letter(
    request,
    citizen_id: uuid.UUID,
    meeting_id: uuid.UUID,
    invitee_id: int,
    fmt: Literal["pdf", "docx"],
):
    """The invitation letter to print (`pdf`) or to edit (`docx`)."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=False)
    invitee = api_invitee(meeting, invitee_id)
    if not meeting.is_scheduled:
        return Status(409, {"detail": str(NotScheduled())})
    if fmt == "pdf":
        content, content_type = documents.invitation_pdf(meeting, invitee), "application/pdf"
    else:
        content, content_type = documents.invitation_docx(meeting, invitee), _DOCX
    return attachment(content, content_type, f"invitation.{fmt}")


@router.post(MEETING + "/send", response={200: SendOut, **COMMON_ERRORS}, url_name="meetings_send")
def send(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """Send the invitation to everyone not yet sent its current version: e-mail with a
    calendar file; letters (links to print them) and phone scripts are answered."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    result = services_invitations.invitations_send(meeting=meeting, by=request.user)
    return send_out(citizen, meeting, result)


# ------------------------------------------------------------------------------ memo


@router.get(MEETING + "/memo", response={200: MemoOut, **COMMON_ERRORS}, url_name="meetings_memo")
def memo(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """The memo: who was there, notes and what was agreed per question, the continued plan.
    Readable by a professional under a consent covering meetings."""
    citizen = api_citizen(
        request, citizen_id, change=False, meeting_id=meeting_id, action=Action.VIEW_MEETINGS
    )
    return memo_out(api_memo(api_meeting(citizen, meeting_id)))


@router.put(
    MEETING + "/memo", response={200: MemoOut, **STALE_ERRORS}, url_name="meetings_memo_save"
)
def memo_save(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: MemoIn):
    """Write (or rewrite) the memo. `based_on` is the memo's `version` you read (null before
    the first memo); if someone saved it since, 409 and nothing is saved. A `followup_at` sets
    up the follow-up meeting, already filled in with the same people and questions from the
    open actions."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    with transaction.atomic():
        saved = services_memo.memo_save(
            meeting=meeting,
            by=request.user,
            citizen_present=payload.citizen_present,
            attendance=payload.attendance,
            chair=payload.chair,
            secretary=payload.secretary,
            notes={k: v.model_dump() for k, v in payload.notes.items()},
            summary=payload.summary,
            responsible_user=active_user(payload.responsible_user_id, "responsible_user"),
            responsible_name=payload.responsible_name,
            followup_at=payload.followup_at,
            successful=payload.successful,
            successful_note=payload.successful_note,
            recipients=payload.recipients,
            based_on=payload.based_on,
        )
        if saved.followup_at and not meeting.followups.exists():
            services_memo.followup_create(meeting=meeting, by=request.user)
    return memo_out(api_memo(meeting))


@router.post(
    MEETING + "/memo/send", response={200: SentOut, **COMMON_ERRORS}, url_name="meetings_memo_send"
)
def memo_send(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """Send the memo to those the citizen agreed may have it, each by their channel: e-mailed
    (PDF and Word), a letter to print, or a call to make (see the delivery list)."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    return sent_out(services_memo.memo_send(meeting=meeting, by=request.user))


# ------------------------------------------------------------------------------ actions


@router.get(
    MEETING + "/actions",
    response={200: list[ActionOut], **COMMON_ERRORS},
    url_name="meetings_actions",
)
def actions(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """The actions agreed at this meeting: who, what, when, with whom."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=False)
    return [action_out(a) for a in meeting.actions.in_order()]


@router.post(
    MEETING + "/actions",
    response={201: ActionOut, **COMMON_ERRORS},
    url_name="meetings_action_add",
)
def action_add(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID, payload: ActionIn):
    """Add an action of the continued plan. The owner is a user (`owner_user_id`), an invitee
    of this meeting (`owner_invitee_id`) or a name."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    owner_invitee = None
    if payload.owner_invitee_id is not None:
        owner_invitee = meeting.invitees.filter(pk=payload.owner_invitee_id).first()
        if owner_invitee is None:
            raise NotAnInvitee(field="owner_invitee_id")
    action = services_memo.action_add(
        meeting=meeting,
        by=request.user,
        what=payload.what,
        owner_user=active_user(payload.owner_user_id, "owner_user_id"),
        owner_invitee=owner_invitee,
        owner_name=payload.owner_name,
        owner_email=payload.owner_email,
        with_whom=payload.with_whom,
        due_on=payload.due_on,
    )
    return Status(201, action_out(action))


# ------------------------------------------------------------------------------ feedback


@router.get(
    MEETING + "/feedback",
    response={200: FeedbackOut, **COMMON_ERRORS},
    url_name="meetings_feedback",
)
def feedback(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """The participants' anonymous feedback, counted per question. Withheld until at least
    three have answered, so that no answer points to one person."""
    citizen = api_citizen(request, citizen_id, change=False, meeting_id=meeting_id)
    results = services_feedback.feedback_results(meeting=api_meeting(citizen, meeting_id))
    return {
        "responses": results.responses,
        "invited": results.invited,
        "withheld": results.withheld,
        "questions": [
            {
                "key": q.item.key,
                "text": q.item.get_text(),
                "answered": q.answered,
                "counts": q.counts,
            }
            for q in results.questions
        ],
        "comments": results.comments,
    }


@router.post(
    MEETING + "/feedback/send",
    response={200: SentOut, **COMMON_ERRORS},
    url_name="meetings_feedback_send",
)
def feedback_send(request, citizen_id: uuid.UUID, meeting_id: uuid.UUID):
    """Send each participant who was there their own anonymous feedback link, by their
    channel: e-mailed, a form to print, or a call to make (see the delivery list)."""
    citizen, meeting = api_opened(request, citizen_id, meeting_id, change=True)
    return sent_out(services_feedback.feedback_request_send(meeting=meeting, by=request.user))
