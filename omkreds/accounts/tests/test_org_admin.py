import re

import pytest
from django.core import mail
from django.test import Client

from omkreds.accounts.models import Membership, Organisation, Role, Team, User
from omkreds.accounts.tests.helpers import live_sessions
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import login, make_user

pytestmark = pytest.mark.django_db

NOT_ADMINS = ["worker", "lead", "coordinator", "professional"]


def _admin_client(client, cast):
    login(client, cast.admin)
    return client


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


# --- Who reaches the pages ------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_ADMINS)
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/organisation/people/",
        "/accounts/organisation/people/new/",
        "/accounts/organisation/settings/",
    ],
)
def test_only_admins_reach_the_pages(client, cast, role, url):
    login(client, getattr(cast, role))
    assert client.get(url).status_code == 404


def test_admin_sees_the_nav_link_and_others_do_not(client, cast):
    login(client, cast.admin)
    assert (
        'href="/accounts/organisation/people/"' in client.get("/accounts/profile/").content.decode()
    )
    other = Client()
    login(other, cast.worker)
    assert (
        'href="/accounts/organisation/people/"'
        not in other.get("/accounts/profile/").content.decode()
    )


def test_people_list_shows_this_organisation_only_with_bounded_queries(
    client, cast, django_assert_max_num_queries
):
    _admin_client(client, cast)
    response = client.get("/accounts/organisation/people/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wanda Worker" in page and "Team Nord" in page
    assert "Olle Outsider" not in page
    team = Team.objects.create(organisation=cast.org, name="Team Vest")
    for n in range(30):
        make_user(f"many{n}@example.org", f"Many {n}", cast.org, Role.WORKER, team)
    with django_assert_max_num_queries(10):
        response = client.get("/accounts/organisation/people/")
    assert response.content.decode().count("Many ") == 30


def test_admin_of_another_organisation_cannot_see_or_touch_our_people(client, cast):
    other_admin = make_user("admin@anden.example", "Anders Admin", cast.other_org, Role.ADMIN)
    login(client, other_admin)
    membership = Membership.objects.get(user=cast.worker)
    base = f"/accounts/organisation/people/{membership.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"role": Role.ADMIN}).status_code == 404
    for action in ["deactivate/", "deactivate-account/", "reactivate/"]:
        assert client.post(base + action).status_code == 404
    membership.refresh_from_db()
    cast.worker.refresh_from_db()
    assert membership.role == Role.WORKER and membership.is_active and cast.worker.is_active
    assert "Wanda Worker" not in client.get("/accounts/organisation/people/").content.decode()


def test_unknown_ids_answer_404(client, cast):
    _admin_client(client, cast)
    assert client.get("/accounts/organisation/people/999999/").status_code == 404
    assert client.post("/accounts/organisation/people/999999/deactivate/").status_code == 404


# --- Invite ---------------------------------------------------------------------------------


def test_invite_creates_account_and_sends_set_password_mail(client, cast):
    _admin_client(client, cast)
    response = client.post(
        "/accounts/organisation/people/new/",
        {
            "email": " New.Person@Example.org ",
            "full_name": "Nina New",
            "role": Role.LEAD,
            "team": cast.team.pk,
        },
    )
    assert response["Location"] == "/accounts/organisation/people/"
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.team) == (
        cast.org,
        Role.LEAD,
        cast.team,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    # Written in the organisation's language (Danish); the link sets a password and works once.
    link = re.search(r"http://127.0.0.1:8000(/accounts/password/reset/\S+/)", message.body).group(1)
    invited = Client()
    response = invited.get(link, follow=True)
    assert response.context["validlink"]
    response = invited.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "a long enough new passphrase",
            "new_password2": "a long enough new passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long enough new passphrase")


