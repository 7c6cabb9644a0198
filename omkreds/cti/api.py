"""CTI in the JSON API: checklist definitions, a citizen's courses (start, shift, end, reassign),
checklist answers, CTI plans, the phase plan and fidelity reviews.

Everything goes through the access policy as the pages do, and every answer holding citizen
data writes its access-log rows first. A rule the services refuse (`CtiError`) answers 422
with the field it is about, and changes nothing.
"""

from __future__ import annotations

import uuid
from typing import Literal

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from omkreds.access import log, policy
from omkreds.access.decorators import api_citizen
from omkreds.access.policy import Action, OrgAction
from omkreds.accounts.models import User
from omkreds.citizens.errors import CaseClosed
from omkreds.citizens.services import case_team_ensure_worker
from omkreds.cti import checklists, exports, fidelity, services
from omkreds.cti.errors import AnswerChanged, PlanChanged, WorkerNotInOrganisation
from omkreds.cti.models import (
    CtiCourse,
    CtiPlan,
    FidelityReview,
    Phase,
)
from omkreds.cti.schemas_api import (
    AnswerIn,
    AnswerOut,
    ChecklistOut,
    CourseDetailOut,
    CourseOut,
    CourseStartIn,
    EndIn,
    FidelityIn,
    FidelityOut,
    PhasePlanRowOut,
    PlanIn,
    PlanOut,
    ReassignIn,
    ShiftIn,
    ShiftResultOut,
)
from omkreds.lib.api.errors import Refusals
from omkreds.lib.api.schemas import COMMON_ERRORS, ErrorOut, ValidationErrorOut

router = Router(tags=["cti"])

# A refusal (`CtiError`) answers 422 naming the field; a checklist answer someone else changed
# first answers 409, and so does a start for a closed case.
Refusals(stale=(AnswerChanged, PlanChanged), conflicts=(CaseClosed,)).declare(router)


WRITE_ERRORS = {**COMMON_ERRORS, 422: ValidationErrorOut}


# ------------------------------------------------------------------------------ helpers


def _course(citizen, course_id) -> CtiCourse:
    return get_object_or_404(
        CtiCourse.objects.select_related("worker"), pk=course_id, citizen=citizen
    )


def _checklist_out(checklist: checklists.Checklist, phase: int | None) -> dict:
    return {
        "key": checklist.key,
        "title": checklist.title.get(),
        "phase": phase,
        "sections": [
            {
                "key": s.key,
                "heading": s.heading.get(),
                "transition": s.transition,
                "items": [{"key": i.key, "text": i.get_text()} for i in s.items],
            }
            for s in checklist.sections
        ],
    }


def _course_detail(course: CtiCourse) -> CtiCourse:
    """The course with its checklist status attached, for `CourseDetailOut`."""
    course.checklists = [
        {
            "phase": s.phase,
            "total": s.total,
            "answered": s.answered,
            "yes": s.yes,
            "open_no": s.open_no,
            "open_transition_items": [i.key for i in s.open_transition_items],
        }
        for s in services.phase_status(course).values()
    ]
    return course


# ------------------------------------------------------------------------------ checklists


@router.get(
    "/checklists", response={200: list[ChecklistOut], **COMMON_ERRORS}, url_name="cti_checklists"
)
def list_checklists(request):
    """The phase checklists (Bilag 1–3) and the fidelity checklist (Bilag 4), in the language
    of the request (Danish is the seed's wording). No citizen data."""
    found = [_checklist_out(c, phase) for phase, c in checklists.PHASE_CHECKLISTS.items()]
    found.append(_checklist_out(checklists.FIDELITY, None))
    return found


# ------------------------------------------------------------------------------ courses

COURSES = "/citizens/{citizen_id}/courses"
COURSE = COURSES + "/{course_id}"


@router.get(COURSES, response={200: list[CourseOut], **COMMON_ERRORS}, url_name="cti_courses")
def list_courses(request, citizen_id: uuid.UUID):
    citizen = api_citizen(request, citizen_id, Action.VIEW_CTI).citizen
    return list(CtiCourse.objects.filter(citizen=citizen).select_related("worker"))


