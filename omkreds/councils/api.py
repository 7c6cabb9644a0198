"""Network councils in the JSON API: /api/v1/citizens/<uuid>/councils and /api/v1/councils/<uuid>/…

The same rules as the council pages (`views.py`), decided by `access/policy.py`: a
citizen's councils are listed and created with the case (`EDIT_MEETINGS` reach: worker and
lead); a council is resolved by `policy.get_council`, so the case reaches all of it and the
assigned coordinator only their own council until it is closed (never the questions' author's
tools: the questions, the coordinator and the follow-up onto the map are the case's). Out of
reach answers 404. The access-log row is written before anything is read or changed, with the
council as the object. Nobody's account reads the network's proposals before the plan is
presented (`policy.may_read_proposals`).

The workflows are `services.py`'s (the council's time, place, invitees and invitations
through the meetings' machinery). A refusal changes nothing: 409 when the council's step does
not allow it yet (or any more), 422 with the field it is about otherwise; in the caller's
language.
"""

from __future__ import annotations

import uuid

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from omkreds.access import log, policy
from omkreds.access.decorators import api_citizen
from omkreds.access.policy import Action, CouncilReach
from omkreds.accounts.models import User
from omkreds.citizens.errors import CaseClosed
from omkreds.councils import documents as documents_council
from omkreds.councils import services as sc
from omkreds.councils import services_followup as sc_followup
from omkreds.councils import services_plan as sc_plan
from omkreds.councils.errors import (
    CouncilWrongState,
    NoCoordinator,
    NoProposals,
    NotAnEmployee,
    PlanNotPresented,
    PrivateNotEnded,
    QuestionsChanged,
    StepChanged,
    UnansweredProposals,
)
from omkreds.councils.models import Council, Proposal
from omkreds.councils.schemas import (
    AdvanceIn,
    AnswerIn,
    CloseIn,
    CoordinatorIn,
    CouncilCreateIn,
    CouncilOut,
    CouncilPage,
    CouncilScheduleIn,
    CouncilScheduleOut,
    CouncilSendOut,
    CouncilSummaryOut,
    FollowupIn,
    FollowupOut,
    PlanOut,
    PresentIn,
    ProposalOut,
    QuestionsIn,
    ShareIn,
    VisitIn,
    VisitOut,
    council_out,
    council_summary,
    plan_out,
    proposal_out,
    visit_out,
)
from omkreds.councils.views import COUNCIL, COUNCIL_LIST, COUNCIL_PLAN
from omkreds.invitations import documents
from omkreds.invitations.api import (
    attachment,
    invitations_out,
    schedule_warnings,
)
from omkreds.lib.api.errors import Refusals
from omkreds.lib.api.schemas import COMMON_ERRORS, ErrorOut, PageParams
from omkreds.meetings.errors import MeetingError, NoInvitees, NotAnInvitee, NotScheduled
from omkreds.meetings.errors import WrongState as MeetingWrongState
from omkreds.meetings.models import Invitee
from omkreds.meetings.schemas_api import InviteeIn, InviteeOut, SentOut, invitee_out, sent_out

router = Router(tags=["network councils"])

CITIZEN = "/citizens/{citizen_id}/councils"
COUNCIL_PATH = "/councils/{council_id}"

