"""Handing a CTI course to another worker through the API: the cap rule, and 422 with nothing
changed for bad input."""

import datetime as dt

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import ApiToken
from omkreds.citizens.models import CaseTeamMember
from omkreds.cti import services
from omkreds.cti.models import CourseEvent, CourseEventKind, CtiCourse


def token_client(client, user, organisation):
    _token, secret = ApiToken.issue(user=user, organisation=organisation, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def start(cast, today, citizen=None, worker=None) -> CtiCourse:
    return services.course_start(
        citizen=citizen or cast.citizen,
        worker=worker or cast.worker,
        started_on=today - dt.timedelta(days=40),
        by=cast.worker,
    )


def url(cast, course) -> str:
    return f"/api/v1/cti/citizens/{cast.citizen.pk}/courses/{course.pk}/reassign"


def post(api, cast, course, body):
    return api.post(url(cast, course), body, content_type="application/json")


def unchanged(course, worker) -> bool:
    course.refresh_from_db()
    return (
        course.worker_id == worker.pk
        and not CourseEvent.objects.filter(kind=CourseEventKind.WORKER).exists()
    )


def test_reassign_through_the_api(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.worker, cast.org)
    response = post(api, cast, course, {"worker_id": cast.colleague.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == course.pk
    assert data["worker"]["id"] == cast.colleague.pk
    course.refresh_from_db()
    assert course.worker == cast.colleague
    assert CourseEvent.objects.filter(course=course, kind=CourseEventKind.WORKER).count() == 1
    assert CaseTeamMember.objects.current().filter(citizen=cast.citizen, user=cast.colleague)
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="edit_cti").exists()


def test_over_the_cap_needs_a_reason(cast, client, today):
    cast.org.cti_caseload_cap = 1
    cast.org.save(update_fields=["cti_caseload_cap"])
    start(cast, today, citizen=cast.colleague_citizen, worker=cast.colleague)
    course = start(cast, today)
    api = token_client(client, cast.worker, cast.org)
    response = post(api, cast, course, {"worker_id": cast.colleague.pk})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "the cap is 1" in errors["cap_override_reason"][0]
    assert unchanged(course, cast.worker)

    response = post(
        api, cast, course, {"worker_id": cast.colleague.pk, "cap_override_reason": "Holiday"}
    )
    assert response.status_code == 200
    course.refresh_from_db()
    assert course.worker == cast.colleague
    assert course.cap_override_reason == "Holiday"


def test_unknown_or_foreign_worker_is_422(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.worker, cast.org)
    response = post(api, cast, course, {"worker_id": 999999})
    assert response.status_code == 422
    assert "same organisation" in response.json()["errors"]["worker_id"][0]
    response = post(api, cast, course, {"worker_id": cast.outsider.pk})
    assert response.status_code == 422
    assert "same organisation" in response.json()["errors"]["worker"][0]
    response = post(api, cast, course, {"worker_id": "nobody"})
    assert response.status_code == 422
    response = post(api, cast, course, {"worker_id": cast.colleague.pk, "extra": 1})
    assert response.status_code == 422
    assert unchanged(course, cast.worker)


def test_ended_course_is_422(cast, client, today):
    course = start(cast, today)
    services.course_end(course=course, on=today, reason="refuses", by=cast.worker)
    api = token_client(client, cast.worker, cast.org)
    response = post(api, cast, course, {"worker_id": cast.colleague.pk})
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "This CTI course has ended and cannot be changed."
    ]
    assert unchanged(course, cast.worker)


def test_professional_and_out_of_reach_cannot_reassign(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.professional, cast.org)
    assert post(api, cast, course, {"worker_id": cast.colleague.pk}).status_code == 404
    api = token_client(client, cast.colleague, cast.org)
    assert post(api, cast, course, {"worker_id": cast.colleague.pk}).status_code == 404
    assert unchanged(course, cast.worker)
