"""The citizen's own colours and signs on the map (issue 14, point 3), put on a person and on a
line by touch at a tablet (both ways round), and by keyboard only in the editor; each is saved
in the map document and drawn on the map."""

import re

import pytest

from omkreds.browser_tests.test_map_editor import open_editor, wait_saved
from omkreds.browser_tests.test_map_together_tablet import open_together, person, tablet, tap
from omkreds.lib.testing.a11y import WCAG22_TAGS, assert_accessible
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.browser

__all__ = ["tablet"]  # the fixture, at 1280×800 and 800×1280 with touch

PEOPLE = [
    contact("anna", "Anna", angle=20.0),
    contact("bo", "Bo", sector="professionals", angle=330.0),
    contact("cy", "Cy", sector="relatives", angle=80.0, closeness=0.8),
]


def choice(page, panel, text):
    """The label of one colour or sign, by its whole text (not "shared" for "red")."""
    return page.locator(f"{panel} label").filter(has_text=re.compile(rf"^\s*{text}\s*$"))


def latest():
    return MapVersion.objects.order_by("-number").first().parsed()


def drawn_marks(page, selector):
    return page.evaluate(
        """(selector) => {
          const g = document.querySelector(selector);
          const ring = g.querySelector('.mark-colour, .tie');
          return {
            stroke: ring && ring.getAttribute('stroke'),
            signs: [...g.querySelectorAll('.mark-sign')].map((s) => s.getAttribute('class')),
            label: g.getAttribute('aria-label') || '',
          };
        }""",
        selector,
    )


def test_colour_and_signs_on_a_person_and_a_line_by_touch(tablet, cast):
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(PEOPLE, [tie("anna", "cy")]),
        based_on=None,
    )
    page = tablet
    open_together(page, cast, people=[])
    tap(page, person(page, "Anna").locator("circle.shape"))
    page.wait_for_selector("#panel:not([hidden])")
    tap(page, choice(page, "#panel", "red"))
    for sign in ("heart", "star", "cake"):
        tap(page, choice(page, "#panel", sign))
    wait_saved(page)
    # Three signs at most: the others wait until one is taken off.
    assert page.locator("#panel input[name=panel-signs]:disabled").count() >= 7
    anna = next(c for c in latest().contacts if c.name == "Anna")
    assert (anna.colour, anna.signs) == ("red", ["heart", "star", "cake"])
    shown = drawn_marks(page, "#contact-anna")
    assert shown["stroke"] == "#c0292b"
    assert [s.split()[-1] for s in shown["signs"]] == ["sign-heart", "sign-star", "sign-cake"]
    assert "red" in shown["label"] and "heart" in shown["label"]
    assert_accessible(page, tags=WCAG22_TAGS)
    tap(page, choice(page, "#panel", "star"))
    wait_saved(page)
    assert next(c for c in latest().contacts if c.name == "Anna").signs == ["heart", "cake"]
    page.locator("#panel [data-action=close-panel]").click()

    # The line between Anna and Cy: tapped, then a colour and a sign.
    tap(page, page.locator("g.tie-group .tie"))
    page.wait_for_selector("#tie-panel:not([hidden])")
    tap(page, choice(page, "#tie-panel", "blue"))
    tap(page, choice(page, "#tie-panel", "phone"))
    wait_saved(page)
    assert [(t.colour, t.signs) for t in latest().ties] == [("blue", ["phone"])]
    shown = drawn_marks(page, "g.tie-group")
    assert shown["stroke"] == "#1f5bb8" and "sign-phone" in shown["signs"][0]
    assert_accessible(page, tags=WCAG22_TAGS)


def test_colour_and_sign_by_keyboard_only(page, context, live_server, cast):
    map_save(citizen=cast.citizen, author=cast.worker, document=data(PEOPLE), based_on=None)
    open_editor(page, context, live_server, cast)
    page.locator("#contact-bo").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel:not([hidden])")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name === 'panel-colour'"):
            break
    # Arrow keys move through the colours; each is chosen as it is reached.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "panel-signs"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    wait_saved(page)
    bo = next(c for c in latest().contacts if c.name == "Bo")
    assert (bo.colour, bo.signs) == ("orange", ["heart", "house"])
    shown = drawn_marks(page, "#contact-bo")
    assert shown["stroke"] == "#a84e00" and len(shown["signs"]) == 2
    assert_accessible(page, tags=WCAG22_TAGS)
    # The map's legend names what is used once the page is drawn again.
    page.reload()
    page.wait_for_selector("svg.network-map.editing")
    legend = page.locator("#legend").text_content()
    assert "orange" in legend and "heart" in legend and "house" in legend
