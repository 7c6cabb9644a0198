"""CTI workflows: start a course, shift phase, end it, answer checklists, plan (fidelity
reviews: `fidelity.py`).

Every function is keyword-only and either changes nothing and raises a `CtiError` (see
`errors.py`), or makes the whole change. Who may call them is decided by `access/policy.py`
in the views; these functions only keep the data right.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from types import EllipsisType

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from omkreds.access.history import record_change
from omkreds.accounts.models import Membership, Organisation, Role
from omkreds.citizens.models import Citizen
from omkreds.citizens.services import require_open_case
from omkreds.cti import checklists
from omkreds.cti.errors import (
    AnswerChanged,
    CaseloadCapExceeded,
    CompletedTooEarly,
    CourseAlreadyOpen,
    CourseEnded,
    CtiError,
    DateInFuture,
    DatesOutOfOrder,
    EndBeforeLastPhase,
    EndReasonRequired,
    EndReasonTextRequired,
    InvalidAnswer,
    InvalidContacts,
    InvalidPhase,
    PhaseOutOfOrder,
    PlanChanged,
    ShiftBeforePrevious,
    UnknownDimension,
    UnknownItem,
    WorkerNotInOrganisation,
)
from omkreds.cti.models import (
    ChecklistAnswer,
    ChecklistChoice,
    CourseEvent,
    CourseEventKind,
    CtiCourse,
    CtiPlan,
    CtiPlanDimension,
    EndReason,
    Phase,
    PhaseStatus,
    PlanDimension,
    SubGoal,
    current_answers,
)

__all__ = [
    "CtiError",
    "PlannedDates",
    "caseload",
    "checklist_answer",
    "course_end",
    "course_plan_dates",
    "course_reassign",
    "course_start",
    "phase_shift",
    "phase_status",
    "plan_dimension_save",
    "plan_save",
    "planned_dates",
    "shift_delays",
    "subgoal_add",
    "subgoal_reached",
]

# The contact-establishment period before phase 1; the seed gives no length, so one month is
# proposed and the worker edits it. The three phases last three months each (Bilag 5: nine
# months in all).
CONTACT_PERIOD_MONTHS = 1
PHASE_MONTHS = 3
# A phase shift within this many days of its planned date counts as on time.
ON_TIME_DAYS = 14
# The CTI plan should hold about three dimensions (Bilag 6); more gets a warning.
PLAN_DIMENSIONS_ADVISED = 3


# ---------------------------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlannedDates:
    contact_period_ends_planned: dt.date
    phase1_planned_on: dt.date
    phase2_planned_on: dt.date
    phase3_planned_on: dt.date
    planned_end_on: dt.date


def planned_dates(started_on: dt.date) -> PlannedDates:
    """The proposal: a contact period, then three phases of three months each."""
    phase1 = add_months(started_on, CONTACT_PERIOD_MONTHS)
    return PlannedDates(
        contact_period_ends_planned=phase1,
        phase1_planned_on=phase1,
        phase2_planned_on=add_months(phase1, PHASE_MONTHS),
        phase3_planned_on=add_months(phase1, 2 * PHASE_MONTHS),
        planned_end_on=add_months(phase1, 3 * PHASE_MONTHS),
    )


def not_in_future(day: dt.date, field: str = "on") -> None:
    """Refuse a date that has not come yet (`DateInFuture` on `field`)."""
    if day > timezone.localdate():
        raise DateInFuture(field=field)


def _show(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _locked(course: CtiCourse) -> CtiCourse:
    """The course row, locked for this transaction and fresh from the database."""
    fresh = CtiCourse.objects.select_for_update().get(pk=course.pk)
    if fresh.ended_on is not None:
        raise CourseEnded()
    return fresh


def _copy_into(course: CtiCourse, fresh: CtiCourse) -> CtiCourse:
    for field in CtiCourse._meta.concrete_fields:
        setattr(course, field.attname, getattr(fresh, field.attname))
    return course


# -------------------------------------------------------------------------------- courses


def caseload(*, worker, organisation: Organisation | int, on: dt.date | None = None) -> int:
    """How many CTI courses the worker holds in the organisation on a day (default: today)."""
    organisation_id = getattr(organisation, "pk", organisation)
    return (
        CtiCourse.objects.open_on(on or timezone.localdate())
        .filter(worker=worker, citizen__organisation_id=organisation_id)
        .count()
    )


def _check_worker(worker, organisation_id: int) -> None:
    if (
        not Membership.objects.active()
        .filter(user=worker, organisation_id=organisation_id, role__in=[Role.WORKER, Role.LEAD])
        .exists()
    ):
        raise WorkerNotInOrganisation()


def _check_cap(worker, organisation: Organisation, reason: str, on: dt.date) -> None:
    # Lock the worker's row so two simultaneous assignments cannot both slip under the cap.
    type(worker).objects.select_for_update().filter(pk=worker.pk).first()
    count = caseload(worker=worker, organisation=organisation, on=on)
    if count >= organisation.cti_caseload_cap and not reason:
        raise CaseloadCapExceeded(worker=worker, count=count, cap=organisation.cti_caseload_cap)


def course_start(
    *,
    citizen: Citizen,
    worker,
    started_on: dt.date,
    by,
    cap_override_reason: str | None = None,
) -> CtiCourse:
    """Open a course with proposed planned dates. One open course per citizen; the worker's
    caseload may pass the organisation's cap only with a recorded reason."""
    reason = (cap_override_reason or "").strip()
    require_open_case(citizen)
    not_in_future(started_on, "started_on")
    _check_worker(worker, citizen.organisation_id)
    organisation = citizen.organisation
    try:
        with transaction.atomic():
            # Lock the citizen so two simultaneous starts cannot both pass the check.
            Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
            if CtiCourse.objects.open().filter(citizen=citizen).exists():
                raise CourseAlreadyOpen()
            _check_cap(worker, organisation, reason, timezone.localdate())
            plan = planned_dates(started_on)
            course = CtiCourse.objects.create(
                citizen=citizen,
                worker=worker,
                started_on=started_on,
                cap_override_reason=reason,
                created_by=by,
                **plan.__dict__,
            )
            CourseEvent.objects.create(
                course=course,
                kind=CourseEventKind.STARTED,
                phase=Phase.CONTACT,
                on=started_on,
                note=reason,
                by=by,
            )
    except IntegrityError as exc:
        raise CourseAlreadyOpen() from exc
    return course


