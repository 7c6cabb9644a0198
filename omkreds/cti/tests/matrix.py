"""Authorization matrix routes for the CTI pages (format: omkreds/lib/testing/matrix.py)."""

import datetime as dt

from django.utils import timezone

from omkreds.cti import checklists, fidelity, services
from omkreds.lib.testing.matrix import CASE, CASE_AND_SHARED, Route

# Workers and leads of any organisation have a phase plan of their own (often empty).
CASE_ROLES_ANY_ORG = frozenset({"worker", "colleague", "lead", "other_lead", "outsider"})
LEADS = frozenset({"lead", "other_lead"})


def _today() -> dt.date:
    return timezone.localdate()


def _course(cast) -> dict:
    course = services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=_today() - dt.timedelta(days=40),
        by=cast.worker,
    )
    return {"course": course}


def _plan(cast) -> dict:
    extra = _course(cast)
    plan = services.plan_save(course=extra["course"], phase=1, by=cast.worker)
    dimension, _warnings = services.plan_dimension_save(
        plan=plan, dimension="housing", goal="Own flat", by=cast.worker
    )
    subgoal = services.subgoal_add(dimension=dimension, text="Apply", by=cast.worker)
    return {**extra, "plan": plan, "dimension": dimension, "subgoal": subgoal}


def _review(cast) -> dict:
    review = fidelity.fidelity_review_save(
        organisation=cast.org,
        team=cast.team,
        reviewed_on=_today(),
        lead=cast.lead,
        answers={"fidelity.01": "yes"},
    )
    return {"review": review}


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _course_kwargs(cast, extra):
    return {"citizen_id": cast.citizen.pk, "course_id": extra["course"].pk}


def _phase_kwargs(cast, extra):
    return {**_course_kwargs(cast, extra), "phase": 1}


def _start_data(cast, extra):
    plan = services.planned_dates(_today())
    return {
        "worker": cast.worker.pk,
        "started_on": _today().isoformat(),
        **{k: v.isoformat() for k, v in plan.__dict__.items()},
    }


def _dates_data(cast, extra):
    course = extra["course"]
    return {
        "contact_period_ends_planned": course.contact_period_ends_planned.isoformat(),
        "phase1_planned_on": course.phase1_planned_on.isoformat(),
        "phase2_planned_on": course.phase2_planned_on.isoformat(),
        "phase3_planned_on": course.phase3_planned_on.isoformat(),
        "planned_end_on": (course.planned_end_on + dt.timedelta(days=7)).isoformat(),
    }


def _fidelity_data(cast, extra):
    data = dict.fromkeys((i.key for i in checklists.FIDELITY.items), "yes")
    data["reviewed_on"] = _today().isoformat()
    return data


ROUTES = [
    Route("cti:course", kwargs=_citizen, setup=_course, allowed=CASE_AND_SHARED),
    Route("cti:start", kwargs=_citizen, allowed=CASE),
    Route(
        "cti:start",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=_start_data,
    ),
    Route("cti:dates", kwargs=_course_kwargs, setup=_course, allowed=CASE),
    Route(
        "cti:dates",
        kwargs=_course_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=_dates_data,
    ),
    Route("cti:shift", kwargs=_course_kwargs, setup=_course, allowed=CASE),
    Route(
        "cti:shift",
        kwargs=_course_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"on": _today().isoformat()},
    ),
    Route("cti:end", kwargs=_course_kwargs, setup=_course, allowed=CASE),
    Route(
        "cti:end",
        kwargs=_course_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"on": _today().isoformat(), "reason": "refuses"},
    ),
    Route("cti:reassign", kwargs=_course_kwargs, setup=_course, allowed=CASE),
    Route(
        "cti:reassign",
        kwargs=_course_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"worker": cast.colleague.pk, "cap_override_reason": "Cover"},
    ),
    Route("cti:checklist", kwargs=_phase_kwargs, setup=_course, allowed=CASE_AND_SHARED),
    Route(
        "cti:answer",
        kwargs=_phase_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"item_key": "p1.coherence.01", "answer": "no"},
    ),
    Route("cti:plan", kwargs=_phase_kwargs, setup=_plan, allowed=CASE_AND_SHARED),
    Route(
        "cti:plan_save",
        kwargs=_phase_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"made_on": _today().isoformat()},
    ),
    Route(
        "cti:dimension_save",
        kwargs=_phase_kwargs,
        setup=_course,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"prefix": "add", "add-dimension": "mental"},
    ),
    Route(
        "cti:subgoal_add",
        kwargs=lambda cast, extra: {
            **_phase_kwargs(cast, extra),
            "dimension_id": extra["dimension"].pk,
        },
        setup=_plan,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {f"subgoal-{extra['dimension'].pk}-text": "Call the landlord"},
    ),
    Route(
        "cti:subgoal_reached",
        kwargs=lambda cast, extra: {
            **_phase_kwargs(cast, extra),
            "subgoal_id": extra["subgoal"].pk,
        },
        setup=_plan,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"on": _today().isoformat()},
    ),
    Route("cti:plan_pdf", kwargs=_phase_kwargs, setup=_plan, allowed=CASE_AND_SHARED),
    Route(
        "cti:phase_plan",
        setup=_course,
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        notes="Each worker sees their own courses, each lead their team's; every citizen shown "
        "is logged as a 'list' row.",
    ),
    Route(
        "cti:phase_plan_csv",
        setup=_course,
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        notes="As the phase plan page.",
    ),
    Route(
        "cti:phase_plan_xlsx",
        setup=_course,
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        notes="As the phase plan page.",
    ),
    Route(
        "cti:phase_plan_pdf",
        setup=_course,
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        notes="As the phase plan page.",
    ),
    Route("cti:fidelity", setup=_review, allowed=LEADS, citizen_data=False),
    Route("cti:fidelity_new", allowed=LEADS, citizen_data=False),
    Route(
        "cti:fidelity_new",
        method="POST",
        allowed=LEADS,
        ok_status=302,
        citizen_data=False,
        data=_fidelity_data,
    ),
    Route(
        "cti:fidelity_detail",
        kwargs=lambda cast, extra: {"review_id": extra["review"].pk},
        setup=_review,
        allowed=frozenset({"lead"}),
        citizen_data=False,
        notes="A review of the lead's own team only.",
    ),
]
