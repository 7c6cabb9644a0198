"""The log review service: random sample, the three rules, scope, bounded queries."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import CaseRole, CaseTeamMember
from omkreds.privacy.models import LogReviewItem, ReviewReason
from omkreds.privacy.review import REVIEW, Rules, log_review_create

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2025, 6, 4)
SATURDAY = dt.date(2025, 6, 7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def entry(cast, *, user=None, citizen_id=None, when=None, action="view_case", org=None):
    user = user or cast.worker
    return AccessLogEntry.objects.create(
        at=when or at(WEDNESDAY, 10),
        user=user,
        user_label=user.email,
        organisation=org or cast.org,
        citizen_id=citizen_id or cast.citizen.pk,
        action=action,
    )


def review(cast, *, reviewer=None, sample_size=0, seed=1, days=(WEDNESDAY, SATURDAY), **kw):
    return log_review_create(
        organisation=cast.org,
        reviewer=reviewer or cast.lead,
        period_from=days[0],
        period_to=days[1],
        sample_size=sample_size,
        rng_seed=seed,
        **kw,
    )


def reasons(made) -> dict[int, list[str]]:
    return dict(made.items.values_list("entry_id", "reasons"))


def test_random_sample_is_of_the_size_asked_and_reproducible(cast):
    entries = [entry(cast, when=at(WEDNESDAY, 9, m)) for m in range(30)]
    first = review(cast, sample_size=5, seed=42)
    second = review(cast, sample_size=5, seed=42)
    other = review(cast, sample_size=5, seed=43)
    assert len(reasons(first)) == 5
    assert set(reasons(first)) == set(reasons(second))
    assert set(reasons(first)) != set(reasons(other))
    assert set(reasons(first)) <= {e.pk for e in entries}
    assert all(r == [ReviewReason.RANDOM] for r in reasons(first).values())
    assert first.rng_seed == 42
    assert first.rules["work_starts"] == 7


def test_a_sample_larger_than_the_period_takes_everything(cast):
    entries = {entry(cast).pk for _ in range(3)}
    assert set(reasons(review(cast, sample_size=50))) == entries


def test_only_the_period_the_organisation_and_the_leads_team(cast):
    inside = entry(cast)
    entry(cast, when=at(WEDNESDAY - dt.timedelta(days=1), 23, 59))  # before the period
    entry(cast, when=at(SATURDAY + dt.timedelta(days=1), 0, 0))  # after the period
    entry(cast, user=cast.outsider, org=cast.other_org)  # another organisation
    # Otto leads another team: the lead of team Nord does not review his look-ups.
    entry(cast, user=cast.other_lead, citizen_id=cast.other_team_citizen.pk)
    made = review(cast, sample_size=100)
    assert set(reasons(made)) == {inside.pk}
    assert made.team == cast.team


def test_a_lead_without_a_team_reviews_the_whole_organisation(cast):
    cast.lead.memberships.update(team=None)
    mine = entry(cast)
    others = entry(cast, user=cast.other_lead, citizen_id=cast.other_team_citizen.pk)
    made = review(cast, sample_size=100)
    assert set(reasons(made)) == {mine.pk, others.pk}
    assert made.team is None


def test_outside_caseload(cast):
    own = entry(cast, citizen_id=cast.citizen.pk)
    colleagues = entry(cast, citizen_id=cast.colleague_citizen.pk)
    listed = entry(cast, citizen_id=cast.colleague_citizen.pk, action=log.LIST)
    made = review(cast)
    found = reasons(made)
    assert found == {colleagues.pk: [ReviewReason.OUTSIDE_CASELOAD]}
    assert own.pk not in found and listed.pk not in found


def test_on_the_case_team_on_the_day_is_within_the_caseload(cast):
    # Wanda was on the colleague's case team that week; it has ended since.
    CaseTeamMember.objects.create(
        citizen=cast.colleague_citizen,
        user=cast.worker,
        role=CaseRole.WORKER,
        starts_on=WEDNESDAY - dt.timedelta(days=3),
        ends_on=WEDNESDAY,
    )
    that_day = entry(cast, citizen_id=cast.colleague_citizen.pk, when=at(WEDNESDAY, 10))
    day_after = entry(
        cast, citizen_id=cast.colleague_citizen.pk, when=at(WEDNESDAY + dt.timedelta(days=1), 10)
    )
    found = reasons(review(cast))
    assert that_day.pk not in found
    assert found[day_after.pk] == [ReviewReason.OUTSIDE_CASELOAD]


def test_a_professional_under_consent_is_within_reach(cast):
    shared = entry(cast, user=cast.professional, action="view_map")
    cast.lead.memberships.update(team=None)  # professionals have no team
    assert shared.pk not in reasons(review(cast))


def test_outside_working_hours(cast):
    early = entry(cast, when=at(WEDNESDAY, 6, 59))
    start = entry(cast, when=at(WEDNESDAY, 7, 0))
    last = entry(cast, when=at(WEDNESDAY, 17, 59))
    evening = entry(cast, when=at(WEDNESDAY, 18, 0))
    weekend = entry(cast, when=at(SATURDAY, 11))
    found = reasons(review(cast))
    assert set(found) == {early.pk, evening.pk, weekend.pk}
    assert found[weekend.pk] == [ReviewReason.OUTSIDE_HOURS]
    assert start.pk not in found and last.pk not in found


def test_working_hours_are_configurable(cast, settings):
    settings.LOG_REVIEW_RULES = {"work_starts": 8, "work_ends": 16, "work_days": [1, 2, 3, 4, 5, 6]}
    seven = entry(cast, when=at(WEDNESDAY, 7, 30))
    saturday = entry(cast, when=at(SATURDAY, 11))
    found = reasons(review(cast))
    assert seven.pk in found and saturday.pk not in found


def test_many_citizens_in_a_short_time_is_one_item_with_the_count(cast):
    start = at(WEDNESDAY, 10)
    burst = [
        entry(cast, citizen_id=uuid.uuid4(), when=start + dt.timedelta(seconds=10 * i))
        for i in range(25)
    ]
    made = review(cast)
    items = [
        i for i in LogReviewItem.objects.filter(review=made) if ReviewReason.BURST in i.reasons
    ]
    assert [(i.entry_id, i.burst_count) for i in items] == [(burst[20].pk, 25)]


def test_twenty_citizens_or_a_slower_pace_is_no_burst(cast):
    start = at(WEDNESDAY, 10)
    for i in range(20):
        entry(cast, citizen_id=uuid.uuid4(), when=start + dt.timedelta(seconds=i))
    for i in range(30):
        entry(cast, citizen_id=uuid.uuid4(), when=at(WEDNESDAY, 13) + dt.timedelta(minutes=i))
    # The same citizen again and again is not many citizens.
    for i in range(30):
        entry(cast, when=at(WEDNESDAY, 15) + dt.timedelta(seconds=i))
    made = review(cast)
    assert not any(ReviewReason.BURST in r for r in reasons(made).values())


def test_lists_search_and_reviews_are_left_out_of_bursts(cast):
    for action in (log.LIST, log.SEARCH, REVIEW):
        for i in range(25):
            entry(cast, citizen_id=uuid.uuid4(), when=at(WEDNESDAY, 10), action=action)
    assert not reasons(review(cast))


def test_rules_are_capped_per_rule(cast):
    for i in range(10):
        entry(cast, when=at(SATURDAY, 10, i))
    made = review(cast, rules=Rules(per_rule_limit=4))
    assert len(reasons(made)) == 4


def test_bad_arguments_are_refused(cast):
    with pytest.raises(ValueError):
        review(cast, days=(SATURDAY, WEDNESDAY))
    with pytest.raises(ValueError):
        review(cast, sample_size=10_000)


@pytest.mark.parametrize("count", [10, 200])
def test_queries_do_not_grow_with_the_entries(cast, count, django_assert_max_num_queries):
    for i in range(count):
        entry(
            cast,
            citizen_id=uuid.uuid4() if i % 2 else cast.citizen.pk,
            when=at(SATURDAY, 9) + dt.timedelta(seconds=i),
        )
    with django_assert_max_num_queries(16):
        review(cast, sample_size=20)
