"""Authorization matrix routes for the citizen's rights: change history and insight export."""

from omkreds.lib.testing.matrix import CASE, Route


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


ROUTES = [
    Route("access:history", kwargs=_citizen, allowed=CASE),
    Route("access:insight", kwargs=_citizen, allowed=CASE),
    Route("access:insight_zip", kwargs=_citizen, allowed=CASE),
]
