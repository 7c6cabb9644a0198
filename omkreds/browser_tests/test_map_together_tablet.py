"""Together at the tablet: the map editor on a 10-inch touch screen, held in both directions.

Every test runs at 1280×800 and at 800×1280 with a touch screen. The map and the toolbar are
on screen without scrolling, people are finger-sized, a tap opens the details in a sheet over
the map without moving it or calling up the on-screen keyboard, and the map is drawn by touch.
"""

import pytest

from omkreds.browser_tests.test_map_editor import wait_saved
from omkreds.lib.testing.a11y import WCAG22_TAGS, assert_accessible
from omkreds.lib.testing.browser import new_context, sign_in, watch
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data

pytestmark = pytest.mark.browser

SCREENS = {"landscape": (1280, 800), "portrait": (800, 1280)}
# Upper half of the map, so that a sheet over the bottom (portrait) leaves them free.
PEOPLE = [
    contact("anna", "Anna", angle=20.0, relation="daughter"),
    contact("bo", "Bo", sector="professionals", angle=330.0),
    contact("cy", "Cy", sector="relatives", angle=80.0, closeness=0.8),
]


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


def open_together(page, cast, people=PEOPLE):
    if people:
        map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    # The live server's first answer in a run imports and warms up the whole application.
    page.goto(f"/citizens/{cast.citizen.pk}/map/together/", timeout=60_000)
    page.wait_for_selector("svg.network-map.editing")


def person(page, name):
    return page.locator(f"g.contact:has(text.name:text-is('{name}'))")


def tap(page, locator):
    """A finger's tap (touch events only, no mouse), scrolled into view first if need be."""
    locator.tap()


def latest():
    return MapVersion.objects.order_by("-number").first().parsed()


def in_view(page, selector):
    return page.evaluate(
        """(selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5
            && r.right <= innerWidth + 0.5 && r.width > 0;
        }""",
        selector,
    )


def test_map_and_toolbar_fit_the_screen_and_people_are_finger_sized(tablet, cast):
    open_together(tablet, cast)
    page = tablet
    sizes = page.evaluate(
        """() => ({
          scroll: document.scrollingElement.scrollHeight - innerHeight,
          scrollX: document.scrollingElement.scrollWidth - innerWidth,
          people: [...document.querySelectorAll('g.contact')].map((g) => {
            const hit = g.querySelector('.hit').getBoundingClientRect();
            const name = g.querySelector('.name');
            const scale = name.getScreenCTM().a;
            return [hit.width, hit.height, parseFloat(name.getAttribute('font-size')) * scale];
          }),
          map: document.querySelector('svg.network-map').getBoundingClientRect().height,
        })"""
    )
    assert sizes["scroll"] <= 0 and sizes["scrollX"] <= 0
    for selector in ("svg.network-map", ".map-toolbar", "[data-action=undo]", "[data-action=tie]"):
        assert in_view(page, selector), selector
    assert len(sizes["people"]) == 3
    for width, height, name_px in sizes["people"]:
        assert width >= 44 and height >= 44
        assert name_px >= 16
    # The map takes the space there is: most of the screen's height or width.
    assert sizes["map"] >= 0.55 * min(SCREENS["landscape"])
    assert_accessible(page, tags=WCAG22_TAGS)


def test_a_tap_opens_the_sheet_over_a_still_map_without_a_keyboard(tablet, cast):
    open_together(tablet, cast)
    page = tablet
    before = page.evaluate(
        "() => [scrollY, document.querySelector('svg.network-map').getBoundingClientRect().toJSON()]"
    )
    tap(page, person(page, "Anna").locator("circle.shape"))
    page.wait_for_selector("#panel:not([hidden])")
    after = page.evaluate(
        "() => [scrollY, document.querySelector('svg.network-map').getBoundingClientRect().toJSON()]"
    )
    assert after == before
    focused = page.evaluate("() => document.activeElement.matches('input, textarea, select')")
    assert not focused
    assert page.locator("#panel-heading").inner_text() == "Anna"
    # What the citizen talks about comes first; the rest is folded away.
    first = page.locator("#contact-form > .form-row").all_inner_texts()
    assert [text.split("\n")[0].rstrip(":") for text in first][:3] == ["Name", "Relation", "Sector"]
    assert page.locator("#contact-form details.more-details:not([open])").count() == 1
    assert page.locator("#id_panel-relation").input_value() == "daughter"
    assert in_view(page, "#panel")
    assert_accessible(page, tags=WCAG22_TAGS)

    # Closeness as rings to tap, the relation as words to tap.
    tap(page, page.locator("label[for=id_panel-ring_0]"))
    tap(page, page.locator("label", has_text="difficult").first)
    tap(page, page.locator("label", has_text="moving closer"))
    wait_saved(page)
    anna = next(c for c in latest().contacts if c.name == "Anna")
    assert anna.closeness < 1 / 3
    assert (anna.valence, anna.trend) == ("negative", "closer")
    page.locator("#panel [data-action=close-panel]").click()
    assert page.locator("#panel").is_hidden()


