import pytest

from omkreds.access.log import REFUSED
from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def url(citizen):
    return f"/citizens/{citizen.pk}/"


@pytest.mark.parametrize("who", ["worker", "lead"])
def test_case_roles_see_the_citizen(cast, login_as, who):
    response = login_as(getattr(cast, who)).get(url(cast.citizen))
    assert response.status_code == 200
    body = response.content.decode()
    assert "CANARY-7f3a-citizen-name" in body
    assert "Dag Deactivated" in body  # on the case team
    assert "Petra Professional" in body  # consent in force
    assert "Patientens team" in body  # its purpose
    assert "Wilma Withdrawn" in body  # listed among withdrawn consents
    assert AccessLogEntry.objects.filter(
        user=getattr(cast, who), citizen_id=cast.citizen.pk, action=Action.VIEW_CASE
    ).exists()


def test_organisation_word_for_the_citizen(cast, login_as):
    cast.org.citizen_term = "patient"
    cast.org.save()
    body = login_as(cast.worker).get(url(cast.citizen)).content.decode()
    assert "Patient" in body


@pytest.mark.parametrize(
    "who", ["colleague", "other_lead", "professional", "coordinator", "admin", "outsider"]
)
def test_others_get_404_without_data(cast, login_as, who):
    response = login_as(getattr(cast, who)).get(url(cast.citizen))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    # Only the refused look-up itself is recorded (issue 15, point 11): no row of data shown.
    rows = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk)
    assert set(rows.values_list("action", flat=True)) == {REFUSED}


def test_unknown_citizen_is_404(cast, login_as):
    assert (
        login_as(cast.worker).get("/citizens/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_post_is_not_allowed(cast, login_as):
    assert login_as(cast.worker).post(url(cast.citizen)).status_code == 405


def test_professional_shared_page(cast, login_as):
    response = login_as(cast.professional).get(f"/shared/{cast.citizen.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "CANARY-7f3a-citizen-name" in body
    assert "Patientens team" in body
    assert "1987" not in body  # no case facts such as the date of birth
    assert AccessLogEntry.objects.filter(user=cast.professional, action=Action.VIEW_SHARED).exists()


@pytest.mark.parametrize(
    "who",
    [
        "worker",
        "lead",
        "professional_expired",
        "professional_withdrawn",
        "professional_without",
        "outsider",
    ],
)
def test_shared_page_is_only_under_consent(cast, login_as, who):
    response = login_as(getattr(cast, who)).get(f"/shared/{cast.citizen.pk}/")
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
