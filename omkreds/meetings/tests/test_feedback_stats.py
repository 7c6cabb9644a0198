"""Feedback over time for a team: meetings per month or quarter with averages, no names, nothing
shown from a meeting until three people have answered about it."""

import datetime as dt

import pytest
from django.utils import timezone

from omkreds.citizens.models import Citizen
from omkreds.invitations import tokens
from omkreds.meetings import services, services_feedback, services_invitations, services_memo
from omkreds.meetings.errors import MeetingError
from omkreds.meetings.feedback_stats import MONTH, QUARTER, feedback_over_time

# A fixed past year, so that every meeting below is in the past whatever day the tests run.
YEAR = timezone.localdate().year - 1
# "Today" for the figures: the last day of the second quarter of that year.
TODAY = dt.date(YEAR, 6, 30)


def when(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour, minute))


def held(cast, starts_at, answers=(), *, citizen=None, status="held"):
    """A meeting that took place, with one feedback form per (answers, comment) pair, given
    through the participants' own links."""
    meeting = services.meeting_decide(
        citizen=citizen or cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        place="Room",
    )
    invitees = [
        services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name=f"Person {n}", phone=f"+45 {n}", channel="phone"
        )
        for n in range(len(answers))
    ]
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")
    for invitee, (given, comment) in zip(invitees, answers, strict=True):
        services_feedback.feedback_submit(
            token=tokens.make(invitee, tokens.FEEDBACK), answers=given, comment=comment
        )
    if status != "held":
        meeting.status = status
        meeting.save()
    return meeting


def team(cast):
    return Citizen.objects.filter(team=cast.team)


def by_start(result):
    return {row.starts_on: row for row in result.periods}


def test_months_with_averages_and_meetings_below_three_answers_left_out(cast):
    # May: one meeting with three answers, one with two (left out); April: one with three.
    held(
        cast,
        when(5, 12),
        [
            ({"fb.heard": "yes", "fb.safe": "no"}, "Zebra"),
            ({"fb.heard": "yes"}, ""),
            ({"fb.heard": "partly"}, "Apple"),
        ],
    )
    held(cast, when(5, 20), [({"fb.heard": "no"}, "Only two of us"), ({"fb.heard": "no"}, "")])
    held(cast, when(4, 3), [({"fb.heard": "no"}, ""), ({"fb.heard": "no"}, ""), ({}, "Hm")])
    held(cast, when(3, 9))  # held, nobody answered

    result = feedback_over_time(citizens=team(cast), period=MONTH, today=TODAY)

    rows = by_start(result)
    assert [row.starts_on for row in result.periods][:4] == [
        dt.date(YEAR, 6, 1),
        dt.date(YEAR, 5, 1),
        dt.date(YEAR, 4, 1),
        dt.date(YEAR, 3, 1),
    ]
    may = rows[dt.date(YEAR, 5, 1)]
    assert (may.meetings, may.counted_meetings, may.responses, may.withheld) == (2, 1, 3, 2)
    heard = {q.item.key: q for q in may.questions}["fb.heard"]
    # yes, yes, partly: (1 + 1 + ½) / 3.
    assert heard.answered == 3 and heard.percent == 83
    assert {q.item.key: q for q in may.questions}["fb.safe"].percent == 0
    assert {q.item.key: q for q in may.questions}["fb.involved"].average is None
    # Comments from the meeting with two answers are not shown; the rest in a fixed order.
    assert may.comments == ["Apple", "Zebra"]
    # Over every answered question: yes, yes, partly, no.
    assert may.percent == round(2.5 / 4 * 100)

    april = rows[dt.date(YEAR, 4, 1)]
    assert (april.meetings, april.responses, april.percent, april.comments) == (1, 3, 0, ["Hm"])
    march = rows[dt.date(YEAR, 3, 1)]
    assert (march.meetings, march.responses, march.questions, march.percent) == (1, 0, [], None)
    june = rows[dt.date(YEAR, 6, 1)]
    assert (june.meetings, june.responses) == (0, 0)
    assert (result.meetings, result.responses) == (4, 6)
    assert result.citizen_ids == [cast.citizen.pk]


