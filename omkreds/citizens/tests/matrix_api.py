"""Authorization matrix routes for the citizens API (format: omkreds/lib/testing/matrix.py)."""

from omkreds.lib.testing.matrix import ANY_SIGNED_IN, CASE, Route

# Workers and leads of any organisation create citizens in their own one.
CASE_ROLES_ANY_ORG = frozenset({"worker", "colleague", "lead", "other_lead", "outsider"})


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


ROUTES = [
    Route(
        "api:citizens_list",
        api=True,
        allowed=ANY_SIGNED_IN,
        citizen_data=False,
        notes="Each role gets only its own reach (logged as 'list' rows); most get none.",
    ),
    Route(
        "api:citizens_create",
        method="POST",
        api=True,
        allowed=CASE_ROLES_ANY_ORG,
        ok_status=201,
        data=lambda cast, extra: {"name": "Matrix Borger", "date_of_birth": "1990-01-01"},
        notes="Creates a citizen in the user's own organisation; logged as 'create_case'.",
    ),
    Route("api:citizens_detail", api=True, kwargs=_citizen, allowed=CASE),
    Route(
        "api:citizens_update",
        method="PATCH",
        api=True,
        kwargs=_citizen,
        allowed=CASE,
        data=lambda cast, extra: {"name": "Matrix Renamed"},
    ),
]
