"""The admin's sign-in page for OpenID Connect: the issuer's discovery document is checked."""

import pytest

from omkreds.accounts.models import IdentityProvider, SsoProtocol
from omkreds.accounts.tests.helpers import password_login
from omkreds.lib.testing.cast import login
from omkreds.lib.testing.oidc_op import OidcOp

pytestmark = pytest.mark.django_db

URL = "/accounts/organisation/sign-in/"
FIELDS = {
    "protocol": "oidc",
    "oidc_client_id": "omkreds",
    "oidc_client_secret": "s3cret",
    "email_attribute": "email",
    "name_attribute": "name",
    "role_attribute": "",
    "default_role": "worker",
    "mfa_values": "mfa\nhttps://data.gov.dk/concept/core/nsis/loa/Substantial",
}


@pytest.fixture
def op():
    op = OidcOp()
    yield op
    op.stop()


def test_the_page_shows_the_redirect_uri(client, cast):
    login(client, cast.admin)
    response = client.get(URL)
    assert f"http://testserver/sso/oidc/{cast.org.pk}/callback/" in response.text


def test_the_issuer_is_read_and_kept_with_the_client(client, cast, op):
    login(client, cast.admin)
    response = client.post(
        URL, {**FIELDS, "oidc_issuer": op.issuer + "/", "enabled": "on", "mfa_counts": "on"}
    )
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=cast.org)
    assert (provider.protocol, provider.enabled) == (SsoProtocol.OIDC, True)
    assert provider.oidc_issuer == op.issuer
    assert provider.oidc_provider["token_endpoint"] == f"{op.issuer}/token"
    assert (provider.oidc_client_id, provider.oidc_client_secret) == ("omkreds", "s3cret")
    assert provider.mfa_values == ["mfa", "https://data.gov.dk/concept/core/nsis/loa/Substantial"]
    # The secret is never shown again; saving without it keeps it.
    page = client.get(URL).text
    assert "s3cret" not in page
    assert "discovery document was read" in page
    response = client.post(URL, {**FIELDS, "oidc_issuer": op.issuer, "oidc_client_secret": ""})
    assert response.status_code == 302
    assert IdentityProvider.objects.get().oidc_client_secret == "s3cret"


@pytest.mark.parametrize(
    ("issuer", "reason"),
    [
        ("http://127.0.0.1:9", "could not be fetched"),
        ("ftp://idp.example.org", "must start with https://"),
        ("wrong-issuer", "names another issuer"),
        ("not-json", "is not JSON"),
    ],
)
def test_a_bad_issuer_is_refused_with_the_reason_and_nothing_saved(
    client, cast, op, issuer, reason
):
    if issuer == "wrong-issuer":
        issuer = op.issuer + "/other"
    elif issuer == "not-json":
        issuer = op.issuer + "/not-json"
    login(client, cast.admin)
    response = client.post(URL, {**FIELDS, "oidc_issuer": issuer, "enabled": "on"})
    assert response.status_code == 200
    assert reason in response.text
    assert not IdentityProvider.objects.exists()


def test_switching_on_needs_the_client(client, cast, op):
    login(client, cast.admin)
    response = client.post(
        URL, {**FIELDS, "oidc_issuer": op.issuer, "oidc_client_secret": "", "enabled": "on"}
    )
    assert response.status_code == 200
    assert "Give the issuer, client ID and client secret" in response.text
    assert not IdentityProvider.objects.exists()


def test_required_sso_through_openid_connect_refuses_passwords_except_break_glass(client, cast, op):
    IdentityProvider.objects.create(
        organisation=cast.org,
        protocol=SsoProtocol.OIDC,
        enabled=True,
        oidc_issuer=op.issuer,
        oidc_client_id="omkreds",
        oidc_client_secret="s3cret",
        oidc_provider={"issuer": op.issuer},
        require_sso=True,
        break_glass_user=cast.admin,
    )
    for person in (cast.worker, cast.lead, cast.coordinator):
        refused = password_login(client, person.email)
        assert "signs you in through its own login" in refused.text
        assert "_auth_user_id" not in client.session
    assert password_login(client, cast.admin.email).status_code == 302
    client.logout()
    assert password_login(client, cast.outsider.email).status_code == 302
