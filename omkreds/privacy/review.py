"""Log review: a lead's routine sample check of the access log.

A review covers the look-ups of one period by the users within the lead's reach (their team, or
the whole organisation for a lead without a team). It picks
- a random sample of the period's access-log entries (reproducible from the stored seed), and
- entries that a rule flags:
  outside caseload  the user looked up a citizen who is not within their reach *now*
                    (`policy.citizens_in_reach` or a consent in force) and whose case team they
                    were not on *on the day* of the look-up. Reach at review time is an
                    approximation: primary worker and team changes are not kept as history, so a
                    worker who has since been moved to another team is flagged for their old
                    citizens, and one who has just been given a citizen is not flagged for
                    looking them up before. The reviewer decides.
  outside hours     the look-up was outside working hours in the site's time zone (default
                    07:00–18:00 Monday to Friday; public holidays are not known).
  burst             one user opened more than N distinct citizens within M minutes (default
                    more than 20 in 10 minutes). One item per burst, with the count.
  refused look-ups  one user was refused more than N look-ups of citizen ids within M minutes
                    (default more than 10 in 10 minutes): someone trying ids, or following old
                    links to many citizens no longer theirs. One item per run, with the count.
                    A refused look-up showed no citizen, so it counts here and not as a burst.
Entries written for lists, search results and log reviews show many citizens at once by design;
they are left out of the caseload and burst rules (they can still be drawn at random).

Each rule is a fixed number of SQL queries, whatever the period holds (`review_rules`: keyed
sampling, one query for the caseload rule, a window function for bursts and refused look-ups).

The reviewer works through the items and records, per item, that it was checked and a note.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.accounts.memberships import memberships
from omkreds.accounts.models import Membership, Organisation, Role, User
from omkreds.privacy import review_rules
from omkreds.privacy.models import LogReview, LogReviewItem, ReviewReason

# The access-log action for citizens shown on a log review page or in its report.
REVIEW = "log_review"
# Actions that show many citizens at once by design.
LIST_ACTIONS = (log.LIST, log.SEARCH, REVIEW)

MAX_SAMPLE_SIZE = 500
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Rules:
    work_starts: int = 7  # hour, local time
    work_ends: int = 18  # hour, local time; look-ups from this hour on are outside
    work_days: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays, Monday = 1
    burst_citizens: int = 20  # more than this many distinct citizens …
    burst_minutes: int = 10  # … within this many minutes
    refused_lookups: int = 10  # more than this many refused look-ups of citizen ids …
    refused_minutes: int = 10  # … within this many minutes
    per_rule_limit: int = 200  # items per rule, so that a review stays workable

    @classmethod
    def configured(cls) -> Rules:
        """The defaults, overridden by the LOG_REVIEW_RULES setting (a dict) if there is one."""
        overrides = dict(getattr(settings, "LOG_REVIEW_RULES", {}) or {})
        if "work_days" in overrides:
            overrides["work_days"] = tuple(overrides["work_days"])
        return cls(**overrides)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reviewer_team_id(reviewer: User, organisation: Organisation) -> int | None:
    """The team a lead's reviews cover (None: the whole organisation)."""
    for membership in memberships(reviewer):
        if membership.organisation_id == organisation.pk and membership.role == Role.LEAD:
            return membership.team_id
    return None