def test_invited_person_can_ask_for_a_new_link(client, cast):
    _admin_client(client, cast)
    client.post(
        "/accounts/organisation/people/new/",
        {"email": "late@example.org", "full_name": "Lars Late", "role": Role.WORKER},
    )
    Client().post("/accounts/password/reset/", {"email": "late@example.org"})
    assert [m.to for m in mail.outbox] == [["late@example.org"], ["late@example.org"]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-email", "full_name": "X", "role": "worker"}, "email"),
        ({"email": "worker@example.org", "full_name": "X", "role": "worker"}, "email"),
        ({"email": "WORKER@example.org", "full_name": "X", "role": "worker"}, "email"),
        ({"email": "outsider@example.net", "full_name": "X", "role": "worker"}, "email"),
        ({"email": "a@example.org", "full_name": "", "role": "worker"}, "full_name"),
        ({"email": "a@example.org", "full_name": "x" * 10_000, "role": "worker"}, "full_name"),
        ({"email": "a@example.org", "full_name": "A", "role": "superuser"}, "role"),
        ({"email": "a@example.org", "full_name": "A", "role": "worker", "team": "999999"}, "team"),
        ({"email": "a@example.org", "full_name": "A", "role": "worker", "team": "abc"}, "team"),
    ],
)
def test_invite_bad_input_changes_nothing(client, cast, data, field):
    _admin_client(client, cast)
    users_before = User.objects.count()
    response = client.post("/accounts/organisation/people/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'aria-describedby="id_{field}_error"' in response.content.decode()
    assert User.objects.count() == users_before
    assert mail.outbox == []


def test_invite_cannot_use_another_organisations_team(client, cast):
    foreign_team = Team.objects.create(organisation=cast.other_org, name="Fremmed")
    _admin_client(client, cast)
    response = client.post(
        "/accounts/organisation/people/new/",
        {"email": "a@example.org", "full_name": "A", "role": "worker", "team": foreign_team.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["team"]
    assert not User.objects.filter(email="a@example.org").exists()


# --- Edit, deactivate, reactivate -----------------------------------------------------------


def test_edit_role_and_team(client, cast):
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker)
    url = f"/accounts/organisation/people/{membership.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.LEAD, "team": cast.other_team.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.team) == (Role.LEAD, cast.other_team)
    response = client.post(url, {"role": Role.WORKER, "team": ""})
    membership.refresh_from_db()
    assert (membership.role, membership.team) == (Role.WORKER, None)


@pytest.mark.parametrize(
    "data", [{"role": "boss"}, {"role": ""}, {"role": "worker", "team": "999999"}]
)
def test_edit_bad_input_changes_nothing(client, cast, data):
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker)
    response = client.post(f"/accounts/organisation/people/{membership.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    membership.refresh_from_db()
    assert (membership.role, membership.team) == (Role.WORKER, cast.team)


def test_edit_cannot_assign_another_organisations_team(client, cast):
    foreign_team = Team.objects.create(organisation=cast.other_org, name="Fremmed")
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker)
    response = client.post(
        f"/accounts/organisation/people/{membership.pk}/",
        {"role": "worker", "team": foreign_team.pk},
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.team == cast.team


def test_admin_cannot_change_their_own_access(client, cast):
    _admin_client(client, cast)
    own = Membership.objects.get(user=cast.admin)
    response = client.post(
        f"/accounts/organisation/people/{own.pk}/", {"role": Role.WORKER}, follow=True
    )
    assert "You cannot change your own access" in response.content.decode()
    client.post(f"/accounts/organisation/people/{own.pk}/deactivate/")
    client.post(f"/accounts/organisation/people/{own.pk}/deactivate-account/")
    own.refresh_from_db()
    cast.admin.refresh_from_db()
    assert own.role == Role.ADMIN and own.is_active and cast.admin.is_active


def test_deactivating_a_membership_ends_access_and_sessions(client, cast):
    victim = Client()
    login(victim, cast.worker)
    second = Client()
    login(second, cast.worker)
    keys = [victim.session.session_key, second.session.session_key]
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker)
    url = f"/accounts/organisation/people/{membership.pk}/deactivate/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    left = live_sessions(keys)
    trust.record(
        "sessions",
        case="deactivating the membership of a user signed in twice",
        sessions_to_end=2,
        live_sessions_after_deactivation=left,
    )
    assert left == 0
    membership.refresh_from_db()
    assert not membership.is_active
    assert not _signed_in(victim) and not _signed_in(second)
    assert "membership ended" in client.get("/accounts/organisation/people/").content.decode()

    response = client.post(f"/accounts/organisation/people/{membership.pk}/reactivate/")
    membership.refresh_from_db()
    assert membership.is_active


def test_deactivating_an_account_ends_sessions_and_login(client, cast):
    victim = Client()
    login(victim, cast.worker)
    keys = [victim.session.session_key]
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker)
    response = client.post(f"/accounts/organisation/people/{membership.pk}/deactivate-account/")
    assert response.status_code == 302
    left = live_sessions(keys)
    trust.record(
        "sessions",
        case="deactivating the account of a signed-in user",
        sessions_to_end=1,
        live_sessions_after_deactivation=left,
    )
    assert left == 0
    cast.worker.refresh_from_db()
    assert not cast.worker.is_active
    assert not _signed_in(victim)
    assert "account deactivated" in client.get("/accounts/organisation/people/").content.decode()
    client.post(f"/accounts/organisation/people/{membership.pk}/reactivate/")
    cast.worker.refresh_from_db()
    assert cast.worker.is_active


