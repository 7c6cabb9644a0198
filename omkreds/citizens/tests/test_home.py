import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access import log
from omkreds.access.models import AccessLogEntry, Consent, GivenHow, Part
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def test_worker_sees_own_citizens_and_what_is_due(cast, login_as):
    today = timezone.localdate()
    Consent.objects.create(
        citizen=cast.citizen,
        to_user=cast.professional_without,
        parts=[Part.MAP],
        purpose="Soon",
        valid_until=today + dt.timedelta(days=10),
        given_how=GivenHow.WRITTEN,
        recorded_by=cast.worker,
    )
    client = login_as(cast.worker)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "CANARY-7f3a-citizen-name" in body
    assert "CANARY-7f3a-colleague-citizen" not in body
    assert "Consent to Nils Noconsent ends" in body
    assert (today + dt.timedelta(days=10)).strftime("%m/%d/%Y") in body
    assert AccessLogEntry.objects.filter(
        user=cast.worker, citizen_id=cast.citizen.pk, action=log.LIST
    ).exists()


def test_case_team_membership_puts_a_citizen_on_home(cast, login_as):
    CaseTeamMember.objects.create(
        citizen=cast.colleague_citizen, user=cast.worker, role=CaseRole.CTI_WORKER
    )
    response = login_as(cast.worker).get("/")
    assert "CANARY-7f3a-colleague-citizen" in response.content.decode()


def test_consents_far_off_are_not_due(cast, login_as):
    response = login_as(cast.worker).get("/")
    # (A citizen without network meetings is due an offer of one: meetings/due.py.)
    assert "Consent to" not in response.content.decode()


def test_closed_citizens_show_their_status(cast, login_as):
    cast.citizen.status = "closed"
    cast.citizen.closed_on = timezone.localdate()
    cast.citizen.save()
    body = login_as(cast.worker).get("/").content.decode()
    assert "CANARY-7f3a-citizen-name" in body
    assert "Closed" in body


def test_home_query_count_is_bounded(cast, login_as, django_assert_max_num_queries):
    today = timezone.localdate()
    for i in range(30):
        citizen = Citizen.objects.create(
            organisation=cast.org, team=cast.team, name=f"C{i}", primary_worker=cast.worker
        )
        Consent.objects.create(
            citizen=citizen,
            to_user=cast.professional,
            parts=[Part.MAP],
            purpose="p",
            valid_until=today + dt.timedelta(days=5),
            given_how=GivenHow.VERBAL,
            recorded_by=cast.worker,
        )
    client = login_as(cast.worker)
    # A fixed number: session, user, device, memberships, citizens, and one query per due-item
    # provider (consents, maps, overviews, CTI, meetings) — not one per citizen.
    with django_assert_max_num_queries(18):
        response = client.get("/")
    assert response.content.decode().count("Consent to Petra Professional ends") == 30


def test_professional_sees_what_is_shared(cast, login_as):
    body = login_as(cast.professional).get("/").content.decode()
    assert "Shared with me" in body
    assert "CANARY-7f3a-citizen-name" in body
    assert "network map" in body and "CTI" in body
    assert f"/shared/{cast.citizen.pk}/" in body
    assert AccessLogEntry.objects.filter(user=cast.professional, action=log.LIST).count() == 1


@pytest.mark.parametrize(
    "who", ["professional_expired", "professional_withdrawn", "professional_without"]
)
def test_professional_without_consent_in_force_sees_nothing(cast, login_as, who):
    body = login_as(getattr(cast, who)).get("/").content.decode()
    assert CANARY not in body
    assert "Nothing is shared with you" in body


def test_coordinator_gets_an_explained_empty_state(cast, login_as):
    body = login_as(cast.coordinator).get("/").content.decode()
    assert "network councils you coordinate will appear here" in body
    assert CANARY not in body


def test_admin_sees_no_case_data(cast, login_as):
    body = login_as(cast.admin).get("/").content.decode()
    assert "Organisation administration" in body
    assert 'href="/accounts/organisation/people/"' in body
    assert CANARY not in body


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_is_not_allowed(cast, login_as):
    assert login_as(cast.worker).post("/").status_code == 405


def test_only_leads_are_offered_the_log_reviews(cast, login_as):
    client = login_as(cast.lead)
    assert 'href="/log-reviews/"' in client.get("/").content.decode()
    client = login_as(cast.worker)
    assert 'href="/log-reviews/"' not in client.get("/").content.decode()
