import datetime as dt

import pytest
from django.utils import timezone

from omkreds.citizens.models import CaseRole, CaseTeamMember

pytestmark = pytest.mark.django_db


def add_url(citizen):
    return f"/citizens/{citizen.pk}/team/add/"


def test_add_member_gives_reach(cast, login_as, client):
    assert login_as(cast.colleague).get(f"/citizens/{cast.citizen.pk}/").status_code == 404
    worker = login_as(cast.worker)
    assert worker.get(add_url(cast.citizen)).status_code == 200
    today = timezone.localdate()
    response = worker.post(
        add_url(cast.citizen),
        {"user": cast.colleague.pk, "role": CaseRole.CTI_WORKER, "starts_on": today.isoformat()},
    )
    assert response.status_code == 302
    member = CaseTeamMember.objects.get(citizen=cast.citizen, user=cast.colleague)
    assert member.role == CaseRole.CTI_WORKER
    assert member.ends_on is None
    assert login_as(cast.colleague).get(f"/citizens/{cast.citizen.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "worker", "starts_on": "2025-01-01"}, "This field is required."),
        (
            {"role": "chief", "starts_on": "2025-01-01", "user": "COLLEAGUE"},
            "Select a valid choice",
        ),
        (
            {
                "role": "worker",
                "starts_on": "2025-02-01",
                "ends_on": "2025-01-01",
                "user": "COLLEAGUE",
            },
            "on or after the start date",
        ),
        (
            {"role": "worker", "starts_on": "2025-01-01", "user": "OUTSIDER"},
            "Select a valid choice",
        ),
        (
            {"role": "worker", "starts_on": "2025-01-01", "user": "DEACTIVATED"},
            "Select a valid choice",
        ),
        ({"role": "worker", "starts_on": "bad", "user": "COLLEAGUE"}, "Enter a valid date."),
    ],
)
def test_add_member_rejects_bad_input(cast, login_as, data, message):
    users = {
        "COLLEAGUE": cast.colleague.pk,
        "OUTSIDER": cast.outsider.pk,
        "DEACTIVATED": cast.deactivated.pk,
    }
    if "user" in data:
        data = {**data, "user": users[data["user"]]}
    before = CaseTeamMember.objects.count()
    response = login_as(cast.worker).post(add_url(cast.citizen), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CaseTeamMember.objects.count() == before


def test_add_member_twice_is_refused(cast, login_as):
    client = login_as(cast.worker)
    data = {"user": cast.colleague.pk, "role": "worker", "starts_on": "2025-01-01"}
    client.post(add_url(cast.citizen), data)
    response = client.post(add_url(cast.citizen), data)
    assert "already on the case team" in response.content.decode()
    assert CaseTeamMember.objects.filter(user=cast.colleague).count() == 1


def test_add_member_out_of_reach(cast, login_as):
    response = login_as(cast.colleague).post(
        add_url(cast.citizen),
        {"user": cast.colleague.pk, "role": "worker", "starts_on": "2025-01-01"},
    )
    assert response.status_code == 404
    assert not CaseTeamMember.objects.filter(user=cast.colleague).exists()


def test_end_membership_removes_reach_at_once(cast, login_as):
    member = CaseTeamMember.objects.create(
        citizen=cast.citizen,
        user=cast.colleague,
        role="worker",
        starts_on=timezone.localdate() - dt.timedelta(days=10),
    )
    assert login_as(cast.colleague).get(f"/citizens/{cast.citizen.pk}/").status_code == 200
    response = login_as(cast.worker).post(f"/citizens/{cast.citizen.pk}/team/{member.pk}/end/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ends_on == timezone.localdate() - dt.timedelta(days=1)
    assert login_as(cast.colleague).get(f"/citizens/{cast.citizen.pk}/").status_code == 404


def test_ending_a_membership_that_started_today_removes_it(cast, login_as):
    member = CaseTeamMember.objects.create(citizen=cast.citizen, user=cast.colleague, role="worker")
    login_as(cast.worker).post(f"/citizens/{cast.citizen.pk}/team/{member.pk}/end/")
    assert not CaseTeamMember.objects.filter(pk=member.pk).exists()


def test_end_membership_guards(cast, login_as):
    member = CaseTeamMember.objects.create(
        citizen=cast.colleague_citizen, user=cast.worker, role="worker"
    )
    client = login_as(cast.worker)
    # A membership of another citizen, reached through this citizen's URL: absent.
    assert client.post(f"/citizens/{cast.citizen.pk}/team/{member.pk}/end/").status_code == 404
    assert (
        client.get(f"/citizens/{cast.colleague_citizen.pk}/team/{member.pk}/end/").status_code
        == 405
    )
    own = CaseTeamMember.objects.get(citizen=cast.citizen)
    assert (
        login_as(cast.colleague).post(f"/citizens/{cast.citizen.pk}/team/{own.pk}/end/").status_code
        == 404
    )
    assert CaseTeamMember.objects.filter(pk=member.pk, ends_on__isnull=True).exists()
    assert CaseTeamMember.objects.filter(pk=own.pk, ends_on__isnull=True).exists()
