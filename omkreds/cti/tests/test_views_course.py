"""The course page: start, planned dates, phase shift, end — and bad input changing nothing."""

import datetime as dt

import pytest

from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen
from omkreds.cti import services
from omkreds.cti.models import CourseEvent, CtiCourse, Phase


def url(cast, suffix: str = "") -> str:
    return f"/citizens/{cast.citizen.pk}/cti/{suffix}"


def start(cast, today, on=None, **kwargs) -> CtiCourse:
    return services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=on or today - dt.timedelta(days=200),
        by=cast.worker,
        **kwargs,
    )


def start_data(cast, started_on: dt.date, **overrides) -> dict:
    plan = services.planned_dates(started_on)
    data = {
        "worker": cast.worker.pk,
        "started_on": started_on.isoformat(),
        **{k: v.isoformat() for k, v in plan.__dict__.items()},
        "cap_override_reason": "",
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------ course page


def test_course_page_without_course_offers_start(cast, login_as):
    client = login_as(cast.worker)
    response = client.get(url(cast))
    assert response.status_code == 200
    assert "No CTI course has been started." in response.text
    assert f'href="{url(cast, "start/")}"' in response.text
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="view_cti").exists()


def test_course_page_shows_planned_and_realised_dates(cast, login_as, today):
    course = start(cast, today, on=dt.date(2026, 1, 5))
    services.phase_shift(course=course, to_phase=1, on=dt.date(2026, 2, 9), by=cast.worker)
    client = login_as(cast.worker)
    response = client.get(url(cast))
    assert response.status_code == 200
    text = response.text
    assert "Planned and realised dates" in text
    assert "Phase 1" in text and "Wanda Worker" in text
    assert "Move on to Phase 2" in text
    assert "Change planned dates" in text and "End the course" in text


def test_professional_with_cti_consent_reads_but_cannot_change(cast, login_as, today):
    start(cast, today)
    client = login_as(cast.professional)
    response = client.get(url(cast))
    assert response.status_code == 200
    assert "Move on to" not in response.text
    assert "End the course" not in response.text
    course = CtiCourse.objects.get()
    assert client.get(url(cast, f"{course.pk}/shift/")).status_code == 404
    assert client.post(url(cast, "start/"), start_data(cast, today)).status_code == 404
    assert (
        client.post(
            url(cast, f"{course.pk}/end/"), {"on": today.isoformat(), "reason": "died"}
        ).status_code
        == 404
    )
    course.refresh_from_db()
    assert course.is_open


@pytest.mark.parametrize("who", ["colleague", "other_lead", "outsider", "professional_without"])
def test_out_of_reach_is_404(cast, login_as, who, today):
    start(cast, today)
    client = login_as(getattr(cast, who))
    response = client.get(url(cast))
    assert response.status_code == 404
    assert "CANARY" not in response.text