def course_reassign(
    *, course: CtiCourse, worker, by, cap_override_reason: str | None = None
) -> CtiCourse:
    """Give the course to another worker, under the same cap rule as starting one."""
    reason = (cap_override_reason or "").strip()
    organisation = course.citizen.organisation
    _check_worker(worker, organisation.pk)
    with transaction.atomic():
        fresh = _locked(course)
        if fresh.worker_id == worker.pk:
            return _copy_into(course, fresh)
        _check_cap(worker, organisation, reason, timezone.localdate())
        fresh.worker = worker
        fresh.cap_override_reason = reason
        fresh.save(update_fields=["worker", "cap_override_reason"])
        CourseEvent.objects.create(course=fresh, kind=CourseEventKind.WORKER, note=reason, by=by)
    return _copy_into(course, fresh)


def course_plan_dates(
    *,
    course: CtiCourse,
    contact_period_ends_planned: dt.date,
    phase1_planned_on: dt.date,
    phase2_planned_on: dt.date,
    phase3_planned_on: dt.date,
    planned_end_on: dt.date,
    by,
) -> CtiCourse:
    """Change the planned dates; they must follow each other in order."""
    with transaction.atomic():
        fresh = _locked(course)
        fresh.contact_period_ends_planned = contact_period_ends_planned
        fresh.phase1_planned_on = phase1_planned_on
        fresh.phase2_planned_on = phase2_planned_on
        fresh.phase3_planned_on = phase3_planned_on
        fresh.planned_end_on = planned_end_on
        try:
            fresh.clean()
        except ValidationError as exc:
            raise DatesOutOfOrder(field=next(iter(exc.message_dict))) from exc
        fresh.save(
            update_fields=[
                "contact_period_ends_planned",
                "phase1_planned_on",
                "phase2_planned_on",
                "phase3_planned_on",
                "planned_end_on",
            ]
        )
        CourseEvent.objects.create(course=fresh, kind=CourseEventKind.PLANNED_DATES, by=by)
    return _copy_into(course, fresh)


def _open_items(
    course: CtiCourse, items: tuple[checklists.Item, ...]
) -> tuple[checklists.Item, ...]:
    answers = current_answers(course)
    return tuple(
        i for i in items if i.key not in answers or answers[i.key].answer != ChecklistChoice.YES
    )


