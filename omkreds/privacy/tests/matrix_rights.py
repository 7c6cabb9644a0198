"""Authorization matrix routes for the citizen's rights: change history and insight export."""

from omkreds.lib.testing.matrix import CASE, Route


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


ROUTES = [
    Route("privacy:history", kwargs=_citizen, allowed=CASE),
    Route("privacy:insight", kwargs=_citizen, allowed=CASE),
    Route("privacy:insight_zip", kwargs=_citizen, allowed=CASE),
]


def _map_with_anna(cast) -> dict:
    from omkreds.networks.services import map_save

    document = {
        "contacts": [{"id": "anna", "name": "Anna", "sector": "family", "closeness": 0.5}],
        "ties": [],
    }
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)
    return {}


def _informed_data(cast, extra) -> dict:
    return {"informed_on": "2026-01-05", "how": "by phone"}


ROUTES += [
    Route("privacy:informed", kwargs=_citizen, allowed=CASE, setup=_map_with_anna),
    Route(
        "privacy:informed_mark",
        kwargs=lambda cast, extra: {"citizen_id": cast.citizen.pk, "contact_id": "anna"},
        method="POST",
        allowed=CASE,
        ok_status=302,
        setup=_map_with_anna,
        data=_informed_data,
    ),
]

ADMIN = frozenset({"admin"})
ROUTES += [
    Route("privacy:rights_settings", allowed=ADMIN, citizen_data=False),
    Route(
        "privacy:rights_settings",
        method="POST",
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"case_years": "6", "log_years": "10"},
    ),
]
