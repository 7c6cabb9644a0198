"""OpenID Connect sign-in end to end: Chromium, our relying party and a real OpenID provider."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from mozilla_django_oidc.utils import generate_code_challenge

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
from omkreds.accounts.sso.oidc import fetch_discovery
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.cast import make_user
from omkreds.lib.testing.oidc_op import MFA_AMR, OidcOp

# The home page itself, not any address ending in "/" (the page the click started from does).
HOME = re.compile(r"^https?://[^/]+/$")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "oidc.person@example.org"


@pytest.fixture
def org():
    return Organisation.objects.create(name="Malmö stad", default_language="sv")


@pytest.fixture
def op():
    op = OidcOp()
    yield op
    op.stop()


def connect(organisation, op, live_server, **settings) -> IdentityProvider:
    """What the admin and the provider's administrator do: register the client, switch it on."""
    client_id, secret = f"omkreds-{organisation.pk}", f"secret-{organisation.pk}"
    op.register_client(client_id, secret, f"{live_server.url}/sso/oidc/{organisation.pk}/callback/")
    return IdentityProvider.objects.create(
        organisation=organisation,
        protocol=SsoProtocol.OIDC,
        enabled=True,
        oidc_issuer=op.issuer,
        oidc_client_id=client_id,
        oidc_client_secret=secret,
        oidc_provider=fetch_discovery(op.issuer),
        email_attribute="email",
        name_attribute="name",
        **settings,
    )


def sign_in(page, organisation):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in through your organisation").click()
    page.wait_for_url(re.compile(r"/sso/$"))
    page.get_by_role("link", name=organisation.name).click()


def test_a_new_person_is_made_inside_the_organisation_with_the_asserted_role(
    page, org, op, live_server
):
    connect(
        org,
        op,
        live_server,
        role_attribute="role",
        allowed_roles=[Role.WORKER, Role.LEAD],
        mfa_counts=True,
        mfa_values=["mfa"],
    )
    op.role, op.amr = "lead", list(MFA_AMR)
    sign_in(page, org)
    page.wait_for_url(HOME)  # home, past the second factor: the provider's counted
    user = User.objects.get(email=EMAIL)
    assert user.full_name == "Olga Connect"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (org, Role.LEAD)
    assert IdentityProviderDevice.objects.filter(user=user).count() == 1
    assert SeenAssertion.objects.count() == 1
    # Authorization code flow with PKCE: the provider saw an S256 challenge, then its verifier.
    request = op.authentication_requests[-1]
    assert (request["response_type"], request["code_challenge_method"]) == ("code", "S256")
    verifier = op.token_requests[-1]["code_verifier"]
    assert generate_code_challenge(verifier, "S256") == request["code_challenge"]


def test_without_the_providers_mfa_the_person_still_needs_a_second_factor(
    page, org, op, live_server
):
    connect(org, op, live_server, mfa_counts=True, mfa_values=["mfa"])
    sign_in(page, org)  # the provider says amr=["pwd"]
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    assert not IdentityProviderDevice.objects.exists()


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("wrong_signature", "signature on the answer is not valid"),
        ("wrong_audience", "was meant for another service"),
        ("expired", "has expired or is not valid yet"),
    ],
)
def test_a_bad_id_token_is_refused_with_a_page_and_creates_nothing(
    page, org, op, live_server, browser_errors, mode, reason
):
    connect(org, op, live_server)
    op.mode = mode
    sign_in(page, org)
    page.wait_for_url(re.compile(r"/callback/"))
    assert reason in page.locator("#sso-reason").inner_text()
    assert_accessible(page)
    assert not User.objects.filter(email=EMAIL).exists()
    assert SeenAssertion.objects.count() == 0
    assert page.request.get("/accounts/profile/", max_redirects=0).status == 302
    browser_errors.clear()  # the refusal is a 403, which Chromium logs


def test_a_replayed_answer_is_refused(page, org, op, live_server, browser_errors):
    connect(org, op, live_server)
    sign_in(page, org)
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    # The same code and state, back at the callback: the state was used once.
    page.goto(op.redirects[-1])
    assert "used already" in page.locator("#sso-reason").inner_text()
    # A new browser without the state: the answer was not asked for there.
    other = page.context.browser.new_context(base_url=live_server.url)
    response = other.request.get(op.redirects[-1])
    assert response.status == 403
    assert "was not asked for here" in response.text()
    other.close()
    assert User.objects.count() == 1
    assert SeenAssertion.objects.count() == 1
    browser_errors.clear()


def test_an_unknown_organisation_has_no_sign_in(page, org, op, live_server, browser_errors):
    page.goto("/sso/oidc/99999/login/")
    reason = page.locator("#sso-reason").inner_text()
    assert "No organisation signs in through this address" in reason
    response = page.request.get("/sso/oidc/99999/callback/?code=x&state=y")
    assert response.status == 404
    assert User.objects.count() == 0
    browser_errors.clear()


def test_organisation_bs_provider_cannot_sign_in_a_person_of_organisation_a(
    page, org, op, live_server, browser_errors
):
    other = Organisation.objects.create(name="Lunds kommun")
    make_user("anna@malmo.example", "Anna Malmö", org, Role.ADMIN)
    connect(other, op, live_server)
    op.person = {"email": "anna@malmo.example", "name": "Anna Malmö"}
    sign_in(page, other)
    page.wait_for_url(re.compile(r"/callback/"))
    assert "does not belong to Lunds kommun" in page.locator("#sso-reason").inner_text()
    assert not Membership.objects.filter(organisation=other).exists()
    assert page.request.get("/accounts/profile/", max_redirects=0).status == 302
    browser_errors.clear()


def test_the_state_is_bound_to_the_organisation_it_was_made_for(
    page, org, op, live_server, browser_errors
):
    """A code fetched for organisation A's sign-in, sent to organisation B's callback."""
    other = Organisation.objects.create(name="Lunds kommun")
    connect(org, op, live_server)
    connect(other, op, live_server)
    # The browser's own cookies, but stopping before it goes back to organisation A.
    to_op = page.request.get(f"/sso/oidc/{org.pk}/login/", max_redirects=0)
    back = page.request.get(to_op.headers["location"], max_redirects=0)
    query = parse_qs(urlparse(back.headers["location"]).query)
    page.goto(f"/sso/oidc/{other.pk}/callback/?code={query['code'][0]}&state={query['state'][0]}")
    assert "was not asked for here" in page.locator("#sso-reason").inner_text()
    assert User.objects.count() == 0
    browser_errors.clear()
