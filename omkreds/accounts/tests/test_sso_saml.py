"""SAML single sign-on end to end: Chromium, our service provider and a real pysaml2 IdP."""

import re
import urllib.request

import pytest

from omkreds.accounts.models import (
    IdentityProvider,
    IdentityProviderDevice,
    Membership,
    Organisation,
    Role,
    SeenAssertion,
    SsoProtocol,
    User,
)
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in as browser_sign_in
from omkreds.lib.testing.cast import make_user
from omkreds.lib.testing.saml_idp import MFA, SamlIdp

# The home page itself, not any address ending in "/" (the page the click started from does).
HOME = re.compile(r"^https?://[^/]+/$")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org():
    return Organisation.objects.create(name="Aarhus Kommune", default_language="da")


@pytest.fixture
def idp(tmp_path):
    idp = SamlIdp(tmp_path / "idp")
    yield idp
    idp.stop()


def connect(organisation, idp, live_server, **settings) -> IdentityProvider:
    """What the admin and the IdP's administrator do: exchange metadata, switch it on."""
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        protocol=SsoProtocol.SAML,
        enabled=True,
        saml_metadata=idp.metadata(),
        saml_entity_id=idp.entity_id,
        email_attribute="mail",
        name_attribute="displayName",
        **settings,
    )
    url = f"{live_server.url}/sso/saml/{organisation.pk}/metadata/"
    with urllib.request.urlopen(url) as response:
        idp.trust_sp(response.read().decode())
    return provider


def sign_in(page, organisation):
    # Three parties sign, verify and decrypt with xmlsec1 on a busy machine: allow for it.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in through your organisation").click()
    page.wait_for_url(re.compile(r"/sso/$"))
    assert_accessible(page)
    page.get_by_role("link", name=organisation.name).click()


def test_a_new_person_is_made_inside_the_organisation_and_lands_at_home(
    page, org, idp, live_server
):
    connect(org, idp, live_server, mfa_counts=True, mfa_values=[MFA])
    idp.authn_context = MFA
    sign_in(page, org)
    page.wait_for_url(HOME)
    user = User.objects.get(email="sso.person@example.org")
    assert user.full_name == "Sara Single"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (org, Role.WORKER)
    assert IdentityProviderDevice.objects.filter(user=user).count() == 1
    assert SeenAssertion.objects.count() == 1


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("wrong_signature", "signature on the answer is not valid"),
        ("wrong_audience", "has expired or was meant for another service"),
        ("expired", "has expired or was meant for another service"),
    ],
)
def test_a_bad_answer_is_refused_with_a_page_and_creates_nothing(
    page, org, idp, live_server, browser_errors, mode, reason
):
    connect(org, idp, live_server)
    idp.mode = mode
    sign_in(page, org)
    page.wait_for_url(re.compile(r"/acs/$"))
    assert reason in page.locator("#sso-reason").inner_text()
    assert not User.objects.filter(email="sso.person@example.org").exists()
    assert SeenAssertion.objects.count() == 0
    browser_errors.clear()  # the refusal is a 403, which Chromium logs


def test_a_replayed_answer_is_refused(page, org, idp, live_server, browser_errors):
    # The IdP's MFA counts, so the first answer alone lands at home (no second factor here).
    connect(org, idp, live_server, mfa_counts=True, mfa_values=[MFA])
    idp.authn_context = MFA
    sign_in(page, org)
    page.wait_for_url(HOME)
    assert SeenAssertion.objects.count() == 1
    # The same signed answer, posted again by the same browser.
    response = page.request.post(
        f"/sso/saml/{org.pk}/acs/", form={"SAMLResponse": idp.responses[-1], "RelayState": "/"}
    )
    assert response.status == 403
    assert "used already" in response.text()
    assert SeenAssertion.objects.count() == 1
    assert User.objects.count() == 1


def test_an_unknown_organisation_has_no_sign_in(page, org, idp, live_server, browser_errors):
    page.goto("/sso/saml/99999/login/")
    assert (
        "No organisation signs in through this address" in page.locator("#sso-reason").inner_text()
    )
    response = page.request.post("/sso/saml/99999/acs/", form={"SAMLResponse": "x"})
    assert response.status == 404
    assert User.objects.count() == 0
    browser_errors.clear()


def test_organisation_bs_idp_cannot_sign_in_a_person_of_organisation_a(
    page, org, idp, live_server, browser_errors
):
    other = Organisation.objects.create(name="Odense Kommune")
    make_user("anna@aarhus.example", "Anna Aarhus", org, Role.ADMIN)
    connect(other, idp, live_server)
    idp.person = {"mail": "anna@aarhus.example", "displayName": "Anna Aarhus"}
    sign_in(page, other)
    page.wait_for_url(re.compile(r"/acs/$"))
    assert "does not belong to Odense Kommune" in page.locator("#sso-reason").inner_text()
    assert_accessible(page)
    assert not Membership.objects.filter(organisation=other).exists()
    assert "_auth_user_id" not in str(page.context.cookies())
    browser_errors.clear()


def test_single_logout_ends_the_session_here_and_at_the_idp(page, org, idp, live_server):
    connect(org, idp, live_server, mfa_counts=True, mfa_values=[MFA])
    idp.authn_context = MFA
    sign_in(page, org)
    page.wait_for_url(HOME)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))  # through the IdP's logout and back
    assert idp.logouts == ["subject-1"]
    page.goto("/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_the_admin_connects_the_idp_by_its_metadata_address(page, context, org, idp, live_server):
    admin = make_user("admin@aarhus.example", "Ada Admin", org, Role.ADMIN)
    browser_sign_in(context, admin, url=live_server.url)
    page.goto("/accounts/organisation/sign-in/")
    sp_metadata_url = page.locator("#sp-metadata-url").inner_text()
    assert sp_metadata_url == f"{live_server.url}/sso/saml/{org.pk}/metadata/"
    assert_accessible(page)
    page.get_by_label("IdP metadata URL").fill(f"{idp.url}/metadata")
    page.get_by_label("sign-in through the identity provider is on").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The sign-in settings have been saved.").wait_for()
    provider = IdentityProvider.objects.get(organisation=org)
    assert (provider.enabled, provider.saml_entity_id) == (True, idp.entity_id)
