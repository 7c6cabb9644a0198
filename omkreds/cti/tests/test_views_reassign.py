"""Handing a CTI course to another worker: the form on the course page and its own page, the
caseload cap, and bad input changing nothing."""

import datetime as dt

from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import CaseTeamMember
from omkreds.cti import services
from omkreds.cti.models import CourseEvent, CourseEventKind, CtiCourse


def start(cast, today, citizen=None, worker=None) -> CtiCourse:
    return services.course_start(
        citizen=citizen or cast.citizen,
        worker=worker or cast.worker,
        started_on=today - dt.timedelta(days=40),
        by=cast.worker,
    )


def reassign_url(cast, course) -> str:
    return f"/citizens/{cast.citizen.pk}/cti/{course.pk}/reassign/"


def fill_colleague_to_cap(cast, today) -> None:
    cast.org.cti_caseload_cap = 1
    cast.org.save(update_fields=["cti_caseload_cap"])
    start(cast, today, citizen=cast.colleague_citizen, worker=cast.colleague)


def test_course_page_offers_workers_with_caseload_against_cap(cast, login_as, today):
    course = start(cast, today)
    response = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/cti/")
    assert response.status_code == 200
    text = response.text
    assert "Change the CTI worker" in text
    assert f'action="{reassign_url(cast, course)}"' in text
    cap = cast.org.cti_caseload_cap
    assert f"Carl Colleague (0 of {cap} CTI courses)" in text
    # The worker who holds the course is not offered to themselves.
    assert "Wanda Worker (1 of" not in text


def test_get_shows_the_form(cast, login_as, today):
    course = start(cast, today)
    response = login_as(cast.worker).get(reassign_url(cast, course))
    assert response.status_code == 200
    assert "Change the CTI worker" in response.text
    # Showing the form is logged as a view (issue 15, point 4).
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="view_cti").exists()
    assert not AccessLogEntry.objects.filter(action="edit_cti").exists()


def test_reassign_hands_the_course_over(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        reassign_url(cast, course), {"worker": cast.colleague.pk, "cap_override_reason": ""}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.worker == cast.colleague
    event = CourseEvent.objects.get(course=course, kind=CourseEventKind.WORKER)
    assert event.by == cast.worker
    # The new worker can reach the citizen.
    assert CaseTeamMember.objects.current().filter(citizen=cast.citizen, user=cast.colleague)
    page = client.get(response["Location"])
    assert "Saved." in page.text
    assert "Carl Colleague" in page.text


def test_over_the_cap_needs_a_reason(cast, login_as, today):
    fill_colleague_to_cap(cast, today)
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        reassign_url(cast, course), {"worker": cast.colleague.pk, "cap_override_reason": "  "}
    )
    assert response.status_code == 200
    assert "already has 1 open CTI courses (the cap is 1)" in response.text
    assert "CTI caseload is at the cap. Choose another worker" in response.text
    course.refresh_from_db()
    assert course.worker == cast.worker
    assert not CourseEvent.objects.filter(kind=CourseEventKind.WORKER).exists()

    response = client.post(
        reassign_url(cast, course),
        {"worker": cast.colleague.pk, "cap_override_reason": "Covers during the holiday"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.worker == cast.colleague
    assert course.cap_override_reason == "Covers during the holiday"


def test_worker_of_another_organisation_or_unknown_is_refused(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    for worker_id in (cast.outsider.pk, 999999, "x", ""):
        response = client.post(
            reassign_url(cast, course), {"worker": worker_id, "cap_override_reason": ""}
        )
        assert response.status_code == 200
        assert 'class="errorlist' in response.text
    course.refresh_from_db()
    assert course.worker == cast.worker
    assert not CourseEvent.objects.filter(kind=CourseEventKind.WORKER).exists()


def test_ended_course_cannot_be_reassigned(cast, login_as, today):
    course = start(cast, today)
    services.course_end(course=course, on=today, reason="refuses", by=cast.worker)
    client = login_as(cast.worker)
    response = client.post(reassign_url(cast, course), {"worker": cast.colleague.pk}, follow=True)
    assert response.status_code == 200
    assert "This CTI course has ended and cannot be changed." in response.text
    course.refresh_from_db()
    assert course.worker == cast.worker
    assert "Change the CTI worker" not in response.text


def test_out_of_reach_is_404(cast, login_as, today):
    course = start(cast, today)
    assert (
        login_as(cast.colleague)
        .post(reassign_url(cast, course), {"worker": cast.colleague.pk})
        .status_code
        == 404
    )
    assert (
        login_as(cast.professional)
        .post(reassign_url(cast, course), {"worker": cast.colleague.pk})
        .status_code
        == 404
    )
    course.refresh_from_db()
    assert course.worker == cast.worker
