"""Network-council workflows (seed 003): create, questions, coordinator, invitees and visits,
invitations and the three steps. The rest lives next to it, by concept: `services_room.py`
(the private page in the room and the proposals), `services_plan.py` (the plan presented,
answered and shared, the close) and `services_followup.py` (the follow-up meeting).

The council's time, place, invitees and invitations are its `Meeting`'s, through the meetings'
own services (`services.py`): one calendar UID, the same letters, reply links and feedback.
Every function is keyword-only and either changes nothing and raises a `MeetingError`, or
makes the whole change. Who may call them is decided by `access/policy.py` in the views.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.accounts.models import Role
from omkreds.citizens.services import require_open_case
from omkreds.councils import documents as documents_council
from omkreds.councils.errors import (
    CouncilWrongState,
    InvalidChoice,
    NoCoordinator,
    NotACoordinator,
    NotAnEmployee,
    QuestionsChanged,
)
from omkreds.councils.models import (
    COUNCIL_STEPS,
    Council,
    CouncilQuestion,
    CouncilStatus,
    Visit,
)
from omkreds.councils.rules import (
    council_invitee,
    in_reach,
    lock_step,
    org_text,
    questions_version,
    require_status,
)
from omkreds.councils.services_room import room_clear
from omkreds.meetings import services, services_feedback, services_invitations
from omkreds.meetings.errors import MeetingError, Required
from omkreds.meetings.models import LONG_TEXT, Invitee, Meeting, MeetingStatus

logger = logging.getLogger(__name__)

# --- Create, questions, coordinator ------------------------------------------------------------


def _clean_questions(questions) -> list[str]:
    # The meetings' rule (at least one, at most twelve, 500 characters each).
    return services.clean_questions(questions)


@transaction.atomic
def council_create(
    *, citizen, by, questions, employee=None, language: str | None = None
) -> Council:
    """The main person and the employee they chose write the questions; the council begins.

    The council's `Meeting` is made at once, to carry the time, the place and the invitees.
    """
    require_open_case(citizen)
    employee = employee or by
    if policy.role_in(employee, citizen.organisation_id) not in (Role.WORKER, Role.LEAD):
        raise NotAnEmployee()
    language = language or citizen.organisation.default_language
    if language not in dict(Council._meta.get_field("language").choices):
        raise InvalidChoice(field="language")
    cleaned = _clean_questions(questions)
    concern, goal = org_text(
        citizen,
        lambda: (
            gettext("Network council"),
            gettext("A personal plan for %(citizen)s, proposed by the network.")
            % {"citizen": citizen.name},
        ),
    )
    meeting = services.meeting_decide(
        citizen=citizen, by=by, concern=concern, goal=goal[:LONG_TEXT], questions=cleaned
    )
    council = Council.objects.create(
        citizen=citizen,
        organisation=citizen.organisation,
        meeting=meeting,
        created_by=by,
        employee=employee,
        language=language,
    )
    _write_questions(council, cleaned)
    return council


def _write_questions(council: Council, questions: list[str]) -> None:
    council.questions.all().delete()
    CouncilQuestion.objects.bulk_create(
        CouncilQuestion(council=council, order=n, text=text) for n, text in enumerate(questions, 1)
    )


@transaction.atomic
def questions_set(
    *, council: Council, by, questions, based_on: str | None = None
) -> list[CouncilQuestion]:
    """Rewrite the questions, before the council is held. The invitation lists them too.
    `based_on`: the `questions_version` the writer read; if they changed since,
    `QuestionsChanged` and nothing is saved (the council's row is the lock)."""
    lock_step(council)
    require_status(council, CouncilStatus.PREPARING)
    if based_on is not None and questions_version(council.questions.all()) != based_on:
        raise QuestionsChanged()
    cleaned = _clean_questions(questions)
    _write_questions(council, cleaned)
    meeting = council.meeting
    services.meeting_revise(
        meeting=meeting,
        by=by,
        concern=meeting.concern,
        goal=meeting.goal,
        questions=cleaned,
        why_not_own_tools=meeting.why_not_own_tools,
    )
    return list(council.questions.all())


@transaction.atomic
def coordinator_assign(
    *, council: Council, by, coordinator, period_from=None, period_until=None
) -> Council:
    """A neutral coordinator for the period of the council; any unit or team of the
    organisation, as long as they hold the coordinator role there. They send the invitations,
    so the meeting's organiser becomes them."""
    require_status(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
    if coordinator is None or policy.role_in(coordinator, council.organisation_id) != (
        Role.COORDINATOR
    ):
        raise NotACoordinator()
    for name, value in (("period_from", period_from), ("period_until", period_until)):
        if value is not None and not isinstance(value, dt.date):
            raise Required(field=name)
    if period_from and period_until and period_until < period_from:
        raise MeetingError(
            gettext("The period must end on or after the day it starts."), field="period_until"
        )
    changed = council.coordinator_id != coordinator.pk
    council.coordinator = coordinator
    council.period_from = period_from
    council.period_until = period_until
    council.save()
    if changed and coordinator.email:
        transaction.on_commit(lambda: _tell_coordinator(council))
    Meeting.objects.filter(pk=council.meeting_id).update(created_by=coordinator)
    council.meeting.refresh_from_db()
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="council_coordinator",
        obj=council,
        summary=str(coordinator),
    )
    return council


def _tell_coordinator(council: Council) -> None:
    try:
        documents_council.coordinator_message(council).send()
    except OSError:
        logger.warning("The e-mail to the coordinator of council %s failed.", council.pk)


# --- Invitees, visits, invitations -------------------------------------------------------------


def council_schedule(*, council: Council, by, starts_at, ends_at, place: str = ""):
    require_status(council, CouncilStatus.PREPARING)
    return services.meeting_schedule(
        meeting=council.meeting, by=by, starts_at=starts_at, ends_at=ends_at, place=place
    )


def council_invitee_add(*, council: Council, by, **details) -> Invitee:
    """Someone the main person wants to take part (the meetings' `invitee_add`)."""
    require_status(council, CouncilStatus.PREPARING)
    return services_invitations.invitee_add(meeting=council.meeting, by=by, **details)


@transaction.atomic
def visit_record(
    *,
    council: Council,
    by,
    invitee: Invitee,
    visited_on: dt.date,
    told_about_model: bool = False,
    presented_questions: bool = False,
    will_attend: bool | None = None,
    note: str = "",
) -> Visit:
    """The coordinator's personal visit to one invitee; recording it again corrects it."""
    require_status(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
    invitee = council_invitee(council, invitee)
    if not isinstance(visited_on, dt.date):
        raise Required(field="visited_on")
    if visited_on > timezone.localdate():
        raise MeetingError(gettext("A visit cannot be in the future."), field="visited_on")
    visit, _created = Visit.objects.update_or_create(
        council=council,
        invitee=invitee,
        defaults={
            "visited_on": visited_on,
            "told_about_model": bool(told_about_model),
            "presented_questions": bool(presented_questions),
            "will_attend": will_attend,
            "note": services.clean_text(note, "note", limit=LONG_TEXT),
            "recorded_by": by,
        },
    )
    record_change(
        citizen=council.citizen_id, by=by, kind="council_visit", obj=visit, summary=invitee.name
    )
    return visit


def council_invitations_send(*, council: Council, by) -> services_invitations.SendResult:
    """The meetings' `invitations_send`: e-mail with a calendar file, letters, phone scripts."""
    require_status(council, CouncilStatus.PREPARING)
    if council.coordinator_id is None:
        raise NoCoordinator()
    return services_invitations.invitations_send(meeting=council.meeting, by=by)


@transaction.atomic
def council_invitee_remove(
    *, council: Council, by, invitee: Invitee
) -> services_invitations.SendResult:
    """Take someone off the council's list before it is held (the meetings' `invitee_remove`:
    an e-mailed invitation gets a cancellation). Their visit goes with them."""
    require_status(council, CouncilStatus.PREPARING)
    in_reach(council, by)
    invitee = council_invitee(council, invitee)
    return services_invitations.invitee_remove(meeting=council.meeting, invitee=invitee, by=by)


def council_reply_record(*, council: Council, by, invitee: Invitee, reply: str) -> Invitee:
    """A reply given by phone, by letter or at the visit (the meetings' own), until the
    private meeting starts."""
    require_status(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
    in_reach(council, by)
    invitee = council_invitee(council, invitee)
    return services_invitations.invitation_record_reply(invitee=invitee, reply=reply, by=by)


def council_feedback_send(*, council: Council, by):
    """After the council: the meetings' anonymous feedback form to each participant present."""
    if council.status not in (CouncilStatus.ACKNOWLEDGEMENT, CouncilStatus.CLOSED):
        raise CouncilWrongState(params={"status": council.get_status_display()})
    in_reach(council, by)
    return services_feedback.feedback_request_send(meeting=council.meeting, by=by)


def council_feedback_paper_add(*, council: Council, by, answers, comment: str = "", based_on):
    """After the council: a paper form's answers typed in (the meetings' own rules: anonymous,
    not beyond the number of participants, refused when typed in twice)."""
    if council.status not in (CouncilStatus.ACKNOWLEDGEMENT, CouncilStatus.CLOSED):
        raise CouncilWrongState(params={"status": council.get_status_display()})
    in_reach(council, by)
    services_feedback.feedback_paper_add(
        meeting=council.meeting, answers=answers, comment=comment, based_on=based_on, by=by
    )


# --- The three steps ---------------------------------------------------------------------------


@transaction.atomic
def step_advance(*, council: Council, by, expected: str | None = None) -> Council:
    """Move to the next step: preparing → information → private → acknowledgement.

    `expected` is the step the caller saw the council at (the button's page, the API's
    `step`); if it has moved on since, `StepChanged` is raised and nothing changes. Leaving the
    private meeting closes its page in the room for good.
    """
    lock_step(council, expected)
    if council.status not in COUNCIL_STEPS[:-1]:
        raise CouncilWrongState(params={"status": council.get_status_display()})
    if council.status == CouncilStatus.PREPARING and council.coordinator_id is None:
        raise NoCoordinator()
    council.status = COUNCIL_STEPS[COUNCIL_STEPS.index(council.status) + 1]
    if council.status == CouncilStatus.ACKNOWLEDGEMENT:
        council.private_ended_at = timezone.now()
        room_clear(council)
        Meeting.objects.filter(pk=council.meeting_id, status__in=services.OPEN_STATUSES).update(
            status=MeetingStatus.HELD, updated_at=timezone.now()
        )
    council.save()
    record_change(
        citizen=council.citizen_id, by=by, kind="council_step", obj=council, summary=council.status
    )
    council.refresh_from_db()
    return council
