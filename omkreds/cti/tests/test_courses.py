"""Starting, planning, shifting and ending CTI courses (Bilag 5), and the caseload cap."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from omkreds.citizens.models import Citizen
from omkreds.cti import errors, services
from omkreds.cti.models import CourseEvent, CtiCourse, EndReason, Phase


def start(cast, today, citizen=None, worker=None, on=None, **kwargs) -> CtiCourse:
    return services.course_start(
        citizen=citizen or cast.citizen,
        worker=worker or cast.worker,
        started_on=on or today - dt.timedelta(days=300),
        by=cast.worker,
        **kwargs,
    )


def more_citizens(cast, n: int) -> list[Citizen]:
    return [
        Citizen.objects.create(organisation=cast.org, team=cast.team, name=f"Person {i}")
        for i in range(n)
    ]


# ------------------------------------------------------------------------------ dates


def test_add_months_keeps_the_day_or_the_month_end():
    assert services.add_months(dt.date(2025, 1, 15), 1) == dt.date(2025, 2, 15)
    assert services.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2025, 10, 5), 3) == dt.date(2026, 1, 5)


def test_start_proposes_contact_period_then_three_phases_of_three_months(cast, today):
    course = start(cast, today, on=dt.date(2025, 1, 10))
    course.refresh_from_db()
    assert course.contact_period_ends_planned == dt.date(2025, 2, 10)
    assert course.phase1_planned_on == dt.date(2025, 2, 10)
    assert course.phase2_planned_on == dt.date(2025, 5, 10)
    assert course.phase3_planned_on == dt.date(2025, 8, 10)
    assert course.planned_end_on == dt.date(2025, 11, 10)  # nine months after phase 1
    assert course.phase == Phase.CONTACT
    assert course.created_by == cast.worker
    assert list(course.events.values_list("kind", flat=True)) == ["started"]


def test_planned_dates_are_editable_in_order(cast, today):
    course = start(cast, today, on=dt.date(2025, 1, 10))
    services.course_plan_dates(
        course=course,
        contact_period_ends_planned=dt.date(2025, 1, 31),
        phase1_planned_on=dt.date(2025, 2, 1),
        phase2_planned_on=dt.date(2025, 5, 1),
        phase3_planned_on=dt.date(2025, 8, 1),
        planned_end_on=dt.date(2025, 11, 1),
        by=cast.lead,
    )
    course.refresh_from_db()
    assert course.phase2_planned_on == dt.date(2025, 5, 1)
    assert course.events.filter(kind="planned_dates", by=cast.lead).exists()


def test_planned_dates_out_of_order_are_refused_and_nothing_changes(cast, today):
    course = start(cast, today, on=dt.date(2025, 1, 10))
    with pytest.raises(errors.DatesOutOfOrder) as caught:
        services.course_plan_dates(
            course=course,
            contact_period_ends_planned=dt.date(2025, 2, 10),
            phase1_planned_on=dt.date(2025, 2, 10),
            phase2_planned_on=dt.date(2025, 8, 10),
            phase3_planned_on=dt.date(2025, 5, 10),
            planned_end_on=dt.date(2025, 11, 10),
            by=cast.worker,
        )
    assert "phase3_planned_on" in caught.value.message_dict
    course.refresh_from_db()
    assert course.phase2_planned_on == dt.date(2025, 5, 10)
    assert not course.events.filter(kind="planned_dates").exists()


def test_start_in_the_future_is_refused(cast, today):
    with pytest.raises(errors.DateInFuture):
        start(cast, today, on=today + dt.timedelta(days=1))
    assert not CtiCourse.objects.exists()


# --------------------------------------------------------------------- one open course


def test_second_open_course_for_the_same_citizen_is_refused(cast, today):
    start(cast, today)
    with pytest.raises(errors.CourseAlreadyOpen) as caught:
        start(cast, today, worker=cast.colleague)
    assert caught.value.message_dict == {
        "citizen": ["This person already has a CTI course that has not ended."]
    }
    assert CtiCourse.objects.count() == 1


def test_database_also_refuses_a_second_open_course(cast, today):
    first = start(cast, today)
    second = CtiCourse(
        **{
            f.attname: getattr(first, f.attname)
            for f in CtiCourse._meta.concrete_fields
            if f.attname != "id"
        }
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_new_course_may_start_after_the_last_one_ended(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    services.course_end(
        course=course, on=days_ago(100), reason=EndReason.DISAPPEARED, by=cast.worker
    )
    again = start(cast, today, on=days_ago(50))
    assert again.is_open
    assert CtiCourse.objects.filter(citizen=cast.citizen).count() == 2


def test_worker_must_belong_to_the_citizens_organisation(cast, today):
    for user in (cast.outsider, cast.professional, cast.coordinator, cast.deactivated):
        with pytest.raises(errors.WorkerNotInOrganisation):
            start(cast, today, worker=user)
    assert not CtiCourse.objects.exists()


# ------------------------------------------------------------------------ caseload cap


def test_cap_refuses_one_more_without_a_reason(cast, today):
    cast.org.cti_caseload_cap = 2
    cast.org.save()
    for citizen in more_citizens(cast, 2):
        start(cast, today, citizen=citizen)
    with pytest.raises(errors.CaseloadCapExceeded) as caught:
        start(cast, today)
    assert caught.value.count == 2 and caught.value.cap == 2
    with translation.override("en"):
        assert str(caught.value) == (
            "Wanda Worker already has 2 open CTI courses (the cap is 2). "
            "Give a reason to assign one more."
        )
    assert "cap_override_reason" in caught.value.message_dict
    assert not CtiCourse.objects.filter(citizen=cast.citizen).exists()


def test_blank_reason_does_not_count(cast, today):
    cast.org.cti_caseload_cap = 0
    cast.org.save()
    with pytest.raises(errors.CaseloadCapExceeded):
        start(cast, today, cap_override_reason="   ")


def test_cap_passed_with_a_recorded_reason(cast, today):
    cast.org.cti_caseload_cap = 1
    cast.org.save()
    start(cast, today, citizen=more_citizens(cast, 1)[0])
    course = start(cast, today, cap_override_reason="  Covering for a colleague on leave ")
    course.refresh_from_db()
    assert course.cap_override_reason == "Covering for a colleague on leave"
    assert services.caseload(worker=cast.worker, organisation=cast.org) == 2
    assert course.events.get(kind="started").note == "Covering for a colleague on leave"


def test_default_cap_is_ten_and_ended_courses_do_not_count(cast, today):
    assert cast.org.cti_caseload_cap == 10
    courses = [start(cast, today, citizen=c) for c in more_citizens(cast, 10)]
    with pytest.raises(errors.CaseloadCapExceeded):
        start(cast, today)
    services.course_end(course=courses[0], on=today, reason=EndReason.MOVED, by=cast.worker)
    assert start(cast, today).is_open


def test_reassigning_to_a_full_worker_needs_a_reason(cast, today):
    cast.org.cti_caseload_cap = 1
    cast.org.save()
    start(cast, today, citizen=more_citizens(cast, 1)[0], worker=cast.colleague)
    course = start(cast, today)
    with pytest.raises(errors.CaseloadCapExceeded):
        services.course_reassign(course=course, worker=cast.colleague, by=cast.lead)
    course.refresh_from_db()
    assert course.worker == cast.worker
    services.course_reassign(
        course=course, worker=cast.colleague, by=cast.lead, cap_override_reason="Knows the family"
    )
    course.refresh_from_db()
    assert course.worker == cast.colleague
    assert course.events.filter(kind="worker", by=cast.lead).exists()


# ------------------------------------------------------------------------ phase shifts


def test_phase_shifts_record_realised_dates(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    assert services.phase_shift(course=course, to_phase=1, on=days_ago(270), by=cast.worker) == ()
    open_items = services.phase_shift(course=course, to_phase=2, on=days_ago(180), by=cast.worker)
    assert [i.key for i in open_items] == [f"p1.to_phase2.0{n}" for n in range(1, 7)]
    services.phase_shift(course=course, to_phase=3, on=days_ago(90), by=cast.worker)
    course.refresh_from_db()
    assert (course.phase1_started_on, course.phase2_started_on, course.phase3_started_on) == (
        days_ago(270),
        days_ago(180),
        days_ago(90),
    )
    assert course.phase == Phase.THREE
    assert list(course.events.filter(kind="phase_shift").values_list("phase", flat=True)) == [
        1,
        2,
        3,
    ]


def test_shift_shows_only_transition_items_not_yet_yes(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    services.phase_shift(course=course, to_phase=1, on=days_ago(270), by=cast.worker)
    services.checklist_answer(
        course=course, item_key="p1.to_phase2.01", answer="yes", by=cast.worker
    )
    services.checklist_answer(
        course=course, item_key="p1.to_phase2.02", answer="no", by=cast.worker
    )
    services.checklist_answer(
        course=course, item_key="p1.to_phase2.03", answer="irrelevant", by=cast.worker
    )
    open_items = services.phase_shift(course=course, to_phase=2, on=days_ago(180), by=cast.worker)
    assert [i.key for i in open_items] == [
        "p1.to_phase2.02",
        "p1.to_phase2.03",
        "p1.to_phase2.04",
        "p1.to_phase2.05",
        "p1.to_phase2.06",
    ]
    with translation.override("da"):
        assert str(open_items[0]) == "Borgerens støttebehov er afklaret"


@pytest.mark.parametrize("to_phase", [2, 3])
def test_skipping_a_phase_is_refused(cast, to_phase, today, days_ago):
    course = start(cast, today)
    with pytest.raises(errors.PhaseOutOfOrder):
        services.phase_shift(course=course, to_phase=to_phase, on=days_ago(10), by=cast.worker)
    course.refresh_from_db()
    assert course.phase == Phase.CONTACT
    assert course.phase2_started_on is None and course.phase3_started_on is None


def test_shifting_back_or_twice_is_refused(cast, today, days_ago):
    course = start(cast, today)
    services.phase_shift(course=course, to_phase=1, on=days_ago(250), by=cast.worker)
    services.phase_shift(course=course, to_phase=2, on=days_ago(150), by=cast.worker)
    for to_phase in (1, 2):
        with pytest.raises(errors.PhaseOutOfOrder):
            services.phase_shift(course=course, to_phase=to_phase, on=days_ago(10), by=cast.worker)
    course.refresh_from_db()
    assert course.phase1_started_on == days_ago(250)


@pytest.mark.parametrize("to_phase", [0, 4, -1])
def test_no_such_phase(cast, to_phase, today, days_ago):
    course = start(cast, today)
    with pytest.raises(errors.InvalidPhase):
        services.phase_shift(course=course, to_phase=to_phase, on=days_ago(10), by=cast.worker)


def test_shift_before_the_previous_realised_date_is_refused(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    with pytest.raises(errors.ShiftBeforePrevious):
        services.phase_shift(course=course, to_phase=1, on=days_ago(301), by=cast.worker)
    services.phase_shift(course=course, to_phase=1, on=days_ago(200), by=cast.worker)
    with pytest.raises(errors.ShiftBeforePrevious) as caught:
        services.phase_shift(course=course, to_phase=2, on=days_ago(201), by=cast.worker)
    assert "on" in caught.value.message_dict
    course.refresh_from_db()
    assert course.phase2_started_on is None
    assert course.events.filter(kind="phase_shift").count() == 1


def test_shift_on_the_same_day_as_the_previous_is_allowed(cast, today, days_ago):
    course = start(cast, today, on=days_ago(100))
    services.phase_shift(course=course, to_phase=1, on=days_ago(100), by=cast.worker)
    assert course.phase1_started_on == days_ago(100)


def test_shift_in_the_future_is_refused(cast, today):
    course = start(cast, today)
    with pytest.raises(errors.DateInFuture):
        services.phase_shift(
            course=course, to_phase=1, on=today + dt.timedelta(days=3), by=cast.worker
        )
    course.refresh_from_db()
    assert course.phase1_started_on is None


def test_shift_delays_compare_realised_with_planned(cast, today, days_ago):
    course = start(cast, today, on=days_ago(200))
    services.phase_shift(
        course=course,
        to_phase=1,
        on=course.phase1_planned_on + dt.timedelta(days=3),
        by=cast.worker,
    )
    delays = services.shift_delays(course)
    assert delays[1] == 3
    # Phase 2 was planned for about 2½ months ago and has not happened: it is late.
    assert delays[2] == (today - course.phase2_planned_on).days > 60
    assert 3 not in delays


# ------------------------------------------------------------------------------ ending


def test_end_early_with_a_reason(cast, today, days_ago):
    course = start(cast, today, on=days_ago(100))
    open_items = services.course_end(
        course=course, on=days_ago(10), reason=EndReason.IMPRISONED, by=cast.worker
    )
    assert len(open_items) == 7  # "Ved afslutning af CTI-indsats", none answered
    course.refresh_from_db()
    assert course.ended_on == days_ago(10)
    assert course.end_reason == "imprisoned"
    with translation.override("da"):
        assert course.get_end_reason_display() == "Fængslet"
    with translation.override("sv"):
        assert course.get_end_reason_display() == "Fängslad"


@pytest.mark.parametrize("reason", ["", None, "bored", "COMPLETED"])
def test_end_without_a_known_reason_is_refused(cast, reason, today, days_ago):
    course = start(cast, today)
    with pytest.raises(errors.EndReasonRequired) as caught:
        services.course_end(course=course, on=days_ago(1), reason=reason, by=cast.worker)
    assert caught.value.message_dict == {"reason": ["Choose why the course ended."]}
    course.refresh_from_db()
    assert course.is_open


def test_other_needs_a_text(cast, today, days_ago):
    course = start(cast, today)
    with pytest.raises(errors.EndReasonTextRequired):
        services.course_end(
            course=course, on=days_ago(1), reason="other", reason_text="  ", by=cast.worker
        )
    services.course_end(
        course=course, on=days_ago(1), reason="other", reason_text="Moved abroad", by=cast.worker
    )
    course.refresh_from_db()
    assert course.end_reason_text == "Moved abroad"


def test_completed_as_planned_needs_phase_three(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    with pytest.raises(errors.CompletedTooEarly):
        services.course_end(course=course, on=days_ago(1), reason="completed", by=cast.worker)
    services.phase_shift(course=course, to_phase=1, on=days_ago(270), by=cast.worker)
    services.phase_shift(course=course, to_phase=2, on=days_ago(180), by=cast.worker)
    services.phase_shift(course=course, to_phase=3, on=days_ago(90), by=cast.worker)
    services.course_end(course=course, on=days_ago(1), reason="completed", by=cast.worker)
    course.refresh_from_db()
    assert course.end_reason == EndReason.COMPLETED


def test_end_before_the_last_phase_started_is_refused(cast, today, days_ago):
    course = start(cast, today, on=days_ago(300))
    services.phase_shift(course=course, to_phase=1, on=days_ago(200), by=cast.worker)
    with pytest.raises(errors.EndBeforeLastPhase):
        services.course_end(course=course, on=days_ago(201), reason="died", by=cast.worker)
    with pytest.raises(errors.DateInFuture):
        services.course_end(
            course=course, on=today + dt.timedelta(days=1), reason="died", by=cast.worker
        )
    course.refresh_from_db()
    assert course.is_open


def test_ended_course_cannot_shift_or_end_again(cast, today, days_ago):
    course = start(cast, today, on=days_ago(100))
    services.course_end(course=course, on=days_ago(10), reason="moved", by=cast.worker)
    with pytest.raises(errors.CourseEnded):
        services.phase_shift(course=course, to_phase=1, on=days_ago(5), by=cast.worker)
    with pytest.raises(errors.CourseEnded):
        services.course_end(course=course, on=days_ago(5), reason="died", by=cast.worker)
    course.refresh_from_db()
    assert course.end_reason == "moved" and course.phase1_started_on is None
    assert CourseEvent.objects.filter(course=course, kind="ended").count() == 1


# ---------------------------------------------------------------------- model validation


def test_model_clean_reports_each_bad_field(cast, today):
    course = start(cast, today, on=dt.date(2025, 1, 10))
    course.phase2_planned_on = dt.date(2025, 1, 1)
    course.phase2_started_on = dt.date(2025, 3, 1)
    course.ended_on = dt.date(2025, 4, 1)
    course.end_reason = "other"
    with pytest.raises(ValidationError) as caught:
        course.clean()
    assert set(caught.value.message_dict) == {
        "phase2_planned_on",
        "phase2_started_on",
        "end_reason_text",
    }


def test_database_refuses_an_end_without_reason(cast, today):
    course = start(cast, today)
    with pytest.raises(IntegrityError), transaction.atomic():
        CtiCourse.objects.filter(pk=course.pk).update(ended_on=today)


def test_database_refuses_realised_dates_out_of_order(cast, today, days_ago):
    course = start(cast, today, on=days_ago(100))
    with pytest.raises(IntegrityError), transaction.atomic():
        CtiCourse.objects.filter(pk=course.pk).update(phase1_started_on=days_ago(101))


def test_errors_speak_the_users_language(cast):
    with translation.override("en"):
        assert str(errors.UnknownItem()) == "There is no such checklist item."
    assert isinstance(errors.UnknownItem(), ValidationError)
