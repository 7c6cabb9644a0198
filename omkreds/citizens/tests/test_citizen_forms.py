import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import Citizen
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def test_worker_creates_a_citizen_and_becomes_primary_worker(cast, login_as):
    client = login_as(cast.worker)
    assert client.get("/citizens/new/").status_code == 200
    response = client.post(
        "/citizens/new/", {"name": "  Ny Borger ", "date_of_birth": "1990-05-01"}
    )
    citizen = Citizen.objects.get(name="Ny Borger")
    assert response.status_code == 302
    assert response["Location"] == f"/citizens/{citizen.pk}/"
    assert citizen.primary_worker == cast.worker
    assert citizen.team == cast.team
    assert citizen.organisation == cast.org
    assert citizen.date_of_birth == dt.date(1990, 5, 1)
    assert AccessLogEntry.objects.filter(
        citizen_id=citizen.pk, action=log.CREATE_CASE, user=cast.worker
    ).exists()
    assert client.get(response["Location"]).status_code == 200


def test_worker_cannot_choose_another_primary_worker(cast, login_as):
    login_as(cast.worker).post(
        "/citizens/new/", {"name": "X Y", "primary_worker": cast.colleague.pk}
    )
    assert Citizen.objects.get(name="X Y").primary_worker == cast.worker


def test_lead_creates_with_a_chosen_primary_worker(cast, login_as):
    response = login_as(cast.lead).post(
        "/citizens/new/", {"name": "Lead Made", "primary_worker": cast.colleague.pk}
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get(name="Lead Made")
    assert citizen.primary_worker == cast.colleague
    assert citizen.team == cast.team


def test_lead_cannot_pick_a_worker_of_another_organisation(cast, login_as):
    response = login_as(cast.lead).post(
        "/citizens/new/", {"name": "Lead Made", "primary_worker": cast.outsider.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Citizen.objects.filter(name="Lead Made").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"name": "A", "date_of_birth": "2999-01-01"}, "cannot be in the future"),
        ({"name": "A", "date_of_birth": "1899-12-31"}, "must be after 1900"),
        ({"name": "A", "date_of_birth": "not a date"}, "Enter a valid date."),
    ],
)
def test_create_rejects_bad_input(cast, login_as, data, message):
    before = Citizen.objects.count()
    response = login_as(cast.worker).post("/citizens/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Citizen.objects.count() == before


@pytest.mark.parametrize("who", ["professional", "coordinator", "admin"])
def test_create_is_for_workers_and_leads(cast, login_as, who):
    client = login_as(getattr(cast, who))
    assert client.get("/citizens/new/").status_code == 404
    assert client.post("/citizens/new/", {"name": "Nope"}).status_code == 404
    assert not Citizen.objects.filter(name="Nope").exists()


def test_outsider_creates_in_own_organisation(cast, login_as):
    login_as(cast.outsider).post("/citizens/new/", {"name": "Svensk Klient"})
    assert Citizen.objects.get(name="Svensk Klient").organisation == cast.other_org


def test_create_wrong_method(cast, login_as):
    assert login_as(cast.worker).put("/citizens/new/").status_code == 405


def test_edit_saves_and_logs(cast, login_as):
    client = login_as(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Renamed", "date_of_birth": "1987-03-15"})
    assert response.status_code == 302
    cast.citizen.refresh_from_db()
    assert cast.citizen.name == "Renamed"
    assert cast.citizen.date_of_birth == dt.date(1987, 3, 15)
    # The form shown is a view, the save a change (issue 15, point 4).
    rows = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk)
    assert rows.filter(action="view_case").count() == 1
    assert rows.filter(action="edit_case").count() == 1


def test_edit_bad_input_changes_nothing(cast, login_as):
    response = login_as(cast.worker).post(
        f"/citizens/{cast.citizen.pk}/edit/", {"name": "", "date_of_birth": "2999-01-01"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body and "cannot be in the future" in body
    cast.citizen.refresh_from_db()
    assert cast.citizen.name == "CANARY-7f3a-citizen-name"


def test_lead_reassigns_primary_worker(cast, login_as):
    login_as(cast.lead).post(
        f"/citizens/{cast.citizen.pk}/edit/",
        {"name": cast.citizen.name, "primary_worker": cast.colleague.pk},
    )
    cast.citizen.refresh_from_db()
    assert cast.citizen.primary_worker == cast.colleague


@pytest.mark.parametrize("who", ["colleague", "professional", "outsider", "admin"])
def test_edit_out_of_reach_is_404(cast, login_as, who):
    response = login_as(getattr(cast, who)).post(
        f"/citizens/{cast.citizen.pk}/edit/", {"name": "Hacked"}
    )
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    cast.citizen.refresh_from_db()
    assert cast.citizen.name != "Hacked"


def test_close_case(cast, login_as):
    client = login_as(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/close/"
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(url, {"closed_on": today.isoformat()})
    assert response.status_code == 302
    cast.citizen.refresh_from_db()
    assert cast.citizen.status == "closed"
    assert cast.citizen.closed_on == today
    # Closing twice changes nothing.
    response = client.post(url, {"closed_on": today.isoformat()}, follow=True)
    assert "already closed" in response.content.decode()


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        ("2999-01-01", "cannot be closed on a future date"),
        ("2000-01-01", "cannot be closed before it was created"),
        ("", "This field is required."),
        ("31-31-2020", "Enter a valid date."),
    ],
)
def test_close_rejects_bad_dates(cast, login_as, closed_on, message):
    response = login_as(cast.worker).post(
        f"/citizens/{cast.citizen.pk}/close/", {"closed_on": closed_on}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    cast.citizen.refresh_from_db()
    assert cast.citizen.status == "active"
    assert cast.citizen.closed_on is None


def test_close_out_of_reach_and_wrong_method(cast, login_as):
    assert (
        login_as(cast.colleague)
        .post(f"/citizens/{cast.citizen.pk}/close/", {"closed_on": "2020-01-01"})
        .status_code
        == 404
    )
    assert login_as(cast.worker).delete(f"/citizens/{cast.citizen.pk}/close/").status_code == 405
    cast.citizen.refresh_from_db()
    assert cast.citizen.status == "active"
