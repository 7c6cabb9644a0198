"""A network council in a real browser (seed 003, "Netværksrådslagning"), as its people walk it.

The worker prepares the council with the main person's questions and the people they want to
invite, and assigns a neutral coordinator. The coordinator logs in in a browser of their own
(told by an e-mail that reaches a real SMTP server on loopback), sees the questions and the
invitees' contact details but not the case (the case and the map answer 404 in the browser),
records a visit, sends the invitations and runs the three steps. In step 2 the coordinator
opens the private page: a device left in the room (a third browser, no login) enters the code
by keyboard and writes the network's proposals of the leaflet's four kinds; a fourth browser
with the same code is refused; the worker's account cannot read the draft. In step 3 the plan
is presented and each proposal answered; the council is closed with a follow-up meeting, the
personal plan and its PDF work, and the coordinator's workspace is gone.

axe-core runs on every page each browser visits.
"""

import datetime as dt

import pytest
from django.conf import settings as django_settings

from omkreds.browser_tests import council_steps
from omkreds.browser_tests.council_steps import Walk
from omkreds.lib.testing.browser import TIMEOUT_MS, sign_in
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save

pytestmark = pytest.mark.browser


@pytest.fixture
def network(cast):
    """The citizen's network map as the map issue leaves it: Anna with an e-mail address."""
    document = MapDocument(
        contacts=[
            Contact(
                id="c-anna",
                name="Anna Mor",
                sector="family",
                closeness=0.2,
                relation="mother",
                email="anna@example.dk",
            ),
        ]
    )
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)


def another_browser(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id=django_settings.TIME_ZONE,
        viewport={"width": 1024, "height": 900},
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def coordinator_context(browser, live_server):
    """The coordinator's own browser: nothing of the worker's session."""
    context = another_browser(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def room_context(browser, live_server):
    """The device left in the room: no account, a tablet-sized screen."""
    context = another_browser(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def intruder_context(browser, live_server):
    """A second device that tries the same code."""
    context = another_browser(browser, live_server)
    yield context
    context.close()


def test_a_network_council_in_three_steps_with_the_private_page_on_a_device_in_the_room(
    page,
    context,
    coordinator_context,
    room_context,
    intruder_context,
    live_server,
    cast,
    network,
    smtp_server,  # noqa: F811  (the fixture imported above)
    browser_errors,
    settings,
    today,
):
    settings.SITE_URL = live_server.url
    sign_in(context, cast.worker, url=live_server.url)
    walk = Walk(
        page=page,
        cast=cast,
        smtp=smtp_server,
        browser_errors=browser_errors,
        coordinator_context=coordinator_context,
        room_context=room_context,
        intruder_context=intruder_context,
        today=today,
        council_day=today + dt.timedelta(days=10),
        followup_day=today + dt.timedelta(days=60),
        citizen=cast.citizen.pk,
    )
    council_steps.step_prepare(walk)
    council_steps.step_coordinator(walk)
    council_steps.step_time(walk)
    council_steps.step_step1(walk)
    council_steps.step_step2(walk)
    council_steps.step_proposals(walk)
    council_steps.step_nobody(walk)
    council_steps.step_step3(walk)
    council_steps.step_answers(walk)
    council_steps.step_close(walk)
    council_steps.step_plan(walk)
    council_steps.step_followup(walk)