@router.post(
    COURSES,
    response={201: CourseDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    url_name="cti_course_start",
)
def start_course(request, citizen_id: uuid.UUID, payload: CourseStartIn):
    """Start a course. Planned dates are proposed from the start date unless all five are
    given. Over the caseload cap, `cap_override_reason` is required."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    planned = {
        name: getattr(payload, name)
        for name in (
            "contact_period_ends_planned",
            "phase1_planned_on",
            "phase2_planned_on",
            "phase3_planned_on",
            "planned_end_on",
        )
    }
    worker = User.objects.filter(pk=payload.worker_id, is_active=True).first()
    if worker is None:
        raise WorkerNotInOrganisation(field="worker_id")
    with transaction.atomic():
        course = services.course_start(
            citizen=citizen,
            worker=worker,
            started_on=payload.started_on,
            cap_override_reason=payload.cap_override_reason,
            by=request.user,
        )
        if all(planned.values()):
            services.course_plan_dates(course=course, by=request.user, **planned)
        elif any(planned.values()):
            raise services.CtiError(
                _("Give all five planned dates, or none to use the proposal."),
                field="planned_end_on",
            )
        case_team_ensure_worker(citizen=citizen, worker=worker)
    return Status(201, _course_detail(course))


@router.get(COURSE, response={200: CourseDetailOut, **COMMON_ERRORS}, url_name="cti_course_detail")
def get_course(request, citizen_id: uuid.UUID, course_id: int):
    citizen = api_citizen(request, citizen_id, Action.VIEW_CTI).citizen
    return _course_detail(_course(citizen, course_id))


@router.post(
    COURSE + "/shift", response={200: ShiftResultOut, **WRITE_ERRORS}, url_name="cti_course_shift"
)
def shift_course(request, citizen_id: uuid.UUID, course_id: int, payload: ShiftIn):
    """Record the move to the next phase on a date (realised). Answers the transition items
    of the phase left that were not answered “Yes”."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    course = _course(citizen, course_id)
    open_items = services.phase_shift(
        course=course, to_phase=payload.to_phase, on=payload.on, by=request.user
    )
    return {"course": course, "open_items": [i.key for i in open_items]}


@router.post(
    COURSE + "/end", response={200: ShiftResultOut, **WRITE_ERRORS}, url_name="cti_course_end"
)
def end_course(request, citizen_id: uuid.UUID, course_id: int, payload: EndIn):
    """End the course with a reason (Bilag 5); “other” needs `reason_text`."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    course = _course(citizen, course_id)
    open_items = services.course_end(
        course=course,
        on=payload.on,
        reason=payload.reason,
        reason_text=payload.reason_text,
        by=request.user,
    )
    return {"course": course, "open_items": [i.key for i in open_items]}


@router.post(
    COURSE + "/reassign",
    response={200: CourseDetailOut, **WRITE_ERRORS},
    url_name="cti_course_reassign",
)
def reassign_course(request, citizen_id: uuid.UUID, course_id: int, payload: ReassignIn):
    """Hand the open course to another worker or lead of the organisation. Over that worker's
    caseload cap, `cap_override_reason` is required."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    course = _course(citizen, course_id)
    worker = User.objects.filter(pk=payload.worker_id, is_active=True).first()
    if worker is None:
        raise WorkerNotInOrganisation(field="worker_id")
    with transaction.atomic():
        services.course_reassign(
            course=course,
            worker=worker,
            cap_override_reason=payload.cap_override_reason,
            by=request.user,
        )
        case_team_ensure_worker(citizen=citizen, worker=worker)
    return _course_detail(course)


# ------------------------------------------------------------------------------ answers


@router.get(
    COURSE + "/answers", response={200: list[AnswerOut], **COMMON_ERRORS}, url_name="cti_answers"
)
def list_answers(request, citizen_id: uuid.UUID, course_id: int):
    """Every answer of the course, oldest first: the latest per item is the current one."""
    citizen = api_citizen(request, citizen_id, Action.VIEW_CTI).citizen
    course = _course(citizen, course_id)
    return list(course.answers.select_related("answered_by").order_by("answered_at", "id"))


@router.post(
    COURSE + "/answers",
    response={201: AnswerOut, 409: ValidationErrorOut, **WRITE_ERRORS},
    url_name="cti_answer",
)
def answer_item(request, citizen_id: uuid.UUID, course_id: int, payload: AnswerIn):
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    course = _course(citizen, course_id)
    if not course.is_open:
        raise services.CtiError(_("This CTI course has ended and cannot be changed."))
    answer = services.checklist_answer(
        course=course,
        item_key=payload.item_key,
        answer=payload.answer,
        note=payload.note,
        by=request.user,
        **({"based_on": payload.based_on} if "based_on" in payload.model_fields_set else {}),
    )
    return Status(201, answer)


# ------------------------------------------------------------------------------ CTI plans


def _plans(course):
    return CtiPlan.objects.filter(course=course).prefetch_related("dimensions__subgoals")


@router.get(COURSE + "/plans", response={200: list[PlanOut], **COMMON_ERRORS}, url_name="cti_plans")
def list_plans(request, citizen_id: uuid.UUID, course_id: int):
    citizen = api_citizen(request, citizen_id, Action.VIEW_CTI).citizen
    return list(_plans(_course(citizen, course_id)))


@router.put(
    COURSE + "/plans/{phase}",
    response={200: PlanOut, 409: ValidationErrorOut, **WRITE_ERRORS},
    url_name="cti_plan_save",
)
def save_plan(request, citizen_id: uuid.UUID, course_id: int, phase: int, payload: PlanIn):
    """Create or update the CTI plan of a phase (0–3). Dimensions are added or updated by key;
    sub-goals given are added to the dimension. `based_on` is the plan's `version` you read
    (null before the first save): 409 if someone changed it since, and nothing is saved."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_CTI).citizen
    course = _course(citizen, course_id)
    if phase not in Phase.values:
        raise Http404
    with transaction.atomic():
        plan = services.plan_save(
            course=course,
            phase=phase,
            by=request.user,
            made_on=payload.made_on,
            action_plan_reference=payload.action_plan_reference,
            based_on=payload.based_on,
        )
        for given in payload.dimensions:
            row, _warnings = services.plan_dimension_save(
                plan=plan,
                dimension=given.dimension,
                reason=given.reason,
                goal=given.goal,
                responsibility=given.responsibility,
                activities=given.activities,
                contact_ids=given.contact_ids,
                by=request.user,
            )
            for text in given.subgoals:
                services.subgoal_add(dimension=row, text=text, by=request.user)
    return _plans(course).get(pk=plan.pk)


# ------------------------------------------------------------------------------ phase plan


@router.get(
    "/phase-plan", response={200: list[PhasePlanRowOut], **COMMON_ERRORS}, url_name="cti_phase_plan"
)
def phase_plan(request, scope: Literal["team", "own"] = "team"):
    """The phase plan (Bilag 5): a lead's team ("team"), or your own courses ("own")."""
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.VIEW_PHASE_PLAN, organisation
    ):
        raise Http404
    courses = list(exports.phase_plan_courses(request.user, organisation, scope=scope))
    log.record_many(request, citizen_ids=[c.citizen_id for c in courses], action=log.LIST)
    return [
        {
            "course": row.course,
            "citizen_name": row.citizen.name,
            "next_due": row.next_due,
            "state": row.next_state,
        }
        for row in exports.plan_rows(courses)
    ]


# ------------------------------------------------------------------------------ fidelity


def _lead(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.REVIEW_FIDELITY, organisation
    ):
        raise Http404
    return organisation, request.membership.team


@router.get(
    "/fidelity-reviews",
    response={200: list[FidelityOut], **COMMON_ERRORS},
    url_name="cti_fidelity_reviews",
)
def list_fidelity(request):
    """The fidelity reviews of your team, newest first (leads only)."""
    organisation, team = _lead(request)
    return list(
        FidelityReview.objects.filter(organisation=organisation, team=team)
        .select_related("lead", "team")
        .prefetch_related("answers")
    )


@router.post(
    "/fidelity-reviews",
    response={201: FidelityOut, 403: ErrorOut, **WRITE_ERRORS},
    url_name="cti_fidelity_create",
)
def create_fidelity(request, payload: FidelityIn):
    organisation, team = _lead(request)
    review = fidelity.fidelity_review_save(
        organisation=organisation,
        team=team,
        reviewed_on=payload.reviewed_on,
        lead=request.user,
        answers={k: (v.answer, v.note) for k, v in payload.answers.items()},
        note=payload.note,
    )
    return Status(201, FidelityReview.objects.select_related("lead", "team").get(pk=review.pk))
