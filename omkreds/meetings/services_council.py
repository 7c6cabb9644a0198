"""Network-council workflows (seed 003): create, questions, coordinator, invitees and visits,
invitations, the three steps, the private page in the room, the plan, answers, close, follow-up.

The council's time, place, invitees and invitations are its `Meeting`'s, through the meetings'
own services (`services.py`): one calendar UID, the same letters, reply links and feedback.
Every function is keyword-only and either changes nothing and raises a `MeetingError`, or
makes the whole change. Who may call them is decided by `access/policy.py` in the views.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from omkreds.access import policy
from omkreds.access.history import record_change
from omkreds.accounts.models import Role
from omkreds.meetings import services, services_feedback, services_invitations
from omkreds.meetings.errors import MeetingError, NotAnInvitee, Required
from omkreds.meetings.errors_council import (
    CouncilWrongState,
    FollowupBeforeCouncil,
    InvalidChoice,
    NoCoordinator,
    NoProposals,
    NotACoordinator,
    NotAnEmployee,
    NotInReach,
    PlanNotPresented,
    PrivateNotEnded,
    ReasonRequired,
    RoomClosed,
    RoomCodeInvalid,
    RoomTaken,
    UnansweredProposals,
)
from omkreds.meetings.models import LONG_TEXT, Invitee, Meeting, MeetingStatus
from omkreds.meetings.models_council import (
    COUNCIL_STEPS,
    Council,
    CouncilQuestion,
    CouncilStatus,
    Proposal,
    ProposalAnswer,
    ProposalKind,
    Visit,
)

logger = logging.getLogger(__name__)

# The private page stays open this long after the coordinator opens it.
ROOM_HOURS = 4
# Letters and digits that cannot be mistaken for each other when read aloud or typed.
ROOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ROOM_CODE_LENGTH = 8
MAX_PROPOSALS = 100

_text = services._text  # one rule for trimming and limits, the meetings'


def _require(council: Council, *allowed: str) -> None:
    if council.status not in allowed:
        raise CouncilWrongState(params={"status": council.get_status_display()})


def _keyed_hash(value: str) -> str:
    """A keyed hash: a leaked table of hashes does not give the short codes back."""
    key = f"omkreds.meetings.council.room:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _org_text(council_or_citizen, text_fn):
    citizen = getattr(council_or_citizen, "citizen", council_or_citizen)
    with translation.override(citizen.organisation.default_language):
        return text_fn()


# --- Create, questions, coordinator ------------------------------------------------------------


def _clean_questions(questions) -> list[str]:
    # The meetings' rule (at least one, at most twelve, 500 characters each).
    return services._clean_questions(questions)


@transaction.atomic
def council_create(
    *, citizen, by, questions, employee=None, language: str | None = None
) -> Council:
    """The main person and the employee they chose write the questions; the council begins.

    The council's `Meeting` is made at once, to carry the time, the place and the invitees.
    """
    employee = employee or by
    if policy.role_in(employee, citizen.organisation_id) not in (Role.WORKER, Role.LEAD):
        raise NotAnEmployee()
    language = language or citizen.organisation.default_language
    if language not in dict(Council._meta.get_field("language").choices):
        raise InvalidChoice(field="language")
    cleaned = _clean_questions(questions)
    concern, goal = _org_text(
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
def questions_set(*, council: Council, by, questions) -> list[CouncilQuestion]:
    """Rewrite the questions, before the council is held. The invitation lists them too."""
    _require(council, CouncilStatus.PREPARING)
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
    _require(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
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
    from omkreds.meetings import documents_council

    try:
        documents_council.coordinator_message(council).send()
    except OSError:
        logger.warning("The e-mail to the coordinator of council %s failed.", council.pk)


# --- Invitees, visits, invitations -------------------------------------------------------------


def council_schedule(*, council: Council, by, starts_at, ends_at, place: str = ""):
    _require(council, CouncilStatus.PREPARING)
    return services.meeting_schedule(
        meeting=council.meeting, by=by, starts_at=starts_at, ends_at=ends_at, place=place
    )


def council_invitee_add(*, council: Council, by, **details) -> Invitee:
    """Someone the main person wants to take part (the meetings' `invitee_add`)."""
    _require(council, CouncilStatus.PREPARING)
    return services_invitations.invitee_add(meeting=council.meeting, by=by, **details)


def _council_invitee(council: Council, invitee) -> Invitee:
    if not isinstance(invitee, Invitee) or invitee.meeting_id != council.meeting_id:
        raise NotAnInvitee(field="invitee")
    return invitee


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
    _require(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
    invitee = _council_invitee(council, invitee)
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
            "note": _text(note, "note", limit=LONG_TEXT),
            "recorded_by": by,
        },
    )
    record_change(
        citizen=council.citizen_id, by=by, kind="council_visit", obj=visit, summary=invitee.name
    )
    return visit