def test_quarters_and_local_month_boundaries(cast):
    three = [({"fb.heard": "yes"}, ""), ({"fb.heard": "yes"}, ""), ({"fb.heard": "no"}, "")]
    # 00:30 on 1 April in Copenhagen is still 31 March in UTC: it belongs to April and Q2.
    april_first = when(4, 1, 0, 30)
    assert april_first.astimezone(dt.UTC).month == 3
    held(cast, april_first, three)
    held(cast, when(6, 29), three)
    held(cast, when(2, 14), [({"fb.heard": "partly"}, "")] * 3)

    quarters = by_start(feedback_over_time(citizens=team(cast), period=QUARTER, today=TODAY))
    q2, q1 = quarters[dt.date(YEAR, 4, 1)], quarters[dt.date(YEAR, 1, 1)]
    assert (q2.meetings, q2.responses, q2.percent) == (2, 6, 67)
    assert (q1.meetings, q1.responses, q1.percent) == (1, 3, 50)
    assert q2.last_day == dt.date(YEAR, 6, 30)
    months = by_start(feedback_over_time(citizens=team(cast), period=MONTH, today=TODAY))
    assert months[dt.date(YEAR, 4, 1)].meetings == 1
    assert months[dt.date(YEAR, 3, 1)].meetings == 0


def test_few_answers_spread_over_meetings_show_nothing(cast):
    # Three answers in the month, but one per meeting: none of them may be shown.
    for day in (2, 9, 16):
        held(cast, when(5, day), [({"fb.heard": "no"}, f"Secret {day}")])
    may = by_start(feedback_over_time(citizens=team(cast), today=TODAY))[dt.date(YEAR, 5, 1)]
    assert (may.meetings, may.responses, may.withheld) == (3, 0, 3)
    assert may.questions == [] and may.comments == [] and may.percent is None


def test_only_held_meetings_of_the_citizens_given_count(cast):
    three = [({"fb.heard": "yes"}, "x")] * 3
    held(cast, when(5, 2), three)
    held(cast, when(5, 3), three, status="closed")
    held(cast, when(5, 4), three, citizen=cast.other_team_citizen)
    held(cast, when(5, 5), three, citizen=cast.outsider_citizen)
    cancelled = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    services.meeting_schedule(
        meeting=cancelled, by=cast.worker, starts_at=when(5, 6), ends_at=when(5, 6, 11), place="R"
    )
    services_invitations.meeting_cancel(meeting=cancelled, by=cast.worker, reason="Ill")
    # Too old for twelve months back from TODAY.
    held(cast, timezone.make_aware(dt.datetime(YEAR - 1, 6, 1, 10)), three)

    result = feedback_over_time(citizens=team(cast), today=TODAY)
    assert len(result.periods) == 12 and result.periods[-1].starts_on == dt.date(YEAR - 1, 7, 1)
    may = by_start(result)[dt.date(YEAR, 5, 1)]
    assert (may.meetings, may.responses) == (2, 6)
    assert result.meetings == 2
    assert result.citizen_ids == [cast.citizen.pk]


def test_periods_run_back_over_the_new_year(cast):
    result = feedback_over_time(
        citizens=team(cast), period=MONTH, count=3, today=dt.date(YEAR, 1, 31)
    )
    assert [row.starts_on for row in result.periods] == [
        dt.date(YEAR, 1, 1),
        dt.date(YEAR - 1, 12, 1),
        dt.date(YEAR - 1, 11, 1),
    ]
    assert result.periods[1].last_day == dt.date(YEAR - 1, 12, 31)
    quarters = feedback_over_time(citizens=team(cast), period=QUARTER, count=2, today=TODAY)
    assert [row.starts_on for row in quarters.periods] == [
        dt.date(YEAR, 4, 1),
        dt.date(YEAR, 1, 1),
    ]


@pytest.mark.parametrize(
    ("period", "count", "field"),
    [("week", None, "period"), ("", None, "period"), (MONTH, 0, "count"), (MONTH, 61, "count")],
)
def test_bad_period_or_count_is_refused_with_a_message(cast, period, count, field):
    with pytest.raises(MeetingError) as caught:
        feedback_over_time(citizens=team(cast), period=period, count=count, today=TODAY)
    assert field in caught.value.message_dict
    assert str(caught.value)


def test_two_queries_whatever_the_number_of_meetings(cast, django_assert_num_queries):
    three = [({"fb.heard": "yes"}, "c")] * 3
    for month in range(1, 7):
        held(cast, when(month, 10), three)
        held(cast, when(month, 11), three[:1])
    with django_assert_num_queries(2):
        result = feedback_over_time(citizens=team(cast), today=TODAY)
    assert result.meetings == 12 and result.responses == 18
