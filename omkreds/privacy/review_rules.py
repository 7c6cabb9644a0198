"""The log review's rules as SQL: a fixed number of queries, whatever the period holds.

- random sample  keyed sampling: every entry gets a key computed from its id and the review's
                 seed; the `size` smallest keys are the sample (same seed, same sample).
- outside caseload  one query: for each entry, is its citizen within the user's reach now (the
                 same conditions as `policy.citizens_in_reach` and `policy.consents_for`,
                 written against the entry's user), or was the user on the case team that day?
- bursts and refused look-ups  a window function counts each user's entries in the preceding
                 M minutes (an upper bound of the distinct citizens); only where it exceeds N
                 is the exact count of distinct citizens taken, by a correlated subquery on
                 (user_id, at). The runs are then formed from those few rows.

Each works on SQLite as well as on PostgreSQL (the window frame is over milliseconds since the
epoch, a number on both).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import ValueRange
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from omkreds.access.models import Consent
from omkreds.accounts.models import Membership, Role
from omkreds.citizens.models import CaseTeamMember, Citizen

# Keyed sampling: key = ((((id + a) mod P) * b) mod P)² mod P, shifted and mixed once more.
# Every product stays below 2⁶², so it is exact in SQLite's and PostgreSQL's 64-bit integers.
_P = 2_147_483_647  # 2³¹ − 1, a prime


class EpochMs(Func):
    """Milliseconds since 1970 of a timestamp, as an integer (a window frame's number)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # date_part gives a double, much faster than EXTRACT's numeric.
            template="(date_part('epoch', %(expressions)s) * 1000)::bigint",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000.0) AS INTEGER)",
            **extra,
        )


class _Preceding(ValueRange):
    """RANGE BETWEEN n PRECEDING AND CURRENT ROW on a number: both databases support it,
    though Django's PostgreSQL backend still refuses offsets other than UNBOUNDED."""

    def window_frame_start_end(self, connection, start, end):
        return f"{int(-start)} PRECEDING", "CURRENT ROW"


def _sample_key(seed: int):
    digest = hashlib.sha256(str(seed).encode()).digest()
    a, b, c, d = (int.from_bytes(digest[i : i + 8], "big") % (_P - 1) + 1 for i in (0, 8, 16, 24))
    first = ((F("pk") + Value(a)) % _P * Value(b)) % _P
    squared = (first * first) % _P
    return ((squared + Value(c)) % _P * Value(d)) % _P


def random_sample(entries: QuerySet, size: int, seed: int) -> list[int]:
    """`size` entries drawn by their keyed hash: one query, reproducible from the seed."""
    if size <= 0:
        return []
    return list(
        entries.annotate(sample_key=_sample_key(seed))
        .order_by("sample_key", "pk")
        .values_list("pk", flat=True)[:size]
    )


def _in_reach_now() -> Exists:
    """The entry's citizen is in its user's reach today (`policy.citizens_in_reach`)."""
    today = timezone.localdate()
    on_case_team_now = CaseTeamMember.objects.current(today).filter(
        citizen_id=OuterRef(OuterRef("pk")), user_id=OuterRef("user_id")
    )
    membership = Membership.objects.active().filter(
        user_id=OuterRef(OuterRef("user_id")), organisation_id=OuterRef("organisation_id")
    )
    worker = Q(role=Role.WORKER) & (
        Q(user_id=OuterRef("primary_worker_id")) | Exists(on_case_team_now)
    )
    lead = Q(role=Role.LEAD) & (Q(team__isnull=True) | Q(team_id=OuterRef("team_id")))
    citizen = Citizen.objects.filter(pk=OuterRef("citizen_id")).filter(
        Exists(membership.filter(worker | lead))
    )
    return Exists(citizen)


def _shared_now() -> Exists:
    """A consent in force names the entry's user, or an organisation they are a professional
    in (`policy.consents_for`)."""
    professional = Membership.objects.active().filter(
        user_id=OuterRef(OuterRef("user_id")), role=Role.PROFESSIONAL
    )
    consents = (
        Consent.objects.in_force()
        .filter(citizen_id=OuterRef("citizen_id"))
        .filter(
            Q(to_user_id=OuterRef("user_id"))
            | Q(to_organisation_id__in=professional.values("organisation_id"))
        )
        .filter(Exists(professional))
    )
    return Exists(consents)