def council_invitations_send(*, council: Council, by) -> services_invitations.SendResult:
    """The meetings' `invitations_send`: e-mail with a calendar file, letters, phone scripts."""
    _require(council, CouncilStatus.PREPARING)
    if council.coordinator_id is None:
        raise NoCoordinator()
    return services_invitations.invitations_send(meeting=council.meeting, by=by)


def _in_reach(council: Council, by) -> None:
    """The coordinator (while they coordinate) or the case: the views ask the policy too."""
    if by is None or policy.council_reach(by, council) is None:
        raise NotInReach()


@transaction.atomic
def council_invitee_remove(
    *, council: Council, by, invitee: Invitee
) -> services_invitations.SendResult:
    """Take someone off the council's list before it is held (the meetings' `invitee_remove`:
    an e-mailed invitation gets a cancellation). Their visit goes with them."""
    _require(council, CouncilStatus.PREPARING)
    _in_reach(council, by)
    invitee = _council_invitee(council, invitee)
    return services_invitations.invitee_remove(meeting=council.meeting, invitee=invitee, by=by)


def council_reply_record(*, council: Council, by, invitee: Invitee, reply: str) -> Invitee:
    """A reply given by phone, by letter or at the visit (the meetings' own), until the
    private meeting starts."""
    _require(council, CouncilStatus.PREPARING, CouncilStatus.INFORMATION)
    _in_reach(council, by)
    invitee = _council_invitee(council, invitee)
    return services_invitations.invitation_record_reply(invitee=invitee, reply=reply, by=by)


def council_feedback_send(*, council: Council, by) -> list[Invitee]:
    """After the council: the meetings' anonymous feedback form to each participant present."""
    if council.status not in (CouncilStatus.ACKNOWLEDGEMENT, CouncilStatus.CLOSED):
        raise CouncilWrongState(params={"status": council.get_status_display()})
    _in_reach(council, by)
    return services_feedback.feedback_request_send(meeting=council.meeting, by=by)


# --- The three steps ---------------------------------------------------------------------------


@transaction.atomic
def step_advance(*, council: Council, by) -> Council:
    """Move to the next step: preparing → information → private → acknowledgement.

    Leaving the private meeting closes its page in the room for good.
    """
    given = council
    council = Council.objects.select_for_update().get(pk=council.pk)
    if council.status not in COUNCIL_STEPS[:-1]:
        raise CouncilWrongState(params={"status": council.get_status_display()})
    if council.status == CouncilStatus.PREPARING and council.coordinator_id is None:
        raise NoCoordinator()
    council.status = COUNCIL_STEPS[COUNCIL_STEPS.index(council.status) + 1]
    if council.status == CouncilStatus.ACKNOWLEDGEMENT:
        council.private_ended_at = timezone.now()
        _room_clear(council)
        Meeting.objects.filter(pk=council.meeting_id, status__in=services._OPEN).update(
            status=MeetingStatus.HELD, updated_at=timezone.now()
        )
    council.save()
    record_change(
        citizen=council.citizen_id, by=by, kind="council_step", obj=council, summary=council.status
    )
    given.refresh_from_db()
    return given


def _room_clear(council: Council) -> None:
    council.room_code_hash = ""
    council.room_device_hash = ""
    council.room_expires_at = None


def room_code_new() -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def room_code_normalise(code) -> str:
    """What the network typed, as stored: capitals, no spaces or dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


@transaction.atomic
def room_open(*, council: Council, by) -> str:
    """The coordinator opens the private page for the room and reads the code out once.

    Only the code's keyed hash is kept; opening again gives a new code and lets a new device
    join (when the first one stopped working).
    """
    _require(council, CouncilStatus.PRIVATE)
    code = room_code_new()
    while Council.objects.filter(room_code_hash=_keyed_hash(code)).exists():
        code = room_code_new()  # pragma: no cover - one in 10^12
    council.room_code_hash = _keyed_hash(code)
    council.room_expires_at = timezone.now() + dt.timedelta(hours=ROOM_HOURS)
    council.room_device_hash = ""
    council.save()
    record_change(citizen=council.citizen_id, by=by, kind="council_room_open", obj=council)
    return code


@transaction.atomic
def room_join(*, code, device_key: str = "") -> tuple[Council, str]:
    """A device in the room enters the code. Returns the council and the device's key, to keep
    in that device's session. One device only: another one is refused with a message."""
    normalised = room_code_normalise(code)
    if not normalised:
        raise Required(field="code")
    council = (
        Council.objects.select_for_update()
        .filter(
            room_code_hash=_keyed_hash(normalised),
            status=CouncilStatus.PRIVATE,
            room_expires_at__gt=timezone.now(),
        )
        .first()
    )
    if council is None:
        raise RoomCodeInvalid()
    if council.room_device_hash:
        if device_key and hmac.compare_digest(council.room_device_hash, _keyed_hash(device_key)):
            return council, device_key
        raise RoomTaken()
    device_key = secrets.token_urlsafe(32)
    council.room_device_hash = _keyed_hash(device_key)
    council.save(update_fields=["room_device_hash", "updated_at"])
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="council_room_join",
        obj=council,
        who="the network, in the room",
    )
    return council, device_key


