"""Authorization matrix routes for the citizens app (see omkreds/lib/testing/matrix.py)."""

import datetime as dt

from django.utils import timezone

from omkreds.citizens.models import CaseTeamMember
from omkreds.lib.testing.cast import CANARY
from omkreds.lib.testing.matrix import ANY_SIGNED_IN, CASE, Route

# Workers and leads of any organisation: they create and search citizens in their own one.
CASE_ROLES_ANY_ORG = frozenset({"worker", "colleague", "lead", "other_lead", "outsider"})
LEADS = frozenset({"lead", "other_lead"})


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _today() -> str:
    return timezone.localdate().isoformat()


def _membership_to_end(cast) -> dict:
    member = CaseTeamMember.objects.create(
        citizen=cast.citizen,
        # A professional on the case team: it gives them no reach, so the matrix stays as declared.
        user=cast.professional_without,
        role="professional",
        starts_on=timezone.localdate() - dt.timedelta(days=10),
    )
    return {"member": member}


def _closed(cast) -> dict:
    cast.citizen.status, cast.citizen.closed_on = "closed", timezone.localdate()
    cast.citizen.save(update_fields=["status", "closed_on"])
    return {}


ROUTES = [
    Route(
        "citizens:home",
        allowed=ANY_SIGNED_IN,
        citizen_data=False,
        notes="Each role sees only its own reach (logged as 'list' rows); admin and coordinator see none.",
    ),
    Route(
        "citizens:team",
        allowed=LEADS,
        notes="Each lead sees their own team's citizens, logged as 'list' rows.",
    ),
    Route("citizens:create", allowed=CASE_ROLES_ANY_ORG, citizen_data=False),
    Route(
        "citizens:create",
        method="POST",
        allowed=CASE_ROLES_ANY_ORG,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"name": "Matrix Borger"},
        notes="Creates a citizen in the user's own organisation.",
    ),
    Route("citizens:search", allowed=CASE_ROLES_ANY_ORG, citizen_data=False),
    Route(
        "citizens:search",
        method="POST",
        allowed=CASE_ROLES_ANY_ORG,
        citizen_data=False,
        data=lambda cast, extra: {"name": CANARY},
        notes="Results only within the user's reach; each result shown is logged as 'search'.",
    ),
    Route("citizens:detail", kwargs=_citizen, allowed=CASE),
    Route("citizens:shared", kwargs=_citizen, allowed=frozenset({"professional"})),
    Route("citizens:edit", kwargs=_citizen, allowed=CASE),
    Route(
        "citizens:edit",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"name": "Matrix Renamed"},
    ),
    Route("citizens:close", kwargs=_citizen, allowed=CASE),
    Route(
        "citizens:close",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"closed_on": _today()},
    ),
    Route(
        "citizens:reopen",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        setup=_closed,
        data=lambda cast, extra: {},
    ),
    Route("citizens:member_add", kwargs=_citizen, allowed=CASE),
    Route(
        "citizens:member_add",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {
            "user": cast.colleague.pk,
            "role": "worker",
            "starts_on": _today(),
        },
    ),
    Route(
        "citizens:member_end",
        kwargs=lambda cast, extra: {"citizen_id": cast.citizen.pk, "member_id": extra["member"].pk},
        method="POST",
        allowed=CASE,
        ok_status=302,
        setup=_membership_to_end,
        data=lambda cast, extra: {},
    ),
]
