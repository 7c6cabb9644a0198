import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def url(cast):
    return f"/citizens/{cast.citizen.pk}/access-log/"


def entry(cast, user, *, days_ago=0, action="view_case"):
    return AccessLogEntry.objects.create(
        at=timezone.now() - dt.timedelta(days=days_ago),
        user=user,
        user_label=user.email,
        organisation=cast.org,
        citizen_id=cast.citizen.pk,
        action=action,
    )


def test_worker_reads_the_log_and_the_reading_is_logged(cast, login_as):
    entry(cast, cast.professional, action="view_map")
    response = login_as(cast.worker).get(url(cast))
    assert response.status_code == 200
    body = response.content.decode()
    assert "pro@example.org" in body
    assert "network map viewed" in body
    assert "access log viewed" in body  # this very visit
    assert (
        AccessLogEntry.objects.filter(user=cast.worker, action=Action.VIEW_ACCESS_LOG).count() == 1
    )
    assert response.context["form"] is None  # filtering is for leads


def test_lead_filters_by_user_and_dates(cast, login_as):
    entry(cast, cast.professional, days_ago=10)
    entry(cast, cast.professional, days_ago=1)
    entry(cast, cast.worker, days_ago=1)
    client = login_as(cast.lead)
    response = client.get(url(cast), {"user": cast.professional.pk})
    assert [e.user_label for e, _ in response.context["rows"]] == ["pro@example.org"] * 2
    since = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    response = client.get(url(cast), {"user": cast.professional.pk, "date_from": since})
    assert len(response.context["rows"]) == 1
    until = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    response = client.get(url(cast), {"date_until": until})
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "yesterday"}, "Enter a valid date."),
        ({"date_from": "2025-02-01", "date_until": "2025-01-01"}, "on or after the start date"),
        ({"user": "999999"}, "Select a valid choice"),
        ({"page": "many"}, None),
    ],
)
def test_lead_bad_filters_are_explained(cast, login_as, params, message):
    response = login_as(cast.lead).get(url(cast), params)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()


def test_pagination_and_bounded_queries(cast, login_as, django_assert_max_num_queries):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=cast.worker,
            user_label="bulk@example.org",
            organisation=cast.org,
            citizen_id=cast.citizen.pk,
            action="view_case",
        )
        for _ in range(120)
    )
    client = login_as(cast.lead)
    with django_assert_max_num_queries(14):
        response = client.get(url(cast))
    assert len(response.context["rows"]) == 50
    assert "Page 1 of 3" in response.content.decode()
    response = client.get(url(cast), {"page": 3})
    assert len(response.context["rows"]) == 120 + 2 - 100


@pytest.mark.parametrize(
    "who", ["colleague", "other_lead", "professional", "coordinator", "admin", "outsider"]
)
def test_others_get_404(cast, login_as, who):
    response = login_as(getattr(cast, who)).get(url(cast))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


def test_post_is_not_allowed(cast, login_as):
    assert login_as(cast.worker).post(url(cast)).status_code == 405
