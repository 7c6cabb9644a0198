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


def test_demo_maps_have_a_year_of_history_and_people_with_contact_details():
    from omkreds.networks.models import MapVersion

    run()
    for name in ("Anders Jensen", "Camilla Hansen", "Freja Rasmussen"):
        versions = list(MapVersion.objects.filter(map__citizen__name=name).order_by("number"))
        assert len(versions) == 4, name
        dates = [version.created_at for version in versions]
        assert dates == sorted(dates)
        assert (dates[-1] - dates[0]).days >= 270, name
        contacts = versions[-1].parsed().contacts
        assert len(contacts) >= 3
        for contact in contacts:
            assert contact.phone_direct and contact.email and contact.address, contact.name
        trends = {c.trend for v in versions for c in v.parsed().contacts}
        assert {"closer", "away"} <= {str(getattr(t, "value", t)) for t in trends}, name


def test_a_demo_worker_finds_real_content_on_each_main_page(client):
    from omkreds.networks.models import MapVersion

    run()
    anders = Citizen.objects.get(name="Anders Jensen")
    latest = MapVersion.objects.filter(map__citizen=anders).order_by("-number").first()
    someone = latest.parsed().contacts[0]
    base = f"/citizens/{anders.pk}"
    # page → text that shows it holds the demo's data, not an empty state
    pages = {
        "/": "Anders Jensen",
        f"{base}/": "Anders Jensen",
        f"{base}/map/": someone.name,
        f"{base}/map/history/": "Aftalt med borgeren",
        f"{base}/map/compare/": someone.name,
        f"{base}/overview/": someone.email,
    }
    with override_settings(DEBUG=True):
        client.post(
            "/accounts/login/",
            {"username": "worker@demo.omkreds.dk", "password": settings.DEMO_MODE_PASSWORD},
        )
        for path, text in pages.items():
            response = client.get(path)
            assert response.status_code == 200, path
            assert text in response.content.decode(), (path, text)


def test_the_demo_has_a_planned_network_meeting_with_people_from_the_map(client):
    from omkreds.meetings.models import Meeting

    run()
    anders = Citizen.objects.get(name="Anders Jensen")
    [meeting] = Meeting.objects.filter(citizen=anders)
    invitees = list(meeting.invitees.all())
    assert len(invitees) == 3
    for invitee in invitees:
        assert invitee.email.endswith("@example.dk"), invitee.name
    with override_settings(DEBUG=True):
        client.post(
            "/accounts/login/",
            {"username": "worker@demo.omkreds.dk", "password": settings.DEMO_MODE_PASSWORD},
        )
        page = client.get(f"/citizens/{anders.pk}/meetings/").content.decode()
    assert "Borgerservice, mødelokale 2" in page or "En aftale om" in page


def test_the_demo_has_a_cti_course_in_each_phase_with_checklists_partly_answered():
    from omkreds.cti.models import CtiCourse

    run()
    courses = {c.citizen.name: c for c in CtiCourse.objects.select_related("citizen")}
    expected = {"Ida Andersen": 0, "Mads Pedersen": 1, "Freja Rasmussen": 2, "Anders Jensen": 3}
    assert {name: courses[name].phase for name in expected} == expected
    for name, phase in expected.items():
        answered = courses[name].answers.count()
        assert answered == (0 if phase == 0 else 3), name


def test_the_demo_has_a_fidelity_review_by_the_lead():
    from omkreds.cti.fidelity import fidelity_score
    from omkreds.cti.models import FidelityReview

    run()
    [review] = FidelityReview.objects.all()
    assert review.lead.email == "lead@demo.omkreds.dk"
    answers = list(review.answers.values_list("answer", flat=True))
    assert {"yes", "no", "dont_know"} <= set(answers)
    assert fidelity_score(review) is not None