def room_council(*, council_id, device_key: str) -> Council:
    """The council this device joined, while its private page is open; else `RoomClosed`."""
    council = (
        Council.objects.select_related("citizen", "meeting").filter(pk=council_id).first()
        if council_id
        else None
    )
    if (
        council is None
        or not device_key
        or not council.room_is_open
        or not hmac.compare_digest(council.room_device_hash, _keyed_hash(device_key))
    ):
        raise RoomClosed()
    return council


# --- Proposals ---------------------------------------------------------------------------------


def _proposal_fields(council, *, kind, what, who, when, who_invitee) -> dict:
    if kind not in ProposalKind.values:
        raise InvalidChoice(field="kind")
    if who_invitee is not None:
        _council_invitee(council, who_invitee)
    return {
        "kind": kind,
        "what": _text(what, "what", limit=500, required=True),
        "who": _text(who, "who", limit=200),
        "when": _text(when, "when", limit=200),
        "who_invitee": who_invitee,
    }


def _may_write_proposals(council: Council) -> None:
    # The network writes them in the private meeting; in step 3 the presented plan is made
    # concrete ("uddybet") before the answers.
    if council.status == CouncilStatus.PRIVATE:
        return
    if council.status == CouncilStatus.ACKNOWLEDGEMENT and council.plan_presented:
        return
    raise CouncilWrongState(params={"status": council.get_status_display()})


@transaction.atomic
def proposal_add(
    *, council: Council, kind: str, what: str, who: str = "", when: str = "", who_invitee=None
) -> Proposal:
    _may_write_proposals(council)
    if council.proposals.count() >= MAX_PROPOSALS:
        raise MeetingError(
            gettext("A plan can hold at most %(limit)d proposals.") % {"limit": MAX_PROPOSALS}
        )
    fields = _proposal_fields(
        council, kind=kind, what=what, who=who, when=when, who_invitee=who_invitee
    )
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="proposal_add",
        obj=council,
        summary=fields["what"],
        who="the network, in the room",
    )
    return Proposal.objects.create(council=council, **fields)


@transaction.atomic
def proposal_edit(
    *, proposal: Proposal, kind: str, what: str, who: str = "", when: str = "", who_invitee=None
) -> Proposal:
    council = proposal.council
    _may_write_proposals(council)
    fields = _proposal_fields(
        council, kind=kind, what=what, who=who, when=when, who_invitee=who_invitee
    )
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="proposal_edit",
        obj=proposal,
        summary=fields["what"],
        who="the network, in the room",
    )
    return proposal


@transaction.atomic
def plan_present(*, council: Council, by, presented_by: str = "") -> Council:
    """Step 3: a representative of the network presents the plan. Only after step 2 ended."""
    if council.status in (CouncilStatus.PREPARING, CouncilStatus.INFORMATION) or (
        council.status == CouncilStatus.PRIVATE
    ):
        raise PrivateNotEnded()
    _require(council, CouncilStatus.ACKNOWLEDGEMENT)
    if council.plan_presented:
        return council
    if not council.proposals.exists():
        raise NoProposals()
    council.presented_by = _text(presented_by, "presented_by", limit=200)
    council.presented_at = timezone.now()
    council.save()
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="plan_present",
        obj=council,
        summary=council.presented_by,
    )
    return council


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, by, answer: str, reason: str = "", responsible: str = ""
) -> Proposal:
    """The responsible party's answer: accepted, needs clarification, or not possible (why)."""
    council = proposal.council
    if not council.plan_presented:
        raise PlanNotPresented()
    _require(council, CouncilStatus.ACKNOWLEDGEMENT)
    if answer not in ProposalAnswer.values:
        raise InvalidChoice(field="answer")
    reason = _text(reason, "answer_reason", limit=500)
    if answer == ProposalAnswer.NOT_POSSIBLE and not reason:
        raise ReasonRequired()
    proposal.answer = answer
    proposal.answer_reason = reason
    proposal.responsible = _text(responsible, "responsible", limit=200) or proposal.responsible
    proposal.answered_at = timezone.now()
    proposal.save()
    record_change(
        citizen=council.citizen_id, by=by, kind="proposal_answer", obj=proposal, summary=answer
    )
    return proposal


