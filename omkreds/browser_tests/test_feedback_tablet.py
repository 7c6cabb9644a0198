"""The worker's tablet handed over at the end of the meeting (issue 13, point 3): on a 10-inch
touch screen held either way, the worker hands the tablet to a participant, who answers the
anonymous feedback form by touch; the tablet then reaches nothing else (the home page leads back
to the form) until the worker's password, after which the staff's feedback page is back.

axe-core runs on each page shown. Every wait is for a page state, never for time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import new_context, sign_in, watch
from omkreds.lib.testing.cast import PASSWORD
from omkreds.meetings import guide, services, services_invitations, services_memo
from omkreds.meetings.models import FeedbackResponse

pytestmark = pytest.mark.browser

SCREENS = {"landscape": (1280, 800), "portrait": (800, 1280)}
PEOPLE = [("Anna Mor", "anna@example.dk"), ("Bo Bror", ""), ("Cai Ven", "")]


@pytest.fixture(params=list(SCREENS))
def tablet(request, browser, live_server, browser_errors, cast):
    width, height = SCREENS[request.param]
    context = new_context(
        browser, live_server.url, viewport={"width": width, "height": height}, has_touch=True
    )
    sign_in(context, cast.worker, url=live_server.url)
    page = watch(context.new_page(), browser_errors)
    yield page
    context.close()
    assert browser_errors == [], "the page reported errors:\n" + "\n".join(browser_errors)


@pytest.fixture
def held(cast):
    """A meeting that began two hours ago, its memo written, three participants."""
    meeting = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    start = timezone.now() - dt.timedelta(hours=2)
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Room",
    )
    for name, email in PEOPLE:
        services_invitations.invitee_add(
            meeting=meeting,
            by=cast.worker,
            name=name,
            email=email,
            phone="" if email else "+45 20 30 40 50",
            channel="email" if email else "phone",
        )
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")
    return meeting


def tap_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.tap()


def test_a_participant_answers_on_the_tablet_and_the_worker_takes_it_back(tablet, held, cast):
    page = tablet
    feedback = f"/citizens/{held.citizen_id}/meetings/{held.pk}/feedback/"
    page.goto(feedback)
    assert_accessible(page)
    page.get_by_label("Who will answer on the tablet?").select_option(label="Cai Ven")
    tap_and_wait(page, page.get_by_role("button", name="Hand the tablet over"))
    page.wait_for_url(f"**{feedback}tablet/answer/")
    assert page.get_by_role("navigation", name="Main").count() == 0  # no staff menu
    assert_accessible(page)

    # The participant answers by touch: one answer per question, and a comment.
    fieldsets = page.locator("#tablet-feedback fieldset").all()
    assert len(fieldsets) == len(guide.FEEDBACK.items)
    ticks = ["Yes", "Partly", "No"] * len(fieldsets)
    for fieldset, answer in zip(fieldsets, ticks[: len(fieldsets)], strict=True):
        fieldset.get_by_label(answer, exact=True).tap()
        assert fieldset.get_by_label(answer, exact=True).is_checked()
    page.get_by_label("Anything else you want to say?").fill("Godt møde")
    tap_and_wait(page, page.get_by_role("button", name="Send feedback"))
    page.locator("#tablet-thanks").wait_for()
    assert_accessible(page)
    [answer] = FeedbackResponse.objects.filter(meeting=held)
    assert (answer.source, answer.comment) == ("tablet", "Godt møde")

    # Nothing else is reachable: the home page leads back to the form.
    page.goto("/")
    page.wait_for_url(f"**{feedback}tablet/answer/")
    page.locator("#tablet-thanks").wait_for()

    # A wrong password keeps it locked; the worker's own brings the staff page back.
    page.locator("#tablet-unlock summary").tap()
    page.get_by_label("Your password").fill("not it")
    tap_and_wait(page, page.get_by_role("button", name="Back to the staff pages"))
    page.get_by_text("That is not the password. Try again.").wait_for()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    tap_and_wait(page, page.get_by_role("button", name="Back to the staff pages"))
    page.wait_for_url(f"**{feedback}")
    page.get_by_text("Welcome back. The tablet shows the staff pages again.").wait_for()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_label("Who will answer on the tablet?").locator(
        "option"
    ).all_inner_texts() == [
        "Anna Mor",
        "Bo Bror",
    ]
    assert_accessible(page)