def outside_caseload(candidates: QuerySet, limit: int) -> list[int]:
    """Entries of citizens neither in reach now nor on the user's case team that day."""
    on_case_team_that_day = CaseTeamMember.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        user_id=OuterRef("user_id"),
        starts_on__lte=OuterRef("local_day"),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("local_day")))
    return list(
        candidates.filter(user__isnull=False)
        .annotate(local_day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .exclude(_in_reach_now())
        .exclude(_shared_now())
        .exclude(Exists(on_case_team_that_day))
        .order_by("at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def runs(
    entries: QuerySet, *, more_than: int, minutes: int, limit: int, distinct: bool = True
) -> dict[int, int]:
    """Entry id → how many (distinct citizens, or entries) one user had within `minutes`, for
    each run of more than `more_than`: one entry per run, the one that tipped it."""
    window = dt.timedelta(minutes=minutes)
    window_ms = int(window.total_seconds() * 1000)
    entries = entries.filter(user__isnull=False).order_by()
    around = _around_heavy_buckets(entries, more_than=more_than, window_ms=window_ms)
    if around is None:
        return {}
    # Every entry in (at − window, at] of the same user: at least the distinct citizens.
    counted = (
        entries.filter(around)
        .annotate(
            ms=EpochMs("at"),
            in_window=Window(
                Count("pk"),
                partition_by=[F("user_id")],
                order_by=[F("ms").asc()],
                frame=_Preceding(start=-(window_ms - 1), end=0),
            ),
        )
        .filter(in_window__gt=more_than)
    )
    rows = counted.values_list("pk", "user_id", "at", "in_window")
    if distinct:
        citizens = (
            entries.filter(
                user_id=OuterRef("user_id"),
                at__gt=OuterRef("at") - window,
                at__lte=OuterRef("at"),
            )
            .order_by()
            .values("user_id")
            .annotate(n=Count("citizen_id", distinct=True))
            .values("n")
        )
        rows = (
            entries.filter(pk__in=[pk for pk, *_rest in rows])
            .annotate(in_window=Coalesce(Subquery(citizens), 0))
            .filter(in_window__gt=more_than)
            .values_list("pk", "user_id", "at", "in_window")
        )
    return _form_runs(sorted(rows, key=lambda r: (r[1], r[2], r[0])), window, limit)


# Past this many heavy buckets the window runs over the whole period instead.
MAX_HEAVY_BUCKETS = 300


def _around_heavy_buckets(entries: QuerySet, *, more_than: int, window_ms: int) -> Q | None:
    """Where a run can be, from a cheap first pass (a hash aggregate, no sort): each user's
    entries counted per bucket of the window's length. A window lies within two adjacent
    buckets, so where it holds more than N entries one of them holds more than N/2; a run's
    entries are in such a bucket or the next, and their windows reach back one bucket more.
    None: nowhere; Q(): anywhere (too many heavy buckets to name)."""
    bucket = Func(
        EpochMs("at"),
        Value(window_ms),
        arg_joiner=" / ",
        function="",
        output_field=BigIntegerField(),
    )
    heavy = list(
        entries.annotate(bucket=bucket)
        .values("user_id", "bucket")
        .annotate(n=Count("pk"))
        .filter(n__gt=more_than // 2)
        .values_list("user_id", "bucket")
    )
    if not heavy:
        return None
    if len(heavy) > MAX_HEAVY_BUCKETS:
        return Q()
    around = Q()
    for user_id, number in heavy:
        around |= Q(
            user_id=user_id,
            at__gte=_from_ms((number - 1) * window_ms),
            at__lt=_from_ms((number + 2) * window_ms),
        )
    return around


def _from_ms(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _form_runs(rows, window: dt.timedelta, limit: int) -> dict[int, int]:
    """From (pk, user, at, count) over the threshold, ordered by user and time: the first entry
    of each run, with the largest count seen before the run's window closes."""
    found: dict[int, int] = {}
    current_user = burst_pk = burst_until = None
    for pk, user_id, at, count in rows:
        if user_id != current_user:
            current_user, burst_pk, burst_until = user_id, None, None
        if burst_pk is not None and at < burst_until:
            found[burst_pk] = max(found[burst_pk], count)
        elif len(found) < limit:
            burst_pk, burst_until = pk, at + window
            found[pk] = count
    return found