def phase_shift(
    *, course: CtiCourse, to_phase: int, on: dt.date, by
) -> tuple[checklists.Item, ...]:
    """Record that the course moved on to `to_phase` on `on` (the realised date).

    Returns the transition items of the phase being left that are not yet answered "Yes"
    (for example "Ved overgang til 2. fase"), so the worker sees what is still open.
    """
    if to_phase not in (Phase.ONE, Phase.TWO, Phase.THREE):
        raise InvalidPhase(field="to_phase")
    not_in_future(on)
    with transaction.atomic():
        fresh = _locked(course)
        if to_phase != fresh.phase + 1:
            raise PhaseOutOfOrder()
        previous = fresh.realised_start(to_phase - 1)
        if on < previous:
            raise ShiftBeforePrevious(params={"previous": _show(previous)})
        leaving = checklists.PHASE_CHECKLISTS.get(to_phase - 1)
        open_items = _open_items(fresh, leaving.transition_items) if leaving else ()
        setattr(fresh, f"phase{to_phase}_started_on", on)
        fresh.save(update_fields=[f"phase{to_phase}_started_on"])
        CourseEvent.objects.create(
            course=fresh, kind=CourseEventKind.PHASE_SHIFT, phase=to_phase, on=on, by=by
        )
    _copy_into(course, fresh)
    return open_items


def course_end(
    *, course: CtiCourse, on: dt.date, reason: str, reason_text: str = "", by
) -> tuple[checklists.Item, ...]:
    """End the course with a reason (Bilag 5). Returns the items of "Ved afslutning af
    CTI-indsats" not yet answered "Yes"."""
    reason_text = (reason_text or "").strip()
    if reason not in EndReason.values:
        raise EndReasonRequired()
    if reason == EndReason.OTHER and not reason_text:
        raise EndReasonTextRequired()
    not_in_future(on)
    with transaction.atomic():
        fresh = _locked(course)
        if reason == EndReason.COMPLETED and fresh.phase3_started_on is None:
            raise CompletedTooEarly()
        last = fresh.realised_start(fresh.phase)
        if on < last:
            raise EndBeforeLastPhase(params={"previous": _show(last)})
        open_items = _open_items(fresh, checklists.PHASE3.transition_items)
        fresh.ended_on = on
        fresh.end_reason = reason
        fresh.end_reason_text = reason_text
        fresh.save(update_fields=["ended_on", "end_reason", "end_reason_text"])
        CourseEvent.objects.create(
            course=fresh, kind=CourseEventKind.ENDED, on=on, note=reason_text, by=by
        )
    _copy_into(course, fresh)
    return open_items


def shift_delays(course: CtiCourse, *, on: dt.date | None = None) -> dict[int, int]:
    """Days each phase shift came after its planned date (negative: early). A shift that is
    due and not yet made counts as late by the days since its planned date."""
    on = on or timezone.localdate()
    delays: dict[int, int] = {}
    for phase in (Phase.ONE, Phase.TWO, Phase.THREE):
        planned, realised = course.planned_start(phase), course.realised_start(phase)
        if realised is not None:
            delays[phase] = (realised - planned).days
        elif course.is_open and planned < on:
            delays[phase] = (on - planned).days
            break
        else:
            break
    return delays


# ------------------------------------------------------------------------------ checklists


def checklist_answer(
    *,
    course: CtiCourse,
    item_key: str,
    answer: str,
    note: str = "",
    by,
    based_on: int | None | EllipsisType = ...,
) -> ChecklistAnswer:
    """Answer a phase-checklist item. Earlier answers stay as history.

    `based_on` is the id of the item's latest answer the writer saw (None: unanswered); if
    someone answered since, `AnswerChanged` is raised and nothing is stored."""
    if item_key not in checklists.phase_item_keys():
        raise UnknownItem()
    if answer not in ChecklistChoice.values:
        raise InvalidAnswer()
    with transaction.atomic():
        if based_on is not ...:
            # The course row is the lock: one writer at a time compares and writes.
            CtiCourse.objects.select_for_update().only("pk").get(pk=course.pk)
            latest = course.answers.history(item_key).values_list("pk", flat=True).first()
            if latest != based_on:
                raise AnswerChanged()
        return ChecklistAnswer.objects.create(
            course=course,
            item_key=item_key,
            answer=answer,
            note=(note or "").strip(),
            answered_by=by,
        )


def phase_status(course: CtiCourse) -> dict[int, PhaseStatus]:
    """For phases 1–3: items answered, "Yes", open "No", and transition items not yet "Yes"."""
    answers = current_answers(course)
    status = {}
    for phase, checklist in checklists.PHASE_CHECKLISTS.items():
        given = [answers[i.key].answer for i in checklist.items if i.key in answers]
        status[phase] = PhaseStatus(
            phase=phase,
            total=len(checklist.items),
            answered=len(given),
            yes=given.count(ChecklistChoice.YES),
            open_no=given.count(ChecklistChoice.NO),
            open_transition_items=tuple(
                i
                for i in checklist.transition_items
                if i.key not in answers or answers[i.key].answer != ChecklistChoice.YES
            ),
        )
    return status


# -------------------------------------------------------------------------------- CTI plan


