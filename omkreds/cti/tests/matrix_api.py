"""Authorization matrix routes for the CTI API (format: omkreds/lib/testing/matrix.py)."""

from omkreds.cti import services
from omkreds.cti.models import CtiPlan
from omkreds.cti.tests.matrix import (
    CASE_ROLES_ANY_ORG,
    LEADS,
    _citizen,
    _course,
    _course_kwargs,
    _today,
)
from omkreds.lib.testing.matrix import ANY_SIGNED_IN, CASE, CASE_AND_SHARED, Route


def _plan_kwargs(cast, extra):
    return {**_course_kwargs(cast, extra), "phase": 1}


ROUTES = [
    Route("api:cti_checklists", api=True, allowed=ANY_SIGNED_IN, citizen_data=False),
    Route("api:cti_courses", api=True, kwargs=_citizen, setup=_course, allowed=CASE_AND_SHARED),
    Route(
        "api:cti_course_start",
        method="POST",
        api=True,
        kwargs=_citizen,
        allowed=CASE,
        ok_status=201,
        data=lambda cast, extra: {"worker_id": cast.worker.pk, "started_on": _today()},
    ),
    Route(
        "api:cti_course_detail",
        api=True,
        kwargs=_course_kwargs,
        setup=_course,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:cti_course_shift",
        method="POST",
        api=True,
        kwargs=_course_kwargs,
        setup=_course,
        allowed=CASE,
        data=lambda cast, extra: {"to_phase": 1, "on": _today()},
    ),
    Route(
        "api:cti_course_end",
        method="POST",
        api=True,
        kwargs=_course_kwargs,
        setup=_course,
        allowed=CASE,
        data=lambda cast, extra: {"on": _today(), "reason": "died"},
    ),
    Route(
        "api:cti_course_reassign",
        method="POST",
        api=True,
        kwargs=_course_kwargs,
        setup=_course,
        allowed=CASE,
        data=lambda cast, extra: {"worker_id": cast.colleague.pk, "cap_override_reason": "Cover"},
    ),
    Route(
        "api:cti_answers", api=True, kwargs=_course_kwargs, setup=_course, allowed=CASE_AND_SHARED
    ),
    Route(
        "api:cti_answer",
        method="POST",
        api=True,
        kwargs=_course_kwargs,
        setup=_course,
        allowed=CASE,
        ok_status=201,
        data=lambda cast, extra: {"item_key": "p1.coherence.01", "answer": "yes"},
    ),
    Route("api:cti_plans", api=True, kwargs=_course_kwargs, setup=_course, allowed=CASE_AND_SHARED),
    Route(
        "api:cti_plan_save",
        method="PUT",
        api=True,
        kwargs=_plan_kwargs,
        setup=_course,
        allowed=CASE,
        data=lambda cast, extra: {
            "dimensions": [{"dimension": "housing"}],
            "based_on": services.plan_version(
                CtiPlan.objects.filter(course=extra["course"], phase=1).first()
            ),
        },
    ),
    Route(
        "api:cti_phase_plan",
        api=True,
        setup=_course,
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        notes="Own or team courses; each citizen listed is logged as a 'list' row.",
    ),
    Route("api:cti_fidelity_reviews", api=True, allowed=LEADS, citizen_data=False),
    Route(
        "api:cti_fidelity_create",
        method="POST",
        api=True,
        allowed=LEADS,
        ok_status=201,
        citizen_data=False,
        data=lambda cast, extra: {
            "reviewed_on": _today(),
            "answers": {"fidelity.01": {"answer": "yes"}},
        },
    ),
]
