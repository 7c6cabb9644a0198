"""Checklist answers and their history, phase status, and the CTI plan (Bilag 1–3, 6)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from omkreds.cti import checklists, errors, services
from omkreds.cti.models import ChecklistAnswer, CtiPlan, current_answers


@pytest.fixture
def course(cast, today):
    return services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=120),
        by=cast.worker,
    )


# ------------------------------------------------------------------------------ answers


def test_answer_records_who_when_and_note(cast, course):
    answer = services.checklist_answer(
        course=course,
        item_key="p1.housing.02",
        answer="no",
        note="  Waiting list  ",
        by=cast.worker,
    )
    answer.refresh_from_db()
    assert (answer.answer, answer.note, answer.answered_by) == ("no", "Waiting list", cast.worker)
    assert abs((timezone.now() - answer.answered_at).total_seconds()) < 60
    with translation.override("da"):
        assert answer.item.get_text() == "Der er etableret en boligløsning for borgeren"


def test_history_is_kept_and_the_latest_answer_counts(cast, course):
    services.checklist_answer(course=course, item_key="p1.housing.02", answer="no", by=cast.worker)
    services.checklist_answer(course=course, item_key="p1.housing.02", answer="yes", by=cast.lead)
    assert ChecklistAnswer.objects.filter(course=course).count() == 2
    current = current_answers(course)
    assert current["p1.housing.02"].answer == "yes"
    assert current["p1.housing.02"].answered_by == cast.lead
    history = course.answers.history("p1.housing.02")
    assert [a.answer for a in history] == ["yes", "no"]


@pytest.mark.parametrize(
    "key", ["p4.housing.01", "fidelity.01", "", "p1.housing.99", "P1.HOUSING.01"]
)
def test_unknown_item_is_refused(cast, course, key):
    with pytest.raises(errors.UnknownItem) as caught:
        services.checklist_answer(course=course, item_key=key, answer="yes", by=cast.worker)
    assert caught.value.message_dict == {"item_key": ["There is no such checklist item."]}
    assert not ChecklistAnswer.objects.exists()


@pytest.mark.parametrize("answer", ["", "maybe", "dont_know", "Yes", None])
def test_answer_outside_yes_no_irrelevant_is_refused(cast, course, answer):
    with pytest.raises(errors.InvalidAnswer):
        services.checklist_answer(
            course=course, item_key="p1.housing.01", answer=answer, by=cast.worker
        )
    assert not ChecklistAnswer.objects.exists()


def test_phase_status_counts_answered_and_open_no(cast, course, django_assert_max_num_queries):
    for key, answer in [
        ("p1.coherence.01", "yes"),
        ("p1.coherence.02", "no"),
        ("p1.coherence.03", "no"),
        ("p1.coherence.03", "yes"),  # a "No" later answered "Yes" is no longer open
        ("p1.housing.01", "irrelevant"),
        ("p1.to_phase2.01", "yes"),
        ("p2.housing.01", "no"),
    ]:
        services.checklist_answer(course=course, item_key=key, answer=answer, by=cast.worker)
    with django_assert_max_num_queries(1):
        status = services.phase_status(course)
    one = status[1]
    assert one.total == len(checklists.PHASE1.items) == 56
    assert (one.answered, one.yes, one.open_no, one.unanswered) == (5, 3, 1, 51)
    assert [i.key for i in one.open_transition_items] == [f"p1.to_phase2.0{n}" for n in range(2, 7)]
    assert (status[2].answered, status[2].open_no) == (1, 1)
    assert len(status[3].open_transition_items) == 7
    assert status[3].answered == 0


# -------------------------------------------------------------------------------- plans


def test_plan_per_phase_with_reference_to_the_action_plan(cast, course, today):
    plan = services.plan_save(
        course=course, phase=1, by=cast.worker, action_plan_reference=" §141 plan of 3 March "
    )
    assert plan.action_plan_reference == "§141 plan of 3 March"
    again = services.plan_save(course=course, phase=1, by=cast.worker, action_plan_reference="v2")
    assert again.pk == plan.pk
    assert CtiPlan.objects.get().action_plan_reference == "v2"
    with pytest.raises(errors.InvalidPhase):
        services.plan_save(course=course, phase=5, by=cast.worker)
    with pytest.raises(errors.DateInFuture):
        services.plan_save(
            course=course, phase=2, by=cast.worker, made_on=today + dt.timedelta(days=1)
        )
    assert CtiPlan.objects.count() == 1


def test_dimension_with_goal_subgoals_and_contacts(cast, course, today):
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    dimension, warnings = services.plan_dimension_save(
        plan=plan,
        dimension="housing",
        reason="Lives in a shelter",
        goal="Own flat",
        responsibility="Wanda",
        contact_ids=["c-1", "c-2", "c-1"],
        by=cast.worker,
    )
    assert warnings == []
    dimension.refresh_from_db()
    assert dimension.contact_ids == ["c-1", "c-2"]
    with translation.override("da"):
        assert dimension.get_dimension_display() == "Bolig"
    sub = services.subgoal_add(dimension=dimension, text="Apply for housing", by=cast.worker)
    services.subgoal_reached(subgoal=sub, on=today, by=cast.worker)
    sub.refresh_from_db()
    assert sub.reached_on == today
    services.subgoal_reached(subgoal=sub, on=None, by=cast.worker)
    sub.refresh_from_db()
    assert sub.reached_on is None
    # Saving the same dimension again updates it instead of adding a second one.
    services.plan_dimension_save(
        plan=plan, dimension="housing", goal="Own flat by May", by=cast.worker
    )
    assert plan.dimensions.get().goal == "Own flat by May"


def test_more_than_three_dimensions_warns(cast, course):
    plan = services.plan_save(course=course, phase=2, by=cast.worker)
    for key in ("housing", "economy", "network"):
        _, warnings = services.plan_dimension_save(plan=plan, dimension=key, by=cast.worker)
        assert warnings == []
    with translation.override("en"):
        _, warnings = services.plan_dimension_save(plan=plan, dimension="substance", by=cast.worker)
    assert warnings == ["The plan works with 4 dimensions; the method advises about three."]
    assert plan.dimensions.count() == 4
    assert [d.dimension for d in plan.dimensions.all()] == [
        "housing",
        "economy",
        "network",
        "substance",
    ]


@pytest.mark.parametrize("dimension", ["", "bolig", "coherence", "HOUSING"])
def test_unknown_dimension_is_refused(cast, course, dimension):
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    with pytest.raises(errors.UnknownDimension):
        services.plan_dimension_save(plan=plan, dimension=dimension, by=cast.worker)
    assert not plan.dimensions.exists()


@pytest.mark.parametrize("contact_ids", ["c-1", [1, 2], [""], ["x" * 65], {"a": 1}])
def test_bad_contact_ids_are_refused(cast, course, contact_ids):
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    with pytest.raises(errors.InvalidContacts):
        services.plan_dimension_save(
            plan=plan, dimension="housing", contact_ids=contact_ids, by=cast.worker
        )
    assert not plan.dimensions.exists()


def test_subgoal_needs_text_and_a_sensible_date(cast, course, today):
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    dimension, _ = services.plan_dimension_save(plan=plan, dimension="economy", by=cast.worker)
    with pytest.raises(errors.CtiError):
        services.subgoal_add(dimension=dimension, text="   ", by=cast.worker)
    sub = services.subgoal_add(dimension=dimension, text="Budget", by=cast.worker)
    with pytest.raises(errors.DateInFuture):
        services.subgoal_reached(subgoal=sub, on=today + dt.timedelta(days=1), by=cast.worker)
    with pytest.raises(errors.DatesOutOfOrder):
        services.subgoal_reached(subgoal=sub, on=today - dt.timedelta(days=500), by=cast.worker)
    sub.refresh_from_db()
    assert sub.reached_on is None


def test_plans_of_an_ended_course_are_closed(cast, course, today):
    plan = services.plan_save(course=course, phase=0, by=cast.worker)
    services.course_end(course=course, on=today, reason="refuses", by=cast.worker)
    plan.refresh_from_db()
    with pytest.raises(errors.CourseEnded):
        services.plan_save(course=course, phase=0, by=cast.worker)
    with pytest.raises(errors.CourseEnded):
        services.plan_dimension_save(plan=plan, dimension="housing", by=cast.worker)