@transaction.atomic
def plan_save(
    *,
    course: CtiCourse,
    phase: int,
    by,
    made_on: dt.date | None = None,
    action_plan_reference: str = "",
    based_on: str | None | EllipsisType = ...,
) -> CtiPlan:
    """Create or update the CTI plan for one phase of a course. `based_on` is the
    `plan_version` the writer read (None: no plan yet); if it changed since, `PlanChanged` is
    raised and nothing is stored (the course's row is the lock)."""
    if phase not in Phase.values:
        raise InvalidPhase()
    if based_on is not ...:
        CtiCourse.objects.select_for_update().only("pk").get(pk=course.pk)
        if plan_version(CtiPlan.objects.filter(course=course, phase=phase).first()) != based_on:
            raise PlanChanged()
    made_on = made_on or timezone.localdate()
    not_in_future(made_on, "made_on")
    if course.ended_on is not None:
        raise CourseEnded()
    plan, created = CtiPlan.objects.get_or_create(
        course=course,
        phase=phase,
        defaults={
            "made_on": made_on,
            "action_plan_reference": action_plan_reference.strip(),
            "created_by": by,
        },
    )
    if not created:
        plan.made_on = made_on
        plan.action_plan_reference = action_plan_reference.strip()
        plan.save(update_fields=["made_on", "action_plan_reference", "updated_at"])
    record_change(citizen=course.citizen_id, by=by, kind="plan_save", obj=plan, summary=f"{phase}")
    return plan


def plan_version(plan: CtiPlan | None) -> str | None:
    """What a change of the plan names as what it was based on: when the plan or one of its
    dimensions was last saved (None: no plan yet)."""
    return plan.updated_at.isoformat() if plan is not None else None


def _contact_ids(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(v, str) and 0 < len(v.strip()) <= 64 for v in value
    ):
        raise InvalidContacts()
    return list(dict.fromkeys(v.strip() for v in value))


def plan_dimension_save(
    *,
    plan: CtiPlan,
    dimension: str,
    by,
    reason: str = "",
    goal: str = "",
    responsibility: str = "",
    activities: str = "",
    contact_ids: list[str] | None = None,
) -> tuple[CtiPlanDimension, list[str]]:
    """Add or update a dimension of the plan. Returns it and warnings (more than three)."""
    if dimension not in PlanDimension.values:
        raise UnknownDimension()
    ids = _contact_ids(contact_ids)
    if plan.course.ended_on is not None:
        raise CourseEnded()
    with transaction.atomic():
        position = plan.dimensions.count()
        row, _created = CtiPlanDimension.objects.update_or_create(
            plan=plan,
            dimension=dimension,
            defaults={
                "reason": reason.strip(),
                "goal": goal.strip(),
                "responsibility": responsibility.strip(),
                "activities": activities.strip(),
                "contact_ids": ids,
            },
            create_defaults={
                "reason": reason.strip(),
                "goal": goal.strip(),
                "responsibility": responsibility.strip(),
                "activities": activities.strip(),
                "contact_ids": ids,
                "position": position,
            },
        )
        CtiPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
        record_change(
            citizen=plan.course.citizen_id,
            by=by,
            kind="plan_dimension_save",
            obj=row,
            summary=dimension,
        )
    return row, plan_warnings(plan)


def plan_warnings(plan: CtiPlan) -> list[str]:
    count = plan.dimensions.count()
    if count <= PLAN_DIMENSIONS_ADVISED:
        return []
    return [
        ngettext(
            "The plan works with %(count)d dimension; the method advises about three.",
            "The plan works with %(count)d dimensions; the method advises about three.",
            count,
        )
        % {"count": count}
    ]


@transaction.atomic
def subgoal_add(*, dimension: CtiPlanDimension, text: str, by) -> SubGoal:
    text = (text or "").strip()
    if not text:
        raise CtiError(gettext("Write the sub-goal."), field="text")
    record_change(
        citizen=dimension.plan.course.citizen_id,
        by=by,
        kind="subgoal_add",
        obj=dimension,
        summary=text,
    )
    return SubGoal.objects.create(
        dimension=dimension, text=text, position=dimension.subgoals.count()
    )


@transaction.atomic
def subgoal_reached(*, subgoal: SubGoal, on: dt.date | None, by) -> SubGoal:
    """Mark a sub-goal reached on a day, or not reached (None)."""
    if on is not None:
        not_in_future(on)
        if on < subgoal.dimension.plan.course.started_on:
            raise DatesOutOfOrder(field="on")
    subgoal.reached_on = on
    subgoal.save(update_fields=["reached_on"])
    record_change(
        citizen=subgoal.dimension.plan.course.citizen_id,
        by=by,
        kind="subgoal_reached",
        obj=subgoal,
        summary=str(on or ""),
    )
    return subgoal
