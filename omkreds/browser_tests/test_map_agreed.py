"""The version agreed with the citizen, marked at the tablet (issue 14, point 4): from the
history to the version page, by touch at 1280×800; compare and Over time then open on the
agreed versions. Every page state is checked with axe (WCAG 2.2 AA, target size included)."""

import re

import pytest
from django.utils import timezone

from omkreds.lib.testing.a11y import WCAG22_TAGS, assert_accessible
from omkreds.lib.testing.browser import new_context, sign_in, watch
from omkreds.networks.models import MapAgreement
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data

pytestmark = pytest.mark.browser


@pytest.fixture
def tablet(browser, live_server, browser_errors, cast):
    context = new_context(
        browser, live_server.url, viewport={"width": 1280, "height": 800}, has_touch=True
    )
    sign_in(context, cast.worker, url=live_server.url)
    page = watch(context.new_page(), browser_errors)
    yield page
    context.close()
    assert browser_errors == [], "the page reported errors:\n" + "\n".join(browser_errors)


def four_versions(cast):
    """Versions 1–4, version n with n people; the worker and the lead take turns, so that each
    version is its own sitting in the history."""
    for number in range(1, 5):
        people = [contact(f"p{i}", f"Person {i}", angle=i * 40.0) for i in range(number)]
        map_save(
            citizen=cast.citizen,
            author=cast.worker if number % 2 else cast.lead,
            document=data(people),
            based_on=number - 1 or None,
        )


def mark_from_history(page, cast, number, note):
    page.goto(f"/citizens/{cast.citizen.pk}/map/history/", timeout=60_000)
    page.wait_for_selector("table")
    page.get_by_role("link", name=f"Version {number}", exact=True).tap()
    page.wait_for_selector(f"h1:text-is('Network map, version {number}')")
    page.locator("details.agreed-form > summary").tap()
    page.wait_for_selector("details.agreed-form[open]")
    assert_accessible(page, tags=WCAG22_TAGS)
    page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name=f"Mark version {number} as agreed").tap()
    page.wait_for_selector("p.agreed-mark")
    assert "Agreed with the citizen on" in page.locator("p.agreed-mark").inner_text()
    assert note in page.locator("p.agreed-mark").inner_text()
    assert_accessible(page, tags=WCAG22_TAGS)


def test_worker_marks_versions_agreed_by_touch_and_compare_and_over_time_follow(tablet, cast):
    four_versions(cast)
    page = tablet
    notes = {1: "First drawing at the kitchen table", 3: "Agreed after the meeting"}
    for number, note in notes.items():
        mark_from_history(page, cast, number, note)
    marks = {a.version.number: a for a in MapAgreement.objects.select_related("version")}
    assert set(marks) == {1, 3}
    for number, note in notes.items():
        assert marks[number].note == note and marks[number].agreed_on == timezone.localdate()
        assert marks[number].marked_by == cast.worker

    # The history names each agreed version.
    page.goto(f"/citizens/{cast.citizen.pk}/map/history/")
    page.wait_for_selector("strong.agreed-mark")
    agreed = page.locator("strong.agreed-mark").all_inner_texts()
    assert [re.match(r"Version (\d+)", text).group(1) for text in agreed] == ["3", "1"]
    assert_accessible(page, tags=WCAG22_TAGS)

    # Compare opens on the two agreed versions, not on the last two.
    page.get_by_role("link", name="Compare versions").tap()
    page.wait_for_selector("h2:text-is('From version 1 to version 3')")
    assert page.locator("ul.agreed-marks li").count() == 2
    assert_accessible(page, tags=WCAG22_TAGS)

    # Over time shows the agreed versions, newest first; every version on request.
    page.goto(f"/citizens/{cast.citizen.pk}/map/figures/")
    page.wait_for_selector("table.over-time")
    assert over_time_columns(page) == ["v3", "v1"]
    assert_accessible(page, tags=WCAG22_TAGS)
    page.get_by_role("link", name="Show every version").tap()
    page.wait_for_selector("table.over-time caption:has-text('The figures of the last 4 versions')")
    assert over_time_columns(page) == ["v4", "v3", "v2", "v1"]
    assert_accessible(page, tags=WCAG22_TAGS)


def over_time_columns(page) -> list[str]:
    return [
        text.split("\n")[0].strip()
        for text in page.locator("table.over-time thead th.number").all_inner_texts()
    ]
