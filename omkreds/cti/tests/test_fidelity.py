"""Fidelity reviews (Bilag 4): answers, score, trend, and suggestions from the data."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from omkreds.accounts.models import Team
from omkreds.citizens.models import Citizen
from omkreds.cti import checklists, errors, fidelity, services
from omkreds.cti.models import FidelityAnswer, FidelityReview

KEYS = [i.key for i in checklists.FIDELITY.items]


def review(cast, today, answers, on=None, team="default"):
    return fidelity.fidelity_review_save(
        organisation=cast.org,
        team=cast.team if team == "default" else team,
        reviewed_on=on or today,
        lead=cast.lead,
        answers=answers,
    )


def test_score_is_the_share_of_all_items_answered_yes(cast, today):
    answers = dict.fromkeys(KEYS[:20], "yes") | dict.fromkeys(KEYS[20:25], "no")
    answers[KEYS[25]] = ("dont_know", "Ask the housing office")
    saved = review(cast, today, answers)
    score = fidelity.fidelity_score(saved)
    assert (score.yes, score.no, score.dont_know, score.unanswered, score.total) == (
        20,
        5,
        1,
        5,
        31,
    )
    assert score.share == pytest.approx(20 / 31)
    assert score.percent == 65
    assert (
        FidelityAnswer.objects.get(review=saved, item_key=KEYS[25]).note == "Ask the housing office"
    )
    with translation.override("da"):
        assert str(saved.answers.get(item_key="fidelity.10").item) == (
            "Der er maksimalt 10 borgere tilknyttet én CTI-medarbejder"
        )


def test_trend_across_reviews_oldest_first(cast, django_assert_max_num_queries, today, days_ago):
    review(cast, today, dict.fromkeys(KEYS[:10], "yes"), on=days_ago(200))
    review(cast, today, dict.fromkeys(KEYS[:31], "yes"), on=days_ago(10))
    review(cast, today, dict.fromkeys(KEYS[:20], "yes"), on=days_ago(100))
    review(cast, today, dict.fromkeys(KEYS, "yes"), on=days_ago(50), team=cast.other_team)
    with django_assert_max_num_queries(1):
        trend = fidelity.fidelity_trend(organisation=cast.org, team=cast.team)
    assert [(r.reviewed_on, s.yes) for r, s in trend] == [
        (days_ago(200), 10),
        (days_ago(100), 20),
        (days_ago(10), 31),
    ]
    assert fidelity.fidelity_trend(organisation=cast.other_org) == []


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ({"p1.housing.01": "yes"}, errors.UnknownItem),
        ({"fidelity.32": "yes"}, errors.UnknownItem),
        ({"fidelity.01": "irrelevant"}, errors.InvalidAnswer),
        ({"fidelity.01": ""}, errors.InvalidAnswer),
    ],
)
def test_bad_fidelity_answers_are_refused(cast, answers, error, today):
    with pytest.raises(error):
        review(cast, today, answers)
    assert not FidelityReview.objects.exists()


def test_review_date_and_team_are_checked(cast, today):
    with pytest.raises(errors.DateInFuture):
        review(cast, today, {}, on=today + dt.timedelta(days=1))
    foreign = Team.objects.create(organisation=cast.other_org, name="Elsewhere")
    with pytest.raises(errors.WrongOrganisation):
        review(cast, today, {}, team=foreign)
    assert not FidelityReview.objects.exists()


def test_one_answer_per_item_in_a_review(cast, today):
    saved = review(cast, today, {"fidelity.01": "yes"})
    with pytest.raises(IntegrityError), transaction.atomic():
        FidelityAnswer.objects.create(review=saved, item_key="fidelity.01", answer="no")


# ---------------------------------------------------------------------------- suggestions


def test_no_courses_means_dont_know(cast):
    suggestions = fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)
    assert set(suggestions) == {
        "fidelity.10",
        "fidelity.12",
        "fidelity.15",
        "fidelity.17",
        "fidelity.29",
        "fidelity.30",
    }
    assert {s.answer for s in suggestions.values()} == {"dont_know"}
    assert set(suggestions) <= set(KEYS)


def start(cast, citizen, started_on, worker=None, reason=None):
    return services.course_start(
        citizen=citizen,
        worker=worker or cast.worker,
        started_on=started_on,
        by=cast.lead,
        cap_override_reason=reason,
    )


def test_suggestions_when_the_team_keeps_to_the_model(
    cast, django_assert_max_num_queries, days_ago
):
    course = start(cast, cast.citizen, days_ago(100))
    services.phase_shift(course=course, to_phase=1, on=course.phase1_planned_on, by=cast.worker)
    services.checklist_answer(
        course=course, item_key="p1.coherence.03", answer="yes", by=cast.worker
    )
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    services.plan_dimension_save(plan=plan, dimension="housing", by=cast.worker)
    start(
        cast, cast.colleague_citizen, days_ago(5), worker=cast.colleague
    )  # still in contact period
    with django_assert_max_num_queries(4), translation.override("en"):
        suggestions = fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)
    assert {k: s.answer for k, s in suggestions.items()} == {
        "fidelity.10": "yes",
        "fidelity.12": "yes",
        "fidelity.15": "yes",
        "fidelity.17": "yes",
        # No course has been completed yet.
        "fidelity.29": "dont_know",
        "fidelity.30": "dont_know",
    }
    assert (
        suggestions["fidelity.10"].reason == "Every worker holds 10 courses or fewer (highest: 1)."
    )
    assert suggestions["fidelity.17"].reason == (
        "1 of 1 courses past the contact period have a CTI plan."
    )


def test_suggestions_when_the_team_strays(cast, days_ago):
    cast.org.cti_caseload_cap = 1
    cast.org.save()
    late = start(cast, cast.citizen, days_ago(200))
    services.phase_shift(
        course=late, to_phase=1, on=late.phase1_planned_on + dt.timedelta(days=30), by=cast.worker
    )
    extra = Citizen.objects.create(organisation=cast.org, team=cast.team, name="Extra")
    start(cast, extra, days_ago(10), reason="Emergency")
    with translation.override("en"):
        suggestions = fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)
    assert suggestions["fidelity.10"].answer == "no"
    assert suggestions["fidelity.10"].reason == ("1 worker holds more than 1 courses (highest: 2).")
    assert suggestions["fidelity.12"].answer == "no"
    assert suggestions["fidelity.15"].answer == "no"
    assert suggestions["fidelity.17"].answer == "no"


def test_overdue_shift_counts_as_late_and_other_teams_do_not_count(cast, days_ago):
    # A course still in its contact period long after phase 1 was due.
    start(cast, cast.other_team_citizen, days_ago(120), worker=cast.colleague)
    assert (
        fidelity.fidelity_suggestions(organisation=cast.org, team=cast.other_team)[
            "fidelity.12"
        ].answer
        == "no"
    )
    assert (
        fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)["fidelity.12"].answer
        == "dont_know"
    )
    assert fidelity.fidelity_suggestions(organisation=cast.org)["fidelity.12"].answer == "no"


def complete(cast, today, citizen, *, handover: str | None, meeting: str | None):
    course = start(cast, citizen, today - dt.timedelta(days=300))
    for phase in (1, 2, 3):
        services.phase_shift(
            course=course,
            to_phase=phase,
            on=getattr(course, f"phase{phase}_planned_on"),
            by=cast.worker,
        )
    for key, answer in (("p3.ending.05", handover), ("p3.ending.06", meeting)):
        if answer:
            services.checklist_answer(course=course, item_key=key, answer=answer, by=cast.worker)
    services.course_end(course=course, on=today, reason="completed", by=cast.worker)
    return course


def test_handover_plan_and_closing_meeting_are_suggested_from_completed_courses(cast, today):
    complete(cast, today, cast.citizen, handover="yes", meeting="yes")
    with translation.override("en"):
        suggestions = fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)
    assert suggestions["fidelity.29"].answer == "yes"
    assert suggestions["fidelity.29"].reason == (
        "1 of 1 courses completed as planned record a handover plan."
    )
    assert suggestions["fidelity.30"].answer == "yes"
    assert suggestions["fidelity.30"].reason == (
        "1 of 1 courses completed as planned record a closing meeting with the support network."
    )


def test_a_completed_course_without_a_closing_meeting_suggests_no(cast, today, days_ago):
    complete(cast, today, cast.citizen, handover="yes", meeting="no")
    other = Citizen.objects.create(organisation=cast.org, team=cast.team, name="Ended early")
    early = start(cast, other, days_ago(30))
    services.course_end(course=early, on=today, reason="moved", by=cast.worker)
    with translation.override("en"):
        suggestions = fidelity.fidelity_suggestions(organisation=cast.org, team=cast.team)
    # The course that ended early (moved away) is not judged.
    assert suggestions["fidelity.29"].answer == "yes"
    assert suggestions["fidelity.30"].answer == "no"
    assert suggestions["fidelity.30"].reason.startswith("0 of 1 courses")