# 409: the council's step does not allow this (yet, or any more).
ERRORS = {**COMMON_ERRORS, 409: ErrorOut}
_PDF = {
    "responses": {
        "200": {
            "description": "A PDF document.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}

# Refusals about where the council is in its workflow, not about a field: 409.
_STATE = (
    CaseClosed,
    CouncilWrongState,
    MeetingWrongState,
    NoCoordinator,
    NoInvitees,
    NoProposals,
    NotScheduled,
    PlanNotPresented,
    PrivateNotEnded,
    UnansweredProposals,
)
# Service arguments whose API field has another name.
_FIELDS = {
    "coordinator": "coordinator_id",
    "employee": "employee_id",
    "invitee": "invitee_id",
    "recipients": "invitee_ids",
    "answer_reason": "reason",
    "user": "user_id",
}


# A service's refusal: 409 for the council's step (or a step that moved on since it was read),
# else 422 naming the field.
Refusals(fields=_FIELDS, conflicts=_STATE, stale=(StepChanged, QuestionsChanged)).declare(router)


# ------------------------------------------------------------------------------ helpers


def _council(request, council_id, *, case_only: bool = False, action: str = COUNCIL) -> Council:
    """The council through the policy (404 when out of reach), then the access-log row."""
    council, reach = policy.get_council(request.user, council_id, case_only=case_only)
    log.record(request, citizen_id=council.citizen_id, action=action, obj=council)
    council.reach = reach
    return council


def _citizen(request, citizen_id, *, action: str):
    return api_citizen(request, citizen_id, Action.EDIT_MEETINGS, logged_as=action).citizen


def _user(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def _invitee(council: Council, invitee_id: int) -> Invitee:
    invitee = council.meeting.invitees.filter(pk=invitee_id).first()
    if invitee is None:
        raise NotAnInvitee(field="invitee")
    return invitee


def _fresh(council: Council) -> Council:
    return Council.objects.select_related(
        "citizen", "meeting", "coordinator", "employee", "created_by"
    ).get(pk=council.pk)


def _not_presented():
    # The draft is the network's until they present it: not even its words are answered.
    return Status(409, {"detail": str(PlanNotPresented())})


def _summaries(councils) -> list[dict]:
    rows = councils.select_related("citizen", "coordinator", "meeting").annotate(
        n_questions=Count("questions", distinct=True),
        n_invitees=Count("meeting__invitees", distinct=True),
    )
    return [council_summary(c) for c in rows]


# ------------------------------------------------------------------------------ lists, create


@router.get(
    "/councils/mine",
    response={200: list[CouncilSummaryOut], **COMMON_ERRORS},
    url_name="councils_mine",
)
def mine(request):
    """The open councils you coordinate (an empty list for anyone else)."""
    councils = [
        c
        for c in Council.objects.coordinated_by(request.user).select_related("organisation")
        if policy.may_coordinate(request.user, c)
    ]
    log.record_many(request, citizen_ids=[c.citizen_id for c in councils], action=COUNCIL_LIST)
    return _summaries(Council.objects.filter(pk__in=[c.pk for c in councils]))


@router.get(CITIZEN, response={200: CouncilPage, **COMMON_ERRORS}, url_name="councils_list")
def list_councils(request, citizen_id: uuid.UUID, page: Query[PageParams]):
    """The citizen's network councils, the newest first."""
    citizen = _citizen(request, citizen_id, action=COUNCIL_LIST)
    councils = Council.objects.filter(citizen=citizen)
    count = councils.count()
    items = _summaries(councils.order_by("-created_at")[page.offset : page.offset + page.limit])
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": items}


@router.post(CITIZEN, response={201: CouncilOut, **ERRORS}, url_name="councils_create")
def create(request, citizen_id: uuid.UUID, payload: CouncilCreateIn):
    """Begin a council with the questions the main person and the employee they chose wrote
    (at least one). Then assign a coordinator."""
    citizen = _citizen(request, citizen_id, action=COUNCIL)
    employee = None
    if payload.employee_id is not None:
        employee = _user(payload.employee_id)
        if employee is None:
            raise NotAnEmployee()
    council = sc.council_create(
        citizen=citizen,
        by=request.user,
        questions=payload.questions,
        employee=employee,
        language=payload.language,
    )
    return Status(201, council_out(_fresh(council)))


# ------------------------------------------------------------------------------ one council


@router.get(COUNCIL_PATH, response={200: CouncilOut, **COMMON_ERRORS}, url_name="councils_detail")
def detail(request, council_id: uuid.UUID):
    """The council: its step, the coordinator and period, the questions, time and place."""
    return council_out(_fresh(_council(request, council_id)))


@router.put(
    COUNCIL_PATH + "/questions", response={200: CouncilOut, **ERRORS}, url_name="councils_questions"
)
def questions(request, council_id: uuid.UUID, payload: QuestionsIn):
    """Rewrite the main person's questions, while the council is being prepared. The case's
    only. `based_on` is the `questions_version` you read: 409 if they changed since."""
    council = _council(request, council_id, case_only=True)
    sc.questions_set(
        council=council, by=request.user, questions=payload.questions, based_on=payload.based_on
    )
    return council_out(_fresh(council))


@router.put(
    COUNCIL_PATH + "/coordinator",
    response={200: CouncilOut, **ERRORS},
    url_name="councils_coordinator",
)
def coordinator(request, council_id: uuid.UUID, payload: CoordinatorIn):
    """Assign the neutral coordinator (a user with the coordinator role) for a period. They are
    told by e-mail. The case's only."""
    council = _council(request, council_id, case_only=True)
    sc.coordinator_assign(
        council=council,
        by=request.user,
        coordinator=_user(payload.coordinator_id),
        period_from=payload.period_from,
        period_until=payload.period_until,
    )
    return council_out(_fresh(council))


@router.post(
    COUNCIL_PATH + "/schedule",
    response={200: CouncilScheduleOut, **ERRORS},
    url_name="councils_schedule",
)
def schedule(request, council_id: uuid.UUID, payload: CouncilScheduleIn):
    """Time and place of the council (its meeting's)."""
    council = _council(request, council_id)
    result = sc.council_schedule(
        council=council,
        by=request.user,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
    )
    return {
        "council": council_out(_fresh(council)),
        "in_past": result.in_past,
        "needs_update": result.needs_update,
        "warnings": schedule_warnings(result),
    }


# ------------------------------------------------------------------------------ invitees, visits


@router.get(
    COUNCIL_PATH + "/invitees",
    response={200: list[InviteeOut], **COMMON_ERRORS},
    url_name="councils_invitees",
)
def invitees(request, council_id: uuid.UUID):
    """The people the main person chose to invite, with their contact details and replies."""
    council = _council(request, council_id)
    meeting = council.meeting
    return [invitee_out(i, meeting) for i in meeting.invitees.in_order()]


@router.post(
    COUNCIL_PATH + "/invitees",
    response={201: InviteeOut, **ERRORS},
    url_name="councils_invitee_add",
)
def invitee_add(request, council_id: uuid.UUID, payload: InviteeIn):
    """Add someone the main person wants to take part: typed in, or (for the case) picked from
    the network map (`contact_id`) or the users (`user_id`). The coordinator does not see the
    map, so they type people in."""
    council = _council(request, council_id)
    if council.reach != CouncilReach.CASE and (payload.contact_id or payload.user_id):
        raise MeetingError(
            _("Type the person's details in: the coordinator does not see the network map."),
            field="contact_id" if payload.contact_id else "user_id",
        )
    user = None
    if payload.user_id is not None:
        user = _user(payload.user_id)
        if user is None:
            raise MeetingError(_("Pick a person from the list."), field="user_id")
    invitee = sc.council_invitee_add(
        council=council, by=request.user, user=user, **payload.details()
    )
    return Status(201, invitee_out(invitee, council.meeting))


@router.get(
    COUNCIL_PATH + "/invitees/{invitee_id}/letter.pdf",
    response=ERRORS,
    url_name="councils_letter",
    openapi_extra=_PDF,
)
def letter(request, council_id: uuid.UUID, invitee_id: int):
    """The invitation letter to print for an invitee (the meetings' letter)."""
    council = _council(request, council_id)
    invitee = get_object_or_404(Invitee, pk=invitee_id, meeting=council.meeting)
    if not council.meeting.is_scheduled:
        return Status(409, {"detail": str(NotScheduled())})
    return attachment(
        documents.invitation_pdf(council.meeting, invitee), "application/pdf", "invitation.pdf"
    )


@router.get(
    COUNCIL_PATH + "/visits",
    response={200: list[VisitOut], **COMMON_ERRORS},
    url_name="councils_visits",
)
def visits(request, council_id: uuid.UUID):
    """The coordinator's personal visits, the earliest first."""
    council = _council(request, council_id)
    return [visit_out(v) for v in council.visits.select_related("invitee")]


@router.post(
    COUNCIL_PATH + "/visits", response={201: VisitOut, **ERRORS}, url_name="councils_visit_record"
)
def visit_record(request, council_id: uuid.UUID, payload: VisitIn):
    """Record a personal visit: the date, told about the model, presented the questions, will
    attend. A second visit to the same person corrects the first."""
    council = _council(request, council_id)
    visit = sc.visit_record(
        council=council,
        by=request.user,
        invitee=_invitee(council, payload.invitee_id),
        visited_on=payload.visited_on,
        told_about_model=payload.told_about_model,
        presented_questions=payload.presented_questions,
        will_attend=payload.will_attend,
        note=payload.note,
    )
    return Status(201, visit_out(visit))


@router.post(
    COUNCIL_PATH + "/send", response={200: CouncilSendOut, **ERRORS}, url_name="councils_send"
)
def send(request, council_id: uuid.UUID):
    """Send the invitations (the meetings' machinery): e-mail with a calendar file; letters to
    print and phone calls to make are answered. Needs a coordinator."""
    council = _council(request, council_id)
    result = sc.council_invitations_send(council=council, by=request.user)

    def letter(invitee) -> dict:
        kwargs = {"council_id": council.pk, "invitee_id": invitee.pk}
        return {"pdf_url": reverse("api:councils_letter", kwargs=kwargs)}

    return invitations_out(result, letter)


@router.post(
    COUNCIL_PATH + "/advance", response={200: CouncilOut, **ERRORS}, url_name="councils_advance"
)
def advance(request, council_id: uuid.UUID, payload: AdvanceIn):
    """Move to the next step: preparing → information → the private meeting →
    acknowledgement of the plan. `step` names the step you saw the council at: two presses
    of the same button move it once, the second answers 409. Leaving the private meeting
    closes its page in the room."""
    council = _council(request, council_id)
    sc.step_advance(council=council, by=request.user, expected=payload.step)
    return council_out(_fresh(council))


# ------------------------------------------------------------------------------ the plan


@router.get(
    COUNCIL_PATH + "/proposals",
    response={200: list[ProposalOut], **ERRORS},
    url_name="councils_proposals",
)
def proposals(request, council_id: uuid.UUID):
    """The network's proposals, in the leaflet's order. Not before the plan is presented: until
    then the draft is the network's own (409)."""
    council = _council(request, council_id, action=COUNCIL_PLAN)
    if not policy.may_read_proposals(request.user, council):
        return _not_presented()
    return [proposal_out(p) for p in council.proposals.in_order()]


@router.post(
    COUNCIL_PATH + "/present", response={200: CouncilOut, **ERRORS}, url_name="councils_present"
)
def present(request, council_id: uuid.UUID, payload: PresentIn):
    """Step 3: a representative of the network presents the plan (after the private meeting)."""
    council = _council(request, council_id)
    sc_plan.plan_present(council=council, by=request.user, presented_by=payload.presented_by)
    return council_out(_fresh(council))


@router.post(
    COUNCIL_PATH + "/proposals/{proposal_id}/answer",
    response={200: ProposalOut, **ERRORS},
    url_name="councils_answer",
)
def answer(request, council_id: uuid.UUID, proposal_id: int, payload: AnswerIn):
    """The responsible party's answer: accepted, clarify (needs clarification) or not_possible
    (with the reason)."""
    council = _council(request, council_id)
    proposal = get_object_or_404(
        Proposal.objects.select_related("who_invitee"), pk=proposal_id, council=council
    )
    proposal.council = council
    sc_plan.proposal_answer(
        proposal=proposal,
        by=request.user,
        answer=payload.answer,
        reason=payload.reason,
        responsible=payload.responsible,
    )
    return proposal_out(proposal)


@router.post(
    COUNCIL_PATH + "/close", response={200: CouncilOut, **ERRORS}, url_name="councils_close"
)
def close(request, council_id: uuid.UUID, payload: CloseIn):
    """What happens from here and the follow-up meeting; every proposal must be answered. The
    coordinator's reach ends here."""
    council = _council(request, council_id)
    sc_plan.council_close(
        council=council,
        by=request.user,
        next_steps=payload.next_steps,
        followup_at=payload.followup_at,
    )
    return council_out(_fresh(council))


@router.get(COUNCIL_PATH + "/plan", response={200: PlanOut, **ERRORS}, url_name="councils_plan")
def plan(request, council_id: uuid.UUID):
    """The personal plan: the proposals under the leaflet's four kinds, each with who, what,
    when and its answer. Once presented."""
    council = _council(request, council_id, action=COUNCIL_PLAN)
    if not policy.may_read_proposals(request.user, council):
        return _not_presented()
    return plan_out(council)


@router.get(
    COUNCIL_PATH + "/plan.pdf", response=ERRORS, url_name="councils_plan_pdf", openapi_extra=_PDF
)
def plan_pdf(request, council_id: uuid.UUID):
    """The personal plan as a PDF, in the main person's language. Once presented."""
    council = _council(request, council_id, action=COUNCIL_PLAN)
    if not policy.may_read_proposals(request.user, council):
        return _not_presented()
    return attachment(documents_council.plan_pdf(council), "application/pdf", "personal-plan.pdf")


@router.post(
    COUNCIL_PATH + "/plan/share", response={200: SentOut, **ERRORS}, url_name="councils_share"
)
def share(request, council_id: uuid.UUID, payload: ShareIn):
    """Send the plan (PDF) to the participants the main person agrees may have it, each by
    their channel: e-mailed, a letter to print, or a call to make (see the delivery list)."""
    council = _council(request, council_id, action=COUNCIL_PLAN)
    return sent_out(
        sc_plan.plan_share(council=council, by=request.user, invitee_ids=payload.invitee_ids)
    )


@router.post(
    COUNCIL_PATH + "/followup",
    response={200: FollowupOut, **ERRORS},
    url_name="councils_followup",
)
def followup(request, council_id: uuid.UUID, payload: FollowupIn):
    """The follow-up meeting: each proposal's status; people the plan names as resources become
    active on the network map (or, typed in by hand, new people on it), and new ties are drawn,
    all in one new map version. The case's only (it writes the map)."""
    council = _council(request, council_id, case_only=True, action=COUNCIL_PLAN)
    version = sc_followup.council_followup(
        council=council,
        by=request.user,
        statuses={k: (v.status, v.note) for k, v in payload.statuses.items()},
        activate=payload.activate,
        ties=payload.ties,
        new_contacts=payload.new_contacts,
    )
    return {"plan": plan_out(_fresh(council)), "map_version": version.number if version else None}