def test_twelve_people_added_in_a_row_overlap_no_one(tablet, cast):
    open_together(tablet, cast, people=[])
    page = tablet
    # Six to a field: at a tablet's sizes a field of five holds about ten before it is full
    # (then the least crowded spot is taken).
    for number in range(12):
        page.fill("#id_add-name", f"Person {number + 1}")
        page.select_option("#id_add-sector", index=number % 2)
        page.locator("#quick-add button[type=submit]").click()
    page.wait_for_function("() => document.querySelectorAll('g.contact').length === 12")
    wait_saved(page, count=12)
    overlaps = page.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll('g.contact')].map((g) => [
            g.querySelector('.hit').getBoundingClientRect(), g.querySelector('.name').getBoundingClientRect()]);
          const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const found = [];
          boxes.forEach(([hit, name], i) => boxes.forEach(([otherHit, otherName], j) => {
            if (j <= i) return;
            if (meet(hit, otherHit) || meet(name, otherName) || meet(hit, otherName) || meet(name, otherHit)) found.push([i, j]);
          }));
          return found;
        }"""
    )
    assert overlaps == []
    # Each one stays in the sector they were added to.
    assert {c.sector for c in latest().contacts} == {"family", "relatives"}


def test_drawing_a_line_and_zooming_by_touch_only(tablet, cast):
    open_together(tablet, cast)
    page = tablet
    tap(page, person(page, "Anna").locator("circle.shape"))
    page.wait_for_selector("#panel:not([hidden])")
    tap(page, page.locator(".map-toolbar [data-action=tie]"))
    tap(page, person(page, "Bo").locator("circle.shape"))
    page.wait_for_selector("g.tie-group")
    wait_saved(page)
    ids = {c.name: c.id for c in latest().contacts}
    assert [(t.a, t.b) for t in latest().ties] == [(ids["Anna"], ids["Bo"])]
    assert_accessible(page, tags=WCAG22_TAGS)

    # Two fingers apart on the map: it zooms in about them; "Show the whole map" goes back.
    full = page.evaluate("() => document.querySelector('svg.network-map').viewBox.baseVal.width")
    pinch(page, spread=3)
    page.wait_for_selector("[data-action=fit]:not([hidden])")
    zoomed = page.evaluate("() => document.querySelector('svg.network-map').viewBox.baseVal.width")
    assert zoomed < full * 0.7
    # Nothing moved on the map and nothing was saved by the gesture.
    assert page.evaluate("() => window.omkredsMapEditor.undoStack.length") == 1
    assert_accessible(page, tags=WCAG22_TAGS)
    tap(page, page.locator("[data-action=fit]"))
    page.wait_for_selector("[data-action=fit][hidden]", state="attached")
    assert (
        page.evaluate("() => document.querySelector('svg.network-map').viewBox.baseVal.width")
        == full
    )


def pinch(page, *, spread):
    """Two fingers on the map's centre move apart until `spread` times as far apart."""
    box = page.locator("svg.network-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 3
    session = page.context.new_cdp_session(page)

    def touch(kind, gap):
        points = [{"x": cx - gap, "y": cy, "id": 1}, {"x": cx + gap, "y": cy, "id": 2}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 30)
    for step in range(1, 11):
        touch("touchMove", 30 + 30 * (spread - 1) * step / 10)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def test_touch_during_a_save_conflict_moves_nothing(tablet, cast, browser_errors):
    open_together(tablet, cast)
    page = tablet
    map_save(
        citizen=cast.citizen,
        author=cast.lead,
        document=data([*PEOPLE, contact("dan", "Dan", sector="others", angle=200.0)]),
        based_on=1,
    )
    page.fill("#id_add-name", "Eva")
    page.locator("#quick-add button[type=submit]").click()
    page.wait_for_selector("#conflict:not([hidden])")
    assert in_view(page, "#conflict")
    anna = person(page, "Anna").locator("circle.shape")
    before = anna.bounding_box()
    session = page.context.new_cdp_session(page)
    x, y = before["x"] + before["width"] / 2, before["y"] + before["height"] / 2
    for kind, dx in (("touchStart", 0), ("touchMove", 40), ("touchMove", 80)):
        session.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x + dx, "y": y, "id": 1}]},
        )
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert anna.bounding_box() == before
    tap(page, page.locator("[data-action=apply-mine]"))
    wait_saved(page)
    assert sorted(c.name for c in latest().contacts) == ["Anna", "Bo", "Cy", "Dan", "Eva"]
    assert all("409" in error for error in browser_errors)
    browser_errors.clear()