def test_wrong_method_is_405(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    assert client.post(url(cast)).status_code == 405
    assert client.get(url(cast, f"{course.pk}/checklist/1/answer/")).status_code == 405
    assert client.delete(url(cast, "start/")).status_code == 405


# ------------------------------------------------------------------------------ start


def test_start_form_proposes_dates_and_lists_workers_with_caseload(cast, login_as, today):
    client = login_as(cast.lead)
    response = client.get(url(cast, "start/"))
    assert response.status_code == 200
    proposal = services.planned_dates(today)
    assert f'value="{proposal.phase2_planned_on.isoformat()}"' in response.text
    assert "Wanda Worker (0 of 10 CTI courses)" in response.text
    assert "Otto Lead" in response.text  # a lead may hold courses too


def test_start_creates_course_with_edited_dates_and_puts_worker_on_case(cast, login_as, days_ago):
    client = login_as(cast.lead)
    started = days_ago(10)
    data = start_data(
        cast,
        started,
        worker=cast.colleague.pk,
        phase2_planned_on=(services.planned_dates(started).phase2_planned_on + dt.timedelta(7)),
    )
    response = client.post(url(cast, "start/"), data)
    assert response.status_code == 302
    course = CtiCourse.objects.get()
    assert course.worker == cast.colleague
    assert course.started_on == started
    assert course.phase2_planned_on == services.planned_dates(started).phase2_planned_on + (
        dt.timedelta(7)
    )
    assert CaseTeamMember.objects.filter(
        citizen=cast.citizen, user=cast.colleague, role=CaseRole.CTI_WORKER
    ).exists()
    assert list(course.events.values_list("kind", flat=True)) == ["started", "planned_dates"]


def test_start_with_dates_out_of_order_changes_nothing(cast, login_as, days_ago):
    client = login_as(cast.worker)
    started = days_ago(5)
    data = start_data(cast, started, phase3_planned_on=started.isoformat())
    response = client.post(url(cast, "start/"), data)
    assert response.status_code == 200
    assert "The planned dates must follow each other in order." in response.text
    assert not CtiCourse.objects.exists()


def test_start_in_the_future_is_refused(cast, login_as, today):
    client = login_as(cast.worker)
    tomorrow = today + dt.timedelta(days=1)
    response = client.post(url(cast, "start/"), start_data(cast, tomorrow))
    assert response.status_code == 200
    assert "A date that has happened cannot be in the future." in response.text
    assert not CtiCourse.objects.exists()


def test_second_open_course_is_refused(cast, login_as, today):
    start(cast, today)
    client = login_as(cast.worker)
    response = client.post(url(cast, "start/"), start_data(cast, today), follow=True)
    assert "already has a CTI course that has not ended" in response.text
    assert CtiCourse.objects.count() == 1


def test_over_the_cap_needs_a_reason(cast, login_as, today, days_ago):
    cast.org.cti_caseload_cap = 1
    cast.org.save()
    other = Citizen.objects.create(organisation=cast.org, team=cast.team, name="Another")
    services.course_start(citizen=other, worker=cast.worker, started_on=days_ago(3), by=cast.lead)
    client = login_as(cast.worker)
    response = client.post(url(cast, "start/"), start_data(cast, today))
    assert response.status_code == 200
    assert "caseload is at the cap" in response.text
    assert "already has 1 open CTI courses (the cap is 1)" in response.text
    assert not CtiCourse.objects.filter(citizen=cast.citizen).exists()

    response = client.post(
        url(cast, "start/"), start_data(cast, today, cap_override_reason="Knows the family")
    )
    assert response.status_code == 302
    course = CtiCourse.objects.get(citizen=cast.citizen)
    assert course.cap_override_reason == "Knows the family"


def test_start_for_worker_of_other_organisation_is_refused(cast, login_as, today):
    client = login_as(cast.worker)
    response = client.post(url(cast, "start/"), start_data(cast, today, worker=cast.outsider.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not CtiCourse.objects.exists()


# ------------------------------------------------------------------------------ dates, shift, end


def test_planned_dates_out_of_order_changes_nothing(cast, login_as, today):
    course = start(cast, today)
    before = course.phase2_planned_on
    client = login_as(cast.worker)
    data = {
        "contact_period_ends_planned": course.contact_period_ends_planned.isoformat(),
        "phase1_planned_on": course.phase1_planned_on.isoformat(),
        "phase2_planned_on": (course.phase3_planned_on + dt.timedelta(1)).isoformat(),
        "phase3_planned_on": course.phase3_planned_on.isoformat(),
        "planned_end_on": course.planned_end_on.isoformat(),
    }
    response = client.post(url(cast, f"{course.pk}/dates/"), data)
    assert response.status_code == 200
    assert "must follow each other in order" in response.text
    course.refresh_from_db()
    assert course.phase2_planned_on == before


def test_shift_shows_open_transition_items_and_records_the_date(cast, login_as, today, days_ago):
    course = start(cast, today, on=days_ago(200))
    services.phase_shift(course=course, to_phase=1, on=days_ago(170), by=cast.worker)
    client = login_as(cast.worker)
    response = client.get(url(cast, f"{course.pk}/shift/"))
    assert response.status_code == 200
    assert "Transition items not yet answered" in response.text
    assert "Ved overgang til 2. fase" not in response.text  # the page speaks English here
    response = client.post(url(cast, f"{course.pk}/shift/"), {"on": days_ago(80).isoformat()})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.phase == Phase.TWO
    assert course.phase2_started_on == days_ago(80)


def test_shift_before_the_previous_phase_changes_nothing(cast, login_as, today, days_ago):
    course = start(cast, today, on=days_ago(200))
    services.phase_shift(course=course, to_phase=1, on=days_ago(170), by=cast.worker)
    client = login_as(cast.worker)
    response = client.post(url(cast, f"{course.pk}/shift/"), {"on": days_ago(180).isoformat()})
    assert response.status_code == 200
    assert "The phase cannot start before" in response.text
    course.refresh_from_db()
    assert course.phase == Phase.ONE
    assert course.events.filter(kind="phase_shift").count() == 1


def test_end_needs_a_reason_and_other_needs_text(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(url(cast, f"{course.pk}/end/"), {"on": today.isoformat()})
    assert response.status_code == 200
    assert "Choose why the course ended." in response.text
    response = client.post(
        url(cast, f"{course.pk}/end/"), {"on": today.isoformat(), "reason": "other"}
    )
    assert "Describe the reason when it is “other”." in response.text
    course.refresh_from_db()
    assert course.is_open


def test_end_completed_too_early_is_refused(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, f"{course.pk}/end/"), {"on": today.isoformat(), "reason": "completed"}
    )
    assert response.status_code == 200
    assert "completed as planned once phase 3 has started" in response.text
    course.refresh_from_db()
    assert course.is_open


def test_end_with_reason_closes_the_course(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, f"{course.pk}/end/"),
        {"on": today.isoformat(), "reason": "other", "reason_text": "Moved abroad"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.ended_on == today
    assert course.end_reason == "other"
    assert course.end_reason_text == "Moved abroad"
    assert CourseEvent.objects.filter(course=course, kind="ended").exists()
    # An ended course cannot be changed: a clear message, nothing changed.
    response = client.post(url(cast, f"{course.pk}/shift/"), {"on": today.isoformat()}, follow=True)
    assert "This CTI course has ended and cannot be changed." in response.text


def test_course_of_another_citizen_is_404(cast, login_as, days_ago):
    other = services.course_start(
        citizen=cast.colleague_citizen,
        worker=cast.colleague,
        started_on=days_ago(3),
        by=cast.colleague,
    )
    client = login_as(cast.worker)
    assert client.get(url(cast, f"{other.pk}/shift/")).status_code == 404
    assert client.get(url(cast, f"{other.pk}/checklist/1/")).status_code == 404
