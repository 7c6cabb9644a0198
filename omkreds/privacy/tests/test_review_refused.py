"""The log review's rule "many refused look-ups in a short time" (issue 15, point 11): someone
trying citizen ids is flagged once per run, with the count; a few old links are not; the
leads' page lists the rule with its threshold."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.privacy.models import LogReviewItem, ReviewReason
from omkreds.privacy.review import log_review_create
from omkreds.privacy.tests.test_review import WEDNESDAY, at, entry, review

pytestmark = pytest.mark.django_db


def refused(cast, user, count: int, *, start, step: dt.timedelta):
    return [
        entry(cast, user=user, citizen_id=uuid.uuid4(), when=start + step * i, action=log.REFUSED)
        for i in range(count)
    ]


def flagged(made) -> list[tuple[int, int]]:
    return [
        (i.entry_id, i.burst_count)
        for i in LogReviewItem.objects.filter(review=made).order_by("entry_id")
        if ReviewReason.REFUSED_LOOKUPS in i.reasons
    ]


def test_more_than_ten_refused_look_ups_in_ten_minutes_is_one_item_with_the_count(cast):
    start = at(WEDNESDAY, 10)
    second = dt.timedelta(seconds=20)
    # The worker tries 14 ids in under five minutes: flagged once, on the 11th, with 14.
    worker = refused(cast, cast.worker, 14, start=start, step=second)
    # The colleague is refused ten times: at the threshold, not over it.
    refused(cast, cast.colleague, 10, start=start, step=second)
    # The lead follows 15 old links, one every two minutes: never more than 5 in ten minutes.
    refused(cast, cast.lead, 15, start=start, step=dt.timedelta(minutes=2))
    made = review(cast)
    assert flagged(made) == [(worker[10].pk, 14)]
    # Refused look-ups showed no citizen: they are not a burst of citizens too.
    reasons = LogReviewItem.objects.filter(review=made).values_list("reasons", flat=True)
    assert not any(ReviewReason.BURST in r for r in reasons)


def test_the_same_id_tried_again_counts_each_time(cast):
    same = uuid.uuid4()
    tries = [
        entry(
            cast,
            citizen_id=same,
            when=at(WEDNESDAY, 10) + dt.timedelta(seconds=i),
            action=log.REFUSED,
        )
        for i in range(12)
    ]
    assert flagged(review(cast)) == [(tries[10].pk, 12)]


def test_refused_look_ups_through_the_pages_and_the_api_are_flagged(cast, login_as):
    client = login_as(cast.worker)
    for i in range(12):
        path = f"/citizens/{uuid.uuid4()}/" if i % 2 else f"/api/v1/citizens/{uuid.uuid4()}"
        assert client.get(path).status_code == 404
    assert AccessLogEntry.objects.filter(user=cast.worker, action=log.REFUSED).count() == 12
    today = timezone.localdate()
    made = log_review_create(
        organisation=cast.org,
        reviewer=cast.lead,
        period_from=today,
        period_to=today,
        sample_size=0,
    )
    [(_entry, count)] = flagged(made)
    assert count == 12
    page = login_as(cast.lead).get(f"/log-reviews/{made.pk}/").content.decode()
    assert "many refused look-ups in a short time" in page
    assert "12 refused look-ups within 10 minutes" in page


def test_the_leads_see_the_rule_with_its_threshold(cast, login_as, settings):
    client = login_as(cast.lead)
    body = client.get("/log-reviews/").content.decode()
    assert "Many refused look-ups in a short time: more than 10 look-ups" in body
    assert "within 10 minutes" in body
    settings.LOG_REVIEW_RULES = {"refused_lookups": 5, "refused_minutes": 3}
    body = client.get("/log-reviews/").content.decode()
    assert "more than 5 look-ups of citizens the user may not see within 3 minutes" in body