@transaction.atomic
def council_close(*, council: Council, by, next_steps: str = "", followup_at=None) -> Council:
    """The participants agree what happens from here and set a follow-up meeting. The
    coordinator's reach ends here."""
    _require(council, CouncilStatus.ACKNOWLEDGEMENT)
    if not council.plan_presented:
        raise PlanNotPresented()
    unanswered = council.proposals.filter(answer="").count()
    if unanswered:
        raise UnansweredProposals(params={"count": unanswered})
    if followup_at is None:
        raise Required(field="followup_at")
    followup_at = services._aware(followup_at, "followup_at")
    if council.meeting.starts_at and followup_at <= council.meeting.starts_at:
        raise FollowupBeforeCouncil()
    council.next_steps = _text(next_steps, "next_steps", limit=LONG_TEXT)
    council.followup_at = followup_at
    council.status = CouncilStatus.CLOSED
    council.closed_at = timezone.now()
    council.save()
    Meeting.objects.filter(pk=council.meeting_id).exclude(status=MeetingStatus.CANCELLED).update(
        status=MeetingStatus.CLOSED, updated_at=timezone.now()
    )
    record_change(citizen=council.citizen_id, by=by, kind="council_close", obj=council)
    _followup_meeting(council)
    return council


def _followup_meeting(council: Council) -> Meeting:
    """The follow-up meeting agreed, set up as a network meeting of the main person's employee:
    the same people and place, a question per proposal still to be done. It is invited from
    the meetings' pages like any other."""
    meeting = council.meeting
    proposals = list(council.proposals.in_order().exclude(answer=ProposalAnswer.NOT_POSSIBLE))

    def texts():
        questions = [gettext("What has happened since the network council?")]
        questions += [
            gettext("How is it going: %(what)s (%(who)s)?")
            % {"what": p.what, "who": p.who_label or p.responsible or "—"}
            for p in proposals
        ]
        return (
            gettext("Follow-up on the network council"),
            gettext("Go through the personal plan: how far has each proposal come?"),
            [q[:500] for q in questions[: services.MAX_QUESTIONS]],
        )

    concern, goal, questions = _org_text(council, texts)
    followup = services.meeting_decide(
        citizen=council.citizen,
        by=council.employee,
        concern=concern,
        goal=goal,
        questions=questions,
        follows=meeting,
    )
    length = (meeting.ends_at - meeting.starts_at) if meeting.starts_at else dt.timedelta(hours=2)
    Meeting.objects.filter(pk=followup.pk).update(
        starts_at=council.followup_at,
        ends_at=council.followup_at + min(length, dt.timedelta(hours=2)),
        place=meeting.place,
    )
    fields = (
        "name",
        "kind",
        "relation",
        "contact_id",
        "user",
        "email",
        "phone",
        "postal_address",
        "language",
        "channel",
        "receives_memo",
    )
    Invitee.objects.bulk_create(
        Invitee(meeting=followup, **{name: getattr(i, name) for name in fields})
        for i in meeting.invitees.all()
    )
    return followup


# --- The plan shared, and the follow-up --------------------------------------------------------


def plan_share(*, council: Council, by, invitee_ids) -> list[Invitee]:
    """E-mail the plan (PDF in the main person's language) to the participants the main person
    agrees may have it. Marks them, so a later sharing goes to the same people."""
    from omkreds.meetings import documents_council

    if not council.plan_presented:
        raise PlanNotPresented()
    try:
        wanted = {int(i) for i in invitee_ids or []}
    except (TypeError, ValueError):
        raise NotAnInvitee(field="recipients") from None
    invitees = list(council.meeting.invitees.filter(pk__in=wanted))
    if len(invitees) != len(wanted):
        raise NotAnInvitee(field="recipients")
    with_email = [i for i in invitees if i.email]
    if not with_email:
        raise MeetingError(
            gettext("Choose at least one participant with an e-mail address."), field="recipients"
        )
    council.meeting.invitees.update(receives_memo=False)
    Invitee.objects.filter(pk__in=[i.pk for i in invitees]).update(receives_memo=True)
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="plan_share",
        obj=council,
        summary=str(len(with_email)),
    )
    pdf = documents_council.plan_pdf(council)
    for invitee in with_email:
        documents_council.plan_message(council, invitee, pdf=pdf).send()
    return with_email


# The follow-up meeting: services_council_followup.py, named here as part of the council's
# workflow (it imports this module only inside its functions, so either may be imported first).
from omkreds.meetings.services_council_followup import (  # noqa: E402, F401
    NEW_CONTACT_CLOSENESS,
    council_followup,
    followup_may_add_to_map,
    followup_sectors,
)
