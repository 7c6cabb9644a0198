"""The admin's sign-in page: IdP metadata checked on upload or fetch; SSO required for passwords."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.accounts.models import IdentityProvider, SsoProtocol
from omkreds.accounts.tests.helpers import password_login
from omkreds.lib.testing.cast import login
from omkreds.lib.testing.saml_idp import SamlIdp

pytestmark = pytest.mark.django_db

URL = "/accounts/organisation/sign-in/"
FIELDS = {
    "email_attribute": "mail",
    "name_attribute": "displayName",
    "role_attribute": "",
    "default_role": "worker",
    "mfa_values": "",
}


@pytest.fixture
def idp(tmp_path):
    idp = SamlIdp(tmp_path / "idp")
    yield idp
    idp.stop()


def _upload(client, content: bytes, **extra):
    data = {**FIELDS, "metadata_file": SimpleUploadedFile("idp.xml", content), **extra}
    return client.post(URL, data)


def test_the_page_shows_what_the_idp_administrator_must_enter(client, cast):
    login(client, cast.admin)
    response = client.get(URL)
    assert response.status_code == 200
    metadata_url = f"http://testserver/sso/saml/{cast.org.pk}/metadata/"
    assert metadata_url in response.text
    assert f"http://testserver/sso/saml/{cast.org.pk}/acs/" in response.text


@pytest.mark.parametrize("role", ["worker", "lead", "coordinator", "professional", "outsider"])
def test_only_the_organisations_admin_reaches_the_page(client, cast, role):
    login(client, getattr(cast, role))
    assert client.get(URL).status_code == 404
    assert client.post(URL, FIELDS).status_code == 404
    assert not IdentityProvider.objects.exists()


def test_uploaded_metadata_is_stored_with_its_entity_and_certificate(client, cast, idp):
    login(client, cast.admin)
    response = _upload(client, idp.metadata().encode(), enabled="on")
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=cast.org)
    assert provider.protocol == SsoProtocol.SAML
    assert provider.enabled
    assert provider.saml_entity_id == idp.entity_id
    assert provider.saml_certificate_expires_at > provider.organisation.created_at


def test_metadata_fetched_from_its_address(client, cast, idp):
    login(client, cast.admin)
    response = client.post(URL, {**FIELDS, "saml_metadata_url": f"{idp.url}/metadata"})
    assert response.status_code == 302
    assert IdentityProvider.objects.get().saml_entity_id == idp.entity_id


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not xml at all", "This is not XML metadata"),
        (b"<html><body>Sign in</body></html>", "describes no SAML identity provider"),
        ("no-certificate", "has no signing certificate"),
        ("expired", "signing certificate expired on"),
    ],
)
def test_bad_metadata_is_refused_with_the_reason_and_nothing_saved(
    client, cast, idp, tmp_path, content, reason
):
    if content == "no-certificate":
        content = re.sub(
            r"<(\w+):KeyDescriptor.*?</\1:KeyDescriptor>", "", idp.metadata(), flags=re.S
        ).encode()
    elif content == "expired":
        old = SamlIdp(
            tmp_path / "old",
            certificate_days=1,
            certificate_start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
        content = old.metadata().encode()
        old.stop()
    login(client, cast.admin)
    response = _upload(client, content, enabled="on")
    assert response.status_code == 200
    assert reason in response.text
    assert not IdentityProvider.objects.exists()


def test_an_unreachable_metadata_address_is_refused(client, cast):
    login(client, cast.admin)
    response = client.post(URL, {**FIELDS, "saml_metadata_url": "http://127.0.0.1:9/metadata"})
    assert "could not be fetched" in response.text
    assert not IdentityProvider.objects.exists()


def test_required_sso_refuses_passwords_except_the_break_glass_admin(client, cast, idp):
    IdentityProvider.objects.create(
        organisation=cast.org,
        protocol=SsoProtocol.SAML,
        enabled=True,
        saml_metadata=idp.metadata(),
        saml_entity_id=idp.entity_id,
        require_sso=True,
        break_glass_user=cast.admin,
    )
    refused = password_login(client, cast.worker.email)
    assert refused.status_code == 200
    assert "signs you in through its own login" in refused.text
    assert "_auth_user_id" not in client.session
    assert password_login(client, cast.admin.email).status_code == 302
    # Another organisation's people are not affected.
    assert password_login(client, cast.outsider.email).status_code == 302
