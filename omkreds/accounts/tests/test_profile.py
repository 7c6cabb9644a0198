import pytest
from django.conf import settings

from omkreds.accounts.models import ApiToken, Membership, Role

pytestmark = pytest.mark.django_db


def test_profile_shows_forms_with_labels(login_as, cast):
    client = login_as(cast.worker)
    response = client.get("/accounts/profile/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_full_name"' in page and 'for="id_language"' in page and 'for="id_name"' in page
    assert 'href="/accounts/password/change/"' in page
    # One membership: no organisation switcher.
    assert "/accounts/profile/organisation/" not in page


def test_saving_name_and_language_sets_the_language_cookie(login_as, cast):
    client = login_as(cast.worker)
    response = client.post(
        "/accounts/profile/", {"full_name": "  Wanda   W. Worker ", "language": "sv"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    cast.worker.refresh_from_db()
    assert cast.worker.full_name == "Wanda W. Worker"
    assert cast.worker.language == "sv"
    # LocaleMiddleware now answers in Swedish.
    response = client.get("/accounts/profile/")
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": "", "language": "da"}, "full_name"),
        ({"full_name": "   ", "language": "da"}, "full_name"),
        ({"full_name": "x" * 10_000, "language": "da"}, "full_name"),
        ({"full_name": "Wanda", "language": "de"}, "language"),
        ({"full_name": "Wanda", "language": ""}, "language"),
    ],
)
def test_bad_profile_input_changes_nothing(login_as, cast, data, field):
    client = login_as(cast.worker)
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 200
    assert response.context["profile_form"].errors[field]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert f'aria-describedby="id_{field}_error"' in page
    cast.worker.refresh_from_db()
    assert cast.worker.full_name == "Wanda Worker"
    assert cast.worker.language == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_organisation_switcher(login_as, cast):
    Membership.objects.create(user=cast.worker, organisation=cast.other_org, role=Role.LEAD)
    ended = Membership.objects.create(
        user=cast.worker, organisation=_third_org(), role=Role.WORKER, is_active=False
    )
    client = login_as(cast.worker)
    page = client.get("/accounts/profile/").content.decode()
    assert "Anden Kommune" in page
    assert ended.organisation.name not in page
    response = client.post("/accounts/profile/organisation/", {"organisation": cast.other_org.pk})
    assert response.status_code == 302
    assert client.session["organisation_id"] == cast.other_org.pk
    response = client.get("/accounts/profile/")
    assert response.context["organisation"] == cast.other_org
    # An organisation without an active membership cannot be chosen.
    for bad in [ended.organisation_id, 999_999, "abc", ""]:
        response = client.post(
            "/accounts/profile/organisation/", {"organisation": bad}, follow=True
        )
        assert "You cannot work in that organisation." in response.content.decode()
        assert client.session["organisation_id"] == cast.other_org.pk
    assert client.get("/accounts/profile/organisation/").status_code == 405


def _third_org():
    from omkreds.accounts.models import Organisation

    return Organisation.objects.create(name="Tredje Kommune")


def test_api_token_create_shows_secret_once_list_and_revoke(login_as, cast):
    client = login_as(cast.worker)
    response = client.post("/accounts/profile/tokens/", {"name": "My script"})
    assert response["Location"] == "/accounts/profile/"
    token = ApiToken.objects.get(user=cast.worker)
    assert token.organisation == cast.org
    page = client.get("/accounts/profile/").content.decode()
    secret = page.split('<code class="token-secret">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith("omk_")
    assert ApiToken.hash(secret) == token.digest
    assert "My script" in page
    page = client.get("/accounts/profile/").content.decode()
    assert secret not in page and "My script" in page

    assert client.get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not ApiToken.objects.live().filter(pk=token.pk).exists()
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/", follow=True)
    assert "already revoked" in response.content.decode()


@pytest.mark.parametrize("name", ["", "   ", "x" * 10_000])
def test_api_token_bad_name(login_as, cast, name):
    client = login_as(cast.worker)
    response = client.post("/accounts/profile/tokens/", {"name": name})
    assert response.status_code == 200
    assert response.context["token_form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_cannot_revoke_someone_elses_token(login_as, cast):
    token, _ = ApiToken.issue(user=cast.colleague, organisation=cast.org, name="theirs")
    client = login_as(cast.worker)
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post("/accounts/profile/tokens/999999/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "theirs" not in client.get("/accounts/profile/").content.decode()


def test_profile_needs_login(client, db):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
