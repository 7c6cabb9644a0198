"""Authorization matrix routes for the privacy app (see omkreds/lib/testing/matrix.py): the
citizen's access log, log reviews and the data inventory. The citizen's rights pages are in
matrix_rights.py."""

import datetime as dt

from django.utils import timezone

from omkreds.lib.testing.matrix import CASE, Route


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


ROUTES = [
    Route("privacy:citizen_log", kwargs=_citizen, allowed=CASE),
]


# --- Log review and the data inventory ------------------------------------------------------

LEADS = frozenset({"lead", "other_lead"})


def _log_review(cast) -> dict:
    from omkreds.access.models import AccessLogEntry
    from omkreds.privacy.review import log_review_create

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
    Route("privacy:log_reviews", allowed=LEADS, citizen_data=False),
    Route("privacy:log_review_new", allowed=LEADS, citizen_data=False),
    Route(
        "privacy:log_review_new",
        method="POST",
        allowed=LEADS,
        ok_status=302,
        citizen_data=False,
        data=_new_review_data,
    ),
    # The review belongs to the lead's team: the other team's lead does not reach it.
    Route("privacy:log_review", kwargs=_review, setup=_log_review, allowed=frozenset({"lead"})),
    Route("privacy:log_review_csv", kwargs=_review, setup=_log_review, allowed=frozenset({"lead"})),
    Route(
        "privacy:log_review_xlsx", kwargs=_review, setup=_log_review, allowed=frozenset({"lead"})
    ),
    Route(
        "privacy:log_review_check",
        kwargs=_review_item,
        setup=_log_review,
        method="POST",
        allowed=frozenset({"lead"}),
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"note": "Checked"},
    ),
    Route("privacy:data_inventory", allowed=frozenset({"admin"}), citizen_data=False),
]