def entries_under_review(
    *, organisation: Organisation, team_id: int | None, period_from: dt.date, period_to: dt.date
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.filter(
        organisation=organisation,
        at__gte=_start_of(period_from),
        at__lt=_start_of(period_to + dt.timedelta(days=1)),
    )
    if team_id is not None:
        team_users = Membership.objects.filter(organisation=organisation, team_id=team_id)
        entries = entries.filter(user_id__in=team_users.values("user_id"))
    return entries


def _outside_hours(entries: QuerySet, rules: Rules) -> list[int]:
    tz = timezone.get_current_timezone()
    inside = Q(
        local_hour__gte=rules.work_starts,
        local_hour__lt=rules.work_ends,
        local_weekday__in=rules.work_days,
    )
    return list(
        entries.annotate(
            local_hour=ExtractHour("at", tzinfo=tz),
            local_weekday=ExtractIsoWeekDay("at", tzinfo=tz),
        )
        .exclude(inside)
        .order_by("at", "pk")
        .values_list("pk", flat=True)[: rules.per_rule_limit]
    )


def _outside_caseload(entries: QuerySet, rules: Rules) -> list[int]:
    candidates = entries.exclude(action__in=(*LIST_ACTIONS, log.CREATE_CASE))
    return review_rules.outside_caseload(candidates, rules.per_rule_limit)


def _bursts(entries: QuerySet, rules: Rules) -> dict[int, int]:
    """Entry id → distinct citizens in the window, one entry per burst (the one that tipped it)."""
    return review_rules.runs(
        entries.exclude(action__in=(*LIST_ACTIONS, log.REFUSED)),
        more_than=rules.burst_citizens,
        minutes=rules.burst_minutes,
        limit=rules.per_rule_limit,
    )


def _refused_lookups(entries: QuerySet, rules: Rules) -> dict[int, int]:
    """Entry id → refused look-ups in the window (each counts, the same id tried twice too),
    one entry per run."""
    return review_rules.runs(
        entries.filter(action=log.REFUSED),
        more_than=rules.refused_lookups,
        minutes=rules.refused_minutes,
        limit=rules.per_rule_limit,
        distinct=False,
    )


@transaction.atomic
def log_review_create(
    *,
    organisation: Organisation,
    reviewer: User,
    period_from: dt.date,
    period_to: dt.date,
    sample_size: int,
    rng_seed: int | None = None,
    rules: Rules | None = None,
) -> LogReview:
    if period_to < period_from:
        raise ValueError("period_to is before period_from")
    if not 0 <= sample_size <= MAX_SAMPLE_SIZE:
        raise ValueError("sample_size out of range")
    rules = rules or Rules.configured()
    if connection.vendor == "postgresql":
        # The rules' hash aggregates and window sorts over a year of a region's log.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
    seed = rng_seed if rng_seed is not None else secrets.randbits(62)
    team_id = reviewer_team_id(reviewer, organisation)
    review = LogReview.objects.create(
        organisation=organisation,
        team_id=team_id,
        reviewer=reviewer,
        period_from=period_from,
        period_to=period_to,
        sample_size=sample_size,
        rules={**asdict(rules), "work_days": list(rules.work_days)},
        rng_seed=seed,
    )
    entries = entries_under_review(
        organisation=organisation, team_id=team_id, period_from=period_from, period_to=period_to
    )
    reasons: dict[int, list[str]] = {}
    # The seed comes from `secrets` and is stored with the review, so the sample can be redrawn
    # (keyed sampling: the same seed picks the same entries).
    for pk in review_rules.random_sample(entries, sample_size, seed):
        reasons.setdefault(pk, []).append(ReviewReason.RANDOM)
    for pk in _outside_caseload(entries, rules):
        reasons.setdefault(pk, []).append(ReviewReason.OUTSIDE_CASELOAD)
    for pk in _outside_hours(entries, rules):
        reasons.setdefault(pk, []).append(ReviewReason.OUTSIDE_HOURS)
    bursts = _bursts(entries, rules)
    for pk in bursts:
        reasons.setdefault(pk, []).append(ReviewReason.BURST)
    refused = _refused_lookups(entries, rules)
    for pk in refused:
        reasons.setdefault(pk, []).append(ReviewReason.REFUSED_LOOKUPS)
    LogReviewItem.objects.bulk_create(
        LogReviewItem(
            review=review,
            entry_id=pk,
            reasons=[str(r) for r in found],
            # A refused look-up is never in a burst: one count per item.
            burst_count=bursts.get(pk) or refused.get(pk),
        )
        for pk, found in sorted(reasons.items())
    )
    return review


def log_review_item_check(*, item: LogReviewItem, by: User, note: str) -> LogReviewItem:
    """Record that the reviewer checked the item. Checking again updates the note."""
    item.checked_at = timezone.now()
    item.checked_by = by
    item.note = note
    item.save(update_fields=["checked_at", "checked_by", "note"])
    return item
