from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from omkreds.access import policy
from omkreds.access.models import Consent
from omkreds.accounts.models import Membership, Organisation, User
from omkreds.citizens.models import Citizen

pytestmark = pytest.mark.django_db

EMAILS = {
    "worker@demo.omkreds.dk": "worker",
    "worker2@demo.omkreds.dk": "worker",
    "lead@demo.omkreds.dk": "lead",
    "coordinator@demo.omkreds.dk": "coordinator",
    "professional@demo.omkreds.dk": "professional",
    "admin@demo.omkreds.dk": "admin",
    "outsider@anden.omkreds.dk": "worker",
}


def run(*args) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_organisations_users_and_citizens():
    output = run()
    demo = Organisation.objects.get(name="Demo Kommune")
    other = Organisation.objects.get(name="Anden Kommune")
    assert (demo.default_language, other.default_language) == ("da", "sv")
    for email, role in EMAILS.items():
        user = User.objects.get(email=email)
        assert user.is_demo
        assert user.check_password(settings.DEMO_MODE_PASSWORD)
        assert Membership.objects.get(user=user).role == role
        assert email in output
    assert settings.DEMO_MODE_PASSWORD in output
    assert 10 <= Citizen.objects.count() <= 14
    assert Citizen.objects.filter(status="closed").exists()
    # Some citizens have a network map with history to compare.
    from omkreds.networks.models import MapVersion

    assert MapVersion.objects.filter(number=2).count() >= 3
    professional = User.objects.get(email="professional@demo.omkreds.dk")
    assert policy.shared_citizens(professional).exists()
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    worker = User.objects.get(email="worker@demo.omkreds.dk")
    assert policy.citizens_in_reach(worker).count() >= 4
    outsider = User.objects.get(email="outsider@anden.omkreds.dk")
    assert set(policy.citizens_in_reach(outsider).values_list("organisation", flat=True)) == {
        other.pk
    }


def test_demo_twice_changes_nothing():
    run()
    counts = (User.objects.count(), Citizen.objects.count(), Consent.objects.count())
    output = run()
    assert "already loaded" in output
    assert (User.objects.count(), Citizen.objects.count(), Consent.objects.count()) == counts


def test_demo_reset_reloads():
    run()
    Citizen.objects.filter(name="Anders Jensen").update(name="Changed")
    run("--reset")
    assert Citizen.objects.filter(name="Anders Jensen").exists()
    assert not Citizen.objects.filter(name="Changed").exists()
    assert Organisation.objects.filter(name="Demo Kommune").count() == 1


def test_demo_refuses_without_debug():
    with override_settings(DEBUG=False), pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())
    assert not Organisation.objects.exists()


def test_demo_refuses_when_a_demo_address_is_taken():
    User.objects.create_user("lead@demo.omkreds.dk", "x" * 16, full_name="Someone Real")
    with pytest.raises(CommandError):
        run()
    assert not Organisation.objects.exists()


def test_demo_users_can_sign_in(client):
    run()
    with override_settings(DEBUG=True):
        response = client.post(
            "/accounts/login/",
            {"username": "worker@demo.omkreds.dk", "password": settings.DEMO_MODE_PASSWORD},
            follow=True,
        )
        assert response.status_code == 200
        assert "Anders Jensen" in client.get("/").content.decode()
