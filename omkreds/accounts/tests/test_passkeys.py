"""Passkeys in Chromium with a virtual authenticator (DevTools WebAuthn domain): added on the
profile or instead of the app at first login, used as the second factor, and as a sign-in of
its own only where the organisation allows it."""

import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from omkreds.accounts.models import Membership, Organisation, Role
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    new_context,
    sign_in,
    totp_device,
)
from omkreds.lib.testing.cast import PASSWORD, make_user

# The home page itself, not any address ending in "/" (the page the click started from does).
HOME = re.compile(r"^https?://[^/]+/$")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org():
    return Organisation.objects.create(name="Aarhus Kommune", default_language="da")


@pytest.fixture(scope="module")
def browser(_playwright):
    """Chromium as everywhere, but "localhost" reaches the live server (passkeys need it)."""
    args = [
        "--host-resolver-rules=MAP localhost 127.0.0.1 , MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
        if arg.startswith("--host-resolver-rules=")
        else arg
        for arg in CHROMIUM_ARGS
    ]
    chromium = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield chromium
    chromium.close()


@pytest.fixture
def site(live_server) -> str:
    # Browsers take passkeys over plain http only on "localhost", never on an IP address.
    return live_server.url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture
def context(browser, site):
    context = new_context(browser, site)
    yield context
    context.close()


@pytest.fixture(autouse=True)
def relying_party(settings, site):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site]


def authenticator(page) -> str:
    """A platform authenticator with user verification, as a laptop's fingerprint reader."""
    cdp = getattr(page, "_omkreds_cdp", None)
    if cdp is None:
        cdp = page.context.new_cdp_session(page)
        cdp.send("WebAuthn.enable", {"enableUI": False})
    answer = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page._omkreds_cdp = cdp  # keep the session (and the authenticator) alive with the page
    return answer["authenticatorId"]


def password_step(page, user):
    page.goto("/accounts/login/")
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()


def log_out(page):
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_a_passkey_added_on_the_profile_is_the_second_factor_at_the_next_login(
    page, context, org, site
):
    user = make_user("ada@aarhus.example", "Ada Worker", org, Role.WORKER)
    totp_device(user)
    sign_in(context, user, url=site)
    authenticator(page)
    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_role("button", name=re.compile(r"Remove the passkey")).wait_for()
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    assert_accessible(page)
    log_out(page)

    password_step(page, user)
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    assert_accessible(page)
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(HOME)
    page.goto("/accounts/profile/")  # past the second factor: the profile opens
    page.get_by_role("heading", name="Passkeys").wait_for()
    assert WebAuthnCredential.objects.get(user=user).last_used_at is not None

    page.get_by_role("button", name=re.compile(r"Remove the passkey")).click()
    page.get_by_text("The passkey has been removed.").wait_for()
    assert not WebAuthnCredential.objects.filter(user=user).exists()


def test_a_new_person_may_set_up_a_passkey_instead_of_the_app(page, org):
    user = make_user("new@aarhus.example", "Nina New", org, Role.WORKER)
    authenticator(page)
    password_step(page, user)
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_role("button", name="Set up a passkey").click()
    page.wait_for_url(HOME)
    assert WebAuthnCredential.objects.filter(user=user).count() == 1
    log_out(page)
    # Next time the passkey is the only second factor offered, and it is enough.
    password_step(page, user)
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    assert page.locator("input[name=code]").count() == 0
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(HOME)


def test_a_passkey_alone_signs_in_only_where_the_organisation_allows_it(
    page, context, org, site, browser_errors
):
    users = [make_user(f"p{i}@aarhus.example", f"Person {i}", org, Role.WORKER) for i in range(3)]
    # Person 1 also works for an organisation that does not allow it: the stricter one counts.
    refusing = Organisation.objects.create(name="Odense Kommune")
    Membership.objects.create(user=users[1], organisation=refusing, role=Role.WORKER)
    org.passkey_sign_in = True
    org.save()
    allowed = [True, False, True]
    for user, may in zip(users, allowed, strict=True):
        device = authenticator(page)  # each person's own laptop
        totp_device(user)
        sign_in(context, user, url=site)
        page.goto("/accounts/profile/")
        page.get_by_role("button", name="Add a passkey").click()
        page.get_by_role("button", name=re.compile(r"Remove the passkey")).wait_for()
        log_out(page)
        context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_role("button", name="Log in with a passkey").click()
        if may:
            page.wait_for_url(HOME)
            log_out(page)
        else:
            page.get_by_text("does not allow signing in with a passkey alone").wait_for()
            browser_errors.clear()  # the refusal is a 403, which Chromium logs
            assert page.request.get("/accounts/profile/", max_redirects=0).status == 302
        page._omkreds_cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": device})
        context.clear_cookies()
