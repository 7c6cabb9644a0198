"""Authorization matrix routes for the access app (see omkreds/lib/testing/matrix.py)."""

import datetime as dt

from django.utils import timezone

from omkreds.access.models import Consent
from omkreds.lib.testing.matrix import CASE, Route


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _consent_data(cast, extra) -> dict:
    today = timezone.localdate()
    return {
        "to_user": cast.professional_without.pk,
        "parts": ["map"],
        "purpose": "Matrix",
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=30)).isoformat(),
        "given_how": "written",
    }


def _consent_to_withdraw(cast) -> dict:
    # A consent of its own, so that withdrawing it leaves the cast's professional untouched.
    consent = Consent.objects.create(
        citizen=cast.citizen,
        to_user=cast.professional_without,
        parts=["overview"],
        purpose="Matrix",
        given_how="verbal",
        recorded_by=cast.worker,
    )
    return {"consent": consent}


def _withdraw(cast, extra):
    return {"citizen_id": cast.citizen.pk, "consent_id": extra["consent"].pk}


ROUTES = [
    Route("access:consent_record", kwargs=_citizen, allowed=CASE),
    Route(
        "access:consent_record",
        kwargs=_citizen,
        method="POST",
        allowed=CASE,
        ok_status=302,
        data=_consent_data,
    ),
    Route("access:consent_withdraw", kwargs=_withdraw, allowed=CASE, setup=_consent_to_withdraw),
    Route(
        "access:consent_withdraw",
        kwargs=_withdraw,
        method="POST",
        allowed=CASE,
        ok_status=302,
        setup=_consent_to_withdraw,
        data=lambda cast, extra: {},
    ),
]
