"""A closed case takes no new meeting, council or CTI course, through the pages and the API; the
refusal says how to reopen the case, and once reopened the same requests succeed."""

import pytest
from django.test import Client
from django.utils import timezone

from omkreds.citizens import services
from omkreds.citizens.models import CitizenStatus
from omkreds.lib.testing.api import token_client

HOW_TO_REOPEN = "reopen the case first"


def _pages(cast) -> list[tuple[str, dict]]:
    """The three pages that start something new, and a valid POST for each."""
    citizen = cast.citizen.pk
    today = timezone.localdate().isoformat()
    return [
        (
            f"/citizens/{citizen}/meetings/new/",
            {"concern": "Huslejen", "goal": "En plan", "questions": "Hvem hjælper?"},
        ),
        (f"/citizens/{citizen}/councils/new/", {"questions": "Hvem hjælper?"}),
        (f"/citizens/{citizen}/cti/start/", {"worker": cast.worker.pk, "started_on": today}),
    ]


def _api(cast) -> list[tuple[str, dict]]:
    """The three API operations that start something new (their GET lists what exists)."""
    citizen = cast.citizen.pk
    return [
        (
            f"/api/v1/citizens/{citizen}/meetings",
            {"concern": "Huslejen", "goal": "En plan", "questions": ["Hvem hjælper?"]},
        ),
        (f"/api/v1/citizens/{citizen}/councils", {"questions": ["Hvem hjælper?"]}),
        (
            f"/api/v1/cti/citizens/{citizen}/courses",
            {"worker_id": cast.worker.pk, "started_on": timezone.localdate().isoformat()},
        ),
    ]


def _how_many(api, url: str) -> int:
    body = api.get(url).json()
    return len(body) if isinstance(body, list) else body["count"]


@pytest.fixture
def closed(cast):
    return services.citizen_close(
        citizen=cast.citizen, closed_on=timezone.localdate(), by=cast.worker
    )


def test_the_start_pages_of_a_closed_case_send_to_the_case_page_and_say_how_to_reopen(
    cast, login_as, closed
):
    client = login_as(cast.worker)
    for url, data in _pages(cast):
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302, url
            assert response["Location"] == f"/citizens/{cast.citizen.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert HOW_TO_REOPEN in page
        assert "Reopen the case" in page
    api = token_client(Client(), cast.worker, cast.org)
    assert [_how_many(api, url) for url, _body in _api(cast)] == [0, 0, 0]


def test_the_api_refuses_new_plans_for_a_closed_case_with_409(cast, closed):
    api = token_client(Client(), cast.worker, cast.org)
    for url, body in _api(cast):
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 409, (url, response.content)
        assert HOW_TO_REOPEN in response.json()["detail"]
        assert _how_many(api, url) == 0


def test_a_reopened_case_takes_new_plans_again(cast, login_as, closed):
    client = login_as(cast.worker)
    response = client.post(f"/citizens/{cast.citizen.pk}/reopen/")
    assert response.status_code == 302
    cast.citizen.refresh_from_db()
    assert (cast.citizen.status, cast.citizen.closed_on) == (CitizenStatus.ACTIVE, None)
    assert "case reopened" in client.get(f"/citizens/{cast.citizen.pk}/history/").content.decode()
    for url, _data in _pages(cast):
        assert client.get(url).status_code == 200, url
    api = token_client(Client(), cast.worker, cast.org)
    for url, body in _api(cast):
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 201, (url, response.content)
        assert _how_many(api, url) == 1


def test_reopening_an_open_case_or_with_get_changes_nothing(cast, login_as):
    client = login_as(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/reopen/"
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "The case is open." in response.content.decode()
    assert login_as(cast.colleague).post(url).status_code == 404
    cast.citizen.refresh_from_db()
    assert cast.citizen.status == CitizenStatus.ACTIVE
