"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Fixtures (registered in omkreds/conftest.py):
  browser        one headless chromium per test process, started the first time a test asks.
  context        a fresh browser profile per test (no cookies), with `base_url` set to the live
                 server, so `page.goto("/accounts/login/")` works.
  page           a tab in that context. The test fails if the page threw a JavaScript error or
                 logged a console error (a script blocked by the content security policy, a
                 missing static file); clear `browser_errors` in a test that expects one.
  browser_errors the list those errors are collected in.

Helpers: `log_in(page, user)` logs in through the login form and the second factor page, with
a code computed from the user's TOTP device, as a person with an authenticator app would.
`sign_in(context, user, url=live_server.url)` skips the forms and hands the browser a session
past the second factor; use it in tests whose subject is not logging in.
`omkreds.lib.testing.a11y.assert_accessible(page)` runs axe-core on the page.

Mark browser tests `@pytest.mark.browser`; `pytest -m "not browser"` leaves them out. Chromium
is /usr/bin/chromium (Debian's), or OMKREDS_CHROMIUM. Pages can reach only 127.0.0.1.

Importing this module (omkreds/conftest.py does) sets DJANGO_ALLOW_ASYNC_UNSAFE for the whole
test process; see below.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkreds.lib.testing.cast import PASSWORD, login

# Playwright's sync API keeps an asyncio event loop running in the test thread, and Django
# refuses database calls from a thread with a running loop (SynchronousOnlyOperation). The
# tests and the live server are plain synchronous code, so the guard only gets in the way.
# This is the workaround Django and pytest-django document for Playwright.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# pytest-django's live server listens on "localhost" unless told otherwise; chromium would try
# ::1 first on every connection.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("OMKREDS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Only the live server is reachable: a page that loads anything from elsewhere fails.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# Pages come from a server on the same machine; anything slower than this is a hang. CI's
# second run with every core busy (`make test-browser-under-load`) allows more: a timeout is
# how long a wait for a page state may take, never a pause.
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "10000"))


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need chromium at {CHROMIUM} (`make deps` installs Debian's), "
            "or OMKREDS_CHROMIUM pointing at one. `pytest -m 'not browser'` skips them.",
            pytrace=False,
        )
    chromium = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


def new_context(browser, url: str, **options):
    """A fresh browser profile for the live server at `url`; `options` as Playwright's
    (a tablet: `viewport={"width": 1280, "height": 800}, has_touch=True`)."""
    options = {
        "locale": "en-GB",
        "timezone_id": settings.TIME_ZONE,
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
        "service_workers": "block",
        **options,
    }
    context = browser.new_context(base_url=url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


def watch(page, errors: list[str]):
    """Collect the page's uncaught errors and console errors into `errors`."""
    page.on("pageerror", lambda error: errors.append(f"uncaught {error}"))

    def console(message):
        source = message.location.get("url") or ""
        # Chromium asks for /favicon.ico by itself; that 404 is not the page's doing.
        if message.type == "error" and not source.endswith("/favicon.ico"):
            errors.append(f"console: {message.text} ({source})")

    page.on("console", console)
    return page


@pytest.fixture
def context(browser, live_server):
    context = new_context(browser, live_server.url)
    yield context
    context.close()


@pytest.fixture
def browser_errors() -> list[str]:
    return []


@pytest.fixture
def page(context, browser_errors):
    page = watch(context.new_page(), browser_errors)
    yield page
    assert browser_errors == [], "the page reported errors:\n" + "\n".join(browser_errors)


# --- Logging in -----------------------------------------------------------------------------


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none yet."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or a later one if that was just used.

    A device refuses a code it has accepted before, so a second login within 30 seconds uses
    the next time step (inside the device's tolerance), or waits for it.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    wanted = max(totp.t(), device.last_t + 1)
    while wanted - totp.t() > device.tolerance:
        time.sleep(0.5)
        totp.time = time.time()
    totp.drift += wanted - totp.t()
    return f"{totp.token():0{device.digits}d}"


def log_in(page, user, *, password: str = PASSWORD) -> None:
    """Log in through the login form and the second factor page; ends on the page after it."""
    device = totp_device(user)
    page.goto(reverse("accounts:login"))
    login_form = page.locator("main form:has(input[name=password])")
    login_form.locator("input[name=username]").fill(user.email)
    login_form.locator("input[name=password]").fill(password)
    login_form.locator("button[type=submit]").click()
    second_factor = reverse("accounts:second_factor")
    page.wait_for_url(re.compile(re.escape(second_factor)))
    code_form = page.locator("main form:has(input[name=code])")
    code_form.locator("input[name=code]").fill(totp_code(device))
    code_form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: second_factor not in url)


def sign_in(context, user, *, url: str) -> None:
    """Give the browser a session past the second factor without going through the forms.

    `url` is the live server's (`live_server.url`).
    """
    client = Client()
    login(client, user, verified=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def status_of(page, url: str) -> int:
    """The HTTP status of the page `url` answered with (the page goes there)."""
    response = page.goto(url)
    assert response is not None
    return response.status
