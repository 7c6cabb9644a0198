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
    Route("access:citizen_log", kwargs=_citizen, allowed=CASE),
]


# --- Log review and the data inventory ------------------------------------------------------

LEADS = frozenset({"lead", "other_lead"})


def _log_review(cast) -> dict:
    from omkreds.access.models import AccessLogEntry
    from omkreds.access.review import log_review_create

    today = timezone.localdate()
    AccessLogEntry.objects.create(
        user=cast.worker,
        user_label=cast.worker.email,
        organisation=cast.org,
        citizen_id=cast.citizen.pk,
        action="view_case",
    )
    review = log_review_create(
        organisation=cast.org,
        reviewer=cast.lead,
        period_from=today - dt.timedelta(days=1),
        period_to=today,
        sample_size=5,
        rng_seed=1,
    )
    return {"review": review, "item": review.items.get()}


def _review(cast, extra):
    return {"review_id": extra["review"].pk}


def _review_item(cast, extra):
    return {"review_id": extra["review"].pk, "item_id": extra["item"].pk}


def _new_review_data(cast, extra) -> dict:
    today = timezone.localdate()
    return {
        "period_from": (today - dt.timedelta(days=7)).isoformat(),
        "period_to": today.isoformat(),
        "sample_size": "5",
    }


ROUTES += [
    Route("access:log_reviews", allowed=LEADS, citizen_data=False),
    Route("access:log_review_new", allowed=LEADS, citizen_data=False),
    Route(
        "access:log_review_new",
        method="POST",
        allowed=LEADS,
        ok_status=302,
        citizen_data=False,
        data=_new_review_data,
    ),
    # The review belongs to the lead's team: the other team's lead does not reach it.
    Route("access:log_review", kwargs=_review, setup=_log_review, allowed=frozenset({"lead"})),
    Route("access:log_review_csv", kwargs=_review, setup=_log_review, allowed=frozenset({"lead"})),
    Route(
        "access:log_review_check",
        kwargs=_review_item,
        setup=_log_review,
        method="POST",
        allowed=frozenset({"lead"}),
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"note": "Checked"},
    ),
    Route("access:data_inventory", allowed=frozenset({"admin"}), citizen_data=False),
]
