"""Participants' feedback over time for a team (seed 002, the annex "respons från
nätverksmötet"): the meetings held per month or quarter and the average answer per question.

No names: a period shows counts, averages and (when enough people answered) the comments.
A meeting's answers count only once that meeting has `MIN_FEEDBACK` answers, the same rule as
its own results page: otherwise the period's figures minus the figures of the meetings shown
in full would give away what one or two people answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.meetings import guide
from omkreds.meetings.errors import MeetingError
from omkreds.meetings.models import FeedbackResponse, Meeting, MeetingStatus
from omkreds.meetings.services_feedback import MIN_FEEDBACK

MONTH = "month"
QUARTER = "quarter"
PERIODS = {MONTH: _("per month"), QUARTER: _("per quarter")}
# How many periods are shown, ending with the current one.
DEFAULT_COUNT = {MONTH: 12, QUARTER: 8}
MAX_COUNT = 60
# An answer as a number: the average is the share of "yes", with "partly" counting half.
SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}
# Meetings whose memo is written: the meeting took place.
HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)

__all__ = [
    "MONTH",
    "PERIODS",
    "QUARTER",
    "FeedbackOverTime",
    "PeriodFeedback",
    "QuestionAverage",
    "feedback_over_time",
    "period_start",
]


@dataclass(frozen=True)
class QuestionAverage:
    item: guide.GuideItem
    answered: int
    # 0 (everyone said no) to 1 (everyone said yes); None when nobody answered.
    average: float | None

    @property
    def percent(self) -> int | None:
        return None if self.average is None else round(self.average * 100)


@dataclass
class PeriodFeedback:
    period: str
    starts_on: dt.date
    # The first day after the period.
    ends_before: dt.date
    # Meetings held in the period, and those of them whose answers count.
    meetings: int = 0
    counted_meetings: int = 0
    # Answers counted, and answers left out (from meetings with fewer than MIN_FEEDBACK).
    responses: int = 0
    withheld: int = 0
    questions: list[QuestionAverage] = field(default_factory=list)
    average: float | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return None if self.average is None else round(self.average * 100)

    @property
    def last_day(self) -> dt.date:
        return self.ends_before - dt.timedelta(days=1)


@dataclass
class FeedbackOverTime:
    period: str
    # Newest first.
    periods: list[PeriodFeedback]
    # The citizens whose meetings are in the figures (for the access log).
    citizen_ids: list

    @property
    def meetings(self) -> int:
        return sum(p.meetings for p in self.periods)

    @property
    def responses(self) -> int:
        return sum(p.responses for p in self.periods)


def period_start(day: dt.date, period: str) -> dt.date:
    if period == QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def _next_start(start: dt.date, period: str) -> dt.date:
    months = 3 if period == QUARTER else 1
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def _previous_start(start: dt.date, period: str) -> dt.date:
    months = 3 if period == QUARTER else 1
    month = start.month - 1 - months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _averages(answer_sets: list[dict]) -> tuple[list[QuestionAverage], float | None]:
    questions = []
    total = count = 0.0
    for item in guide.FEEDBACK.items:
        scores = [SCORE[a[item.key]] for a in answer_sets if a.get(item.key) in SCORE]
        average = sum(scores) / len(scores) if scores else None
        questions.append(QuestionAverage(item=item, answered=len(scores), average=average))
        total += sum(scores)
        count += len(scores)
    return questions, (total / count if count else None)


def feedback_over_time(
    *,
    citizens: QuerySet,
    period: str = MONTH,
    count: int | None = None,
    today: dt.date | None = None,
) -> FeedbackOverTime:
    """The feedback on the meetings of `citizens` (a Citizen queryset: the team in reach), in
    `count` periods of a month or a quarter ending with the one holding `today`.

    Two queries whatever the number of meetings and answers.
    """
    if period not in PERIODS:
        raise MeetingError(_("Choose per month or per quarter."), field="period")
    count = DEFAULT_COUNT[period] if count is None else count
    if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise MeetingError(
            _("Show between 1 and %(limit)d periods."), field="count", params={"limit": MAX_COUNT}
        )
    today = today or timezone.localdate()
    starts = [period_start(today, period)]
    while len(starts) < count:
        starts.append(_previous_start(starts[-1], period))
    periods = {
        start: PeriodFeedback(
            period=period, starts_on=start, ends_before=_next_start(start, period)
        )
        for start in starts
    }
    meetings = Meeting.objects.filter(
        citizen__in=citizens,
        status__in=HELD,
        starts_at__gte=_midnight(starts[-1]),
        starts_at__lt=_midnight(periods[starts[0]].ends_before),
    )
    answers: dict = {}
    for meeting_id, given, comment in FeedbackResponse.objects.filter(
        meeting__in=meetings.values("pk")
    ).values_list("meeting_id", "answers", "comment"):
        answers.setdefault(meeting_id, []).append((given, comment))

    counted: dict[dt.date, list[tuple[dict, str]]] = {start: [] for start in starts}
    citizen_ids = set()
    for meeting_id, citizen_id, starts_at in meetings.values_list("pk", "citizen_id", "starts_at"):
        start = period_start(timezone.localtime(starts_at).date(), period)
        row = periods[start]
        row.meetings += 1
        citizen_ids.add(citizen_id)
        given = answers.get(meeting_id, [])
        if len(given) >= MIN_FEEDBACK:
            row.counted_meetings += 1
            counted[start].extend(given)
        else:
            row.withheld += len(given)

    for start, rows in counted.items():
        row = periods[start]
        row.responses = len(rows)
        if row.responses < MIN_FEEDBACK:
            continue
        row.questions, row.average = _averages([given for given, _comment in rows])
        # A stable order that is not the order of answering.
        row.comments = sorted(comment for _given, comment in rows if comment)
    return FeedbackOverTime(
        period=period,
        periods=[periods[start] for start in starts],
        citizen_ids=sorted(citizen_ids, key=str),
    )