def test_account_in_two_organisations_is_not_switched_off_by_one(client, cast):
    Membership.objects.create(user=cast.worker, organisation=cast.other_org, role=Role.WORKER)
    _admin_client(client, cast)
    membership = Membership.objects.get(user=cast.worker, organisation=cast.org)
    response = client.post(
        f"/accounts/organisation/people/{membership.pk}/deactivate-account/", follow=True
    )
    assert "also belongs to another organisation" in response.content.decode()
    cast.worker.refresh_from_db()
    assert cast.worker.is_active


# --- Organisation settings ------------------------------------------------------------------


def test_settings_save(client, cast):
    _admin_client(client, cast)
    assert client.get("/accounts/organisation/settings/").status_code == 200
    response = client.post(
        "/accounts/organisation/settings/",
        {
            "name": "Ny Kommune",
            "default_language": "sv",
            "citizen_term": "client",
            "cti_caseload_cap": "12",
        },
    )
    assert response.status_code == 302
    cast.org.refresh_from_db()
    assert (
        cast.org.name,
        cast.org.default_language,
        cast.org.citizen_term,
        cast.org.cti_caseload_cap,
    ) == (
        "Ny Kommune",
        "sv",
        "client",
        12,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 10_000}, "name"),
        ({"default_language": "de"}, "default_language"),
        ({"citizen_term": "prisoner"}, "citizen_term"),
        ({"cti_caseload_cap": "0"}, "cti_caseload_cap"),
        ({"cti_caseload_cap": "-3"}, "cti_caseload_cap"),
        ({"cti_caseload_cap": "100000"}, "cti_caseload_cap"),
        ({"cti_caseload_cap": "ten"}, "cti_caseload_cap"),
    ],
)
def test_settings_bad_input_changes_nothing(client, cast, data, field):
    _admin_client(client, cast)
    valid = {
        "name": "Ny Kommune",
        "default_language": "sv",
        "citizen_term": "client",
        "cti_caseload_cap": "12",
    }
    response = client.post("/accounts/organisation/settings/", {**valid, **data})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    # The header still shows the saved name, not the rejected one.
    assert "Demo Kommune" in response.content.decode()
    cast.org.refresh_from_db()
    assert (cast.org.name, cast.org.default_language, cast.org.cti_caseload_cap) == (
        "Demo Kommune",
        "da",
        10,
    )


def test_settings_change_only_the_active_organisation(client, cast):
    other_admin = make_user("admin@anden.example", "Anders Admin", cast.other_org, Role.ADMIN)
    login(client, other_admin)
    client.post(
        "/accounts/organisation/settings/",
        {
            "name": "Hacked",
            "default_language": "sv",
            "citizen_term": "client",
            "cti_caseload_cap": "12",
        },
    )
    assert Organisation.objects.get(pk=cast.org.pk).name == "Demo Kommune"
    assert Organisation.objects.get(pk=cast.other_org.pk).name == "Hacked"


def test_admin_pages_hold_no_case_data(client, cast):
    _admin_client(client, cast)
    for url in ["/accounts/organisation/people/", "/accounts/organisation/settings/"]:
        assert "CANARY" not in client.get(url).content.decode()
