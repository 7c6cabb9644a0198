import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access.models import AccessLogEntry, Consent
from omkreds.access.policy import Action
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def new_url(cast):
    return f"/citizens/{cast.citizen.pk}/consents/new/"


def withdraw_url(cast, consent=None):
    return f"/citizens/{cast.citizen.pk}/consents/{(consent or cast.consent).pk}/withdraw/"


def valid(cast, **overrides):
    data = {
        "to_user": cast.professional_without.pk,
        "parts": ["map", "meetings"],
        "purpose": "Netværksmøde",
        "valid_from": timezone.localdate().isoformat(),
        "valid_until": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "given_how": "verbal",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_record_consent_to_a_professional(cast, login_as, client):
    worker = login_as(cast.worker)
    page = worker.get(new_url(cast))
    assert page.status_code == 200
    assert "<legend>Parts to share</legend>" in page.content.decode().replace(":", "")
    response = worker.post(new_url(cast), valid(cast))
    assert response.status_code == 302
    consent = Consent.objects.get(to_user=cast.professional_without)
    assert consent.parts == ["map", "meetings"]
    assert consent.recorded_by == cast.worker
    assert consent.given_how == "verbal"
    assert (
        AccessLogEntry.objects.filter(
            citizen_id=cast.citizen.pk, action=Action.MANAGE_CONSENT
        ).count()
        == 2
    )
    # The professional now sees the shared page.
    assert login_as(cast.professional_without).get(f"/shared/{cast.citizen.pk}/").status_code == 200


def test_record_consent_to_an_organisation(cast, login_as):
    response = login_as(cast.lead).post(
        new_url(cast), valid(cast, to_user="", to_organisation=cast.other_org.pk)
    )
    assert response.status_code == 302
    assert Consent.objects.filter(
        to_organisation=cast.other_org, valid_until__isnull=False
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"to_user": ""}, "Choose a person or an organisation."),
        ({"to_organisation": "ORG"}, "not both"),
        ({"to_user": "OUTSIDER"}, "Select a valid choice"),
        ({"to_user": "WORKER"}, "Select a valid choice"),  # not a professional
        ({"parts": None}, "This field is required."),
        ({"parts": ["diary"]}, "Select a valid choice"),
        ({"purpose": ""}, "This field is required."),
        ({"purpose": "x" * 501}, "at most 500 characters"),
        ({"valid_until": "2000-01-01"}, "cannot be in the past"),
        ({"valid_from": "2999-01-02", "valid_until": "2999-01-01"}, "on or after the start date"),
        ({"valid_from": "soon"}, "Enter a valid date."),
        ({"given_how": "telepathy"}, "Select a valid choice"),
    ],
)
def test_record_consent_rejects_bad_input(cast, login_as, overrides, message):
    replace = {"ORG": cast.org.pk, "OUTSIDER": cast.outsider.pk, "WORKER": cast.colleague.pk}
    overrides = {k: replace.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = Consent.objects.count()
    response = login_as(cast.worker).post(new_url(cast), valid(cast, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consent.objects.count() == before


@pytest.mark.parametrize("who", ["colleague", "professional", "admin", "outsider", "coordinator"])
def test_record_consent_out_of_reach(cast, login_as, who):
    response = login_as(getattr(cast, who)).post(new_url(cast), valid(cast))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    assert not Consent.objects.filter(to_user=cast.professional_without).exists()


def test_withdrawal_takes_effect_on_the_next_request(cast, login_as, client, django_user_model):
    from django.test import Client

    from omkreds.lib.testing.cast import login

    professional = Client()
    login(professional, cast.professional)
    shared = f"/shared/{cast.citizen.pk}/"
    assert professional.get(shared).status_code == 200

    worker = login_as(cast.worker)
    confirm = worker.get(withdraw_url(cast))
    assert confirm.status_code == 200
    assert "Withdraw the consent" in confirm.content.decode()
    response = worker.post(withdraw_url(cast))
    assert response.status_code == 302
    cast.consent.refresh_from_db()
    assert cast.consent.withdrawn_by == cast.worker
    assert cast.consent.withdrawn_at is not None

    response = professional.get(shared)
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    assert CANARY not in professional.get("/").content.decode()


def test_withdraw_twice_says_so(cast, login_as):
    client = login_as(cast.worker)
    client.post(withdraw_url(cast))
    response = client.post(withdraw_url(cast), follow=True)
    assert "already withdrawn" in response.content.decode()


def test_withdraw_guards(cast, login_as):
    other = Consent.objects.create(
        citizen=cast.colleague_citizen,
        to_user=cast.professional,
        parts=["map"],
        purpose="x",
        given_how="written",
        recorded_by=cast.colleague,
    )
    worker = login_as(cast.worker)
    # Another citizen's consent through this citizen's URL is absent.
    assert worker.post(withdraw_url(cast, other)).status_code == 404
    assert worker.put(withdraw_url(cast)).status_code == 405
    for who in ("colleague", "professional", "outsider"):
        assert login_as(getattr(cast, who)).post(withdraw_url(cast)).status_code == 404
    other.refresh_from_db()
    cast.consent.refresh_from_db()
    assert other.withdrawn_at is None and cast.consent.withdrawn_at is None
