"""The network map editor in a real browser: by mouse and by keyboard only, kept after reload.

Each walk ends by reloading the page and checking the database: what the editor saved through
the API is what the next visit shows.
"""

import re

import pytest

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.browser

NAMES = ["Anna", "Bo", "Cecilie", "Dan", "Eva"]


def open_editor(page, context, live_server, cast, rest=""):
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/map/{rest}")
    page.wait_for_selector("svg.network-map.editing")


def latest():
    return MapVersion.objects.order_by("-number").first()


def wait_saved(page, count=None):
    """Until the editor says it saved and nothing is pending (the figures beside the map too:
    the test then reads the database that the live server shares with it)."""
    page.wait_for_function(
        "() => { const e = window.omkredsMapEditor;"
        " return e && !e.saveTimer && !e.saving && !e.figuresLoading && e.base.version !== null"
        " && JSON.stringify(e.doc) === JSON.stringify(e.base.document); }"
    )
    if count is not None:
        assert len(latest().parsed().contacts) == count


def add_by_form(page, name, sector_index=0):
    page.fill("#id_add-name", name)
    page.select_option("#id_add-sector", index=sector_index)
    page.click("#quick-add button[type=submit]")


def contact_node(page, name):
    return page.locator(
        "g.contact", has=page.locator("text.name", has_text=re.compile(f"^{name}$"))
    )


def centre_on_screen(page):
    return page.evaluate(
        """() => {
          const e = window.omkredsMapEditor;
          const p = new DOMPoint(e.F.cx, e.F.cy).matrixTransform(e.svg.getScreenCTM());
          return [p.x, p.y];
        }"""
    )


def test_add_five_drag_closer_draw_a_tie_and_reload(page, context, live_server, cast):
    open_editor(page, context, live_server, cast)
    for index, name in enumerate(NAMES):
        add_by_form(page, name, sector_index=index % 5)
    assert page.locator("g.contact").count() == 5
    wait_saved(page, count=5)

    # Drag Anna halfway towards the citizen.
    anna = contact_node(page, "Anna")
    box = anna.locator("circle.shape").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cx, cy = centre_on_screen(page)
    before = next(c for c in latest().parsed().contacts if c.name == "Anna").closeness
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + (cx - x) * 0.06 * step, y + (cy - y) * 0.06 * step)
    page.mouse.up()
    page.wait_for_function("() => document.getElementById('map-live').textContent.includes('Anna')")

    # A line from Anna to Bo: select Anna, "Draw a line", then Bo.
    page.click(".map-toolbar [data-action=tie]")
    contact_node(page, "Bo").locator("circle.shape").click()
    assert page.locator("g.tie-group").count() == 1
    wait_saved(page, count=5)

    saved = latest().parsed()
    anna_after = next(c for c in saved.contacts if c.name == "Anna")
    assert anna_after.closeness < before - 0.2
    ids = {c.name: c.id for c in saved.contacts}
    assert [(t.a, t.b) for t in saved.ties] == [(ids["Anna"], ids["Bo"])]

    page.reload()
    page.wait_for_selector("svg.network-map.editing")
    assert page.locator("g.contact").count() == 5
    assert page.locator("g.tie-group").count() == 1
    assert sorted(page.locator("g.contact text.name").all_text_contents()) == NAMES


def test_the_same_by_keyboard_only(page, context, live_server, cast):
    open_editor(page, context, live_server, cast)
    page.locator("#id_add-name").focus()
    for name in NAMES:
        page.keyboard.type(name)
        page.keyboard.press("Enter")  # submits the quick-add form; focus returns to the name
    assert page.locator("g.contact").count() == 5
    wait_saved(page, count=5)
    assert page.evaluate("() => document.activeElement.id") == "id_add-name"
    # Each newcomer lands on free ground in the first sector, wherever that is.
    eva_before = next(c for c in latest().parsed().contacts if c.name == "Eva").closeness

    # Back from the form to the map: Shift+Tab reaches the last person added (Eva).
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.matches('g.contact')"):
            break
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Eva")
    for _ in range(6):
        page.keyboard.press("ArrowUp")  # closer
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.getElementById('map-live').textContent.includes('Eva')")

    # A line from Eva to Dan: T, Shift+Tab to Dan, T.
    page.keyboard.press("t")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith(
        "Dan"
    )
    page.keyboard.press("t")
    assert page.locator("g.tie-group").count() == 1
    page.wait_for_function("() => document.getElementById('map-live').textContent.includes('Dan')")

    # Remove Dan, then undo and redo and undo again: Dan and the line come back.
    page.keyboard.press("Delete")
    assert page.locator("g.contact").count() == 4
    assert page.locator("g.tie-group").count() == 0
    page.keyboard.press("Control+z")
    assert page.locator("g.contact").count() == 5
    page.keyboard.press("Control+Shift+z")
    assert page.locator("g.contact").count() == 4
    page.keyboard.press("Control+z")
    assert page.locator("g.contact").count() == 5
    assert page.locator("g.tie-group").count() == 1

    # Enter opens the details; change the relation to "negative", Escape closes.
    contact_node(page, "Eva").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_panel-name"
    page.select_option("#id_panel-valence", "negative")
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    wait_saved(page, count=5)

    saved = latest().parsed()
    eva = next(c for c in saved.contacts if c.name == "Eva")
    assert eva.closeness == pytest.approx(max(0, eva_before - 0.3), abs=0.01)
    assert eva.valence == "negative"
    ids = {c.name: c.id for c in saved.contacts}
    assert {frozenset((t.a, t.b)) for t in saved.ties} == {frozenset((ids["Eva"], ids["Dan"]))}

    page.reload()
    page.wait_for_selector("svg.network-map.editing")
    assert page.locator("g.contact").count() == 5
    assert page.locator("g.tie-group").count() == 1
    assert "valence-negative" in contact_node(page, "Eva").get_attribute("class")


def test_a_conflict_keeps_my_change_and_applies_it_on_top(
    page, context, live_server, cast, browser_errors
):
    map_save(
        citizen=cast.citizen,
        author=cast.lead,
        document=data([contact("anna", "Anna")]),
        based_on=None,
    )
    open_editor(page, context, live_server, cast)
    # Someone else saves while the page is open.
    map_save(
        citizen=cast.citizen,
        author=cast.lead,
        document=data([contact("anna", "Anna"), contact("bo", "Bo")]),
        based_on=1,
    )
    add_by_form(page, "Cecilie")
    page.wait_for_selector("#conflict:not([hidden])")
    assert "Bo was added." in page.locator("#conflict-lines").inner_text()
    page.click("[data-action=apply-mine]")
    wait_saved(page)
    assert sorted(c.name for c in latest().parsed().contacts) == ["Anna", "Bo", "Cecilie"]
    assert latest().number == 3
    # The browser logs the expected 409 as a failed request.
    assert all("409" in error for error in browser_errors)
    browser_errors.clear()


def test_editor_history_and_compare_are_accessible(page, context, live_server, cast):
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([contact("anna", "Anna", closeness=0.9), contact("bo", "Bo")]),
        based_on=None,
    )
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("anna", "Anna", closeness=0.2, trend="closer", wanted_closeness=0.1),
                contact("bo", "Bo", valence="negative"),
                contact("cy", "Cy", type="pet"),
            ],
            [tie("anna", "bo", kind="conflict")],
        ),
        based_on=1,
    )
    open_editor(page, context, live_server, cast)
    assert_accessible(page)
    contact_node(page, "Anna").click()
    page.wait_for_selector("#panel:not([hidden])")
    assert_accessible(page)
    page.goto(f"/citizens/{cast.citizen.pk}/map/together/")
    page.wait_for_selector("svg.network-map.editing")
    assert_accessible(page)
    page.goto(f"/citizens/{cast.citizen.pk}/map/history/")
    assert_accessible(page)
    page.goto(f"/citizens/{cast.citizen.pk}/map/compare/")
    assert page.locator("line.movement-arrow").count() == 1
    assert_accessible(page)

    # The professional's read-only, shared copy.
    sign_in(context, cast.professional, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/map/")
    assert page.locator("g.contact").count() == 3
    assert_accessible(page)


def test_version_notes_restore_and_compare_any_two_versions(page, context, live_server, cast):
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([contact("anna", "Anna", closeness=0.9)]),
        based_on=None,
        note="first meeting",
    )
    open_editor(page, context, live_server, cast)
    # Without a note, the autosave describes what was done.
    add_by_form(page, "Bo")
    wait_saved(page, count=2)
    assert latest().number == 2 and latest().note == "Bo was added."
    # A note typed beside the map goes with the next save, and the field empties.
    page.fill("#version-note", "after the phone call")
    add_by_form(page, "Cecilie")
    wait_saved(page, count=3)
    assert latest().note == "after the phone call"
    assert page.input_value("#version-note") == ""
    # The figures beside the map follow the save; wait for them before this test writes to the
    # database itself, which the live server shares with it.
    page.wait_for_function(
        "() => document.getElementById('figures-version').textContent.includes('version 3.')"
    )

    # Compare version 1 with version 3 (not neighbours): the movement overlay and the lines.
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [contact("anna", "Anna", closeness=0.1), contact("bo", "Bo")], [tie("anna", "bo")]
        ),
        based_on=3,
    )
    page.goto(f"/citizens/{cast.citizen.pk}/map/history/")
    assert page.get_by_role("cell", name="first meeting").count() == 1
    page.select_option("#id_a", "1")
    page.select_option("#id_b", "4")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(re.compile(r"a=1&b=4"))
    assert page.locator("line.movement-arrow").count() == 1
    assert "Anna moved closer." in page.content()
    assert "Bo was added." in page.content()
    assert_accessible(page)

    # Restore version 1 as a new version 5; the history says where it came from.
    page.goto(f"/citizens/{cast.citizen.pk}/map/history/")
    # The four saves of this sitting are one entry; each save is listed inside it.
    sitting = page.locator("details.map-saves")
    assert sitting.count() == 1
    sitting.locator("summary").click()
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_selector("text=Version 1 was restored as version 5.")
    assert latest().number == 5 and latest().restored_from == 1
    assert [c.name for c in latest().parsed().contacts] == ["Anna"]
    assert "restored from version 1" in page.content()
    assert_accessible(page)


def test_figures_page_is_accessible(page, context, live_server, cast, tmp_path):
    for number, people in enumerate(
        [
            [contact("anna", "Anna", closeness=0.1, valence="negative")],
            [
                contact("anna", "Anna", closeness=0.1, valence="negative"),
                contact("bo", "Bo", sector="relatives", support_kinds=["emotional"]),
                contact("dr", "Dr Berg", sector="professionals"),
            ],
        ]
    ):
        map_save(
            citizen=cast.citizen,
            author=cast.worker,
            document=data(people, [tie("anna", "bo")] if number else []),
            based_on=number or None,
        )
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/map/figures/")
    assert page.locator("svg.sparkline").count() == 8
    assert "A negative relation is in the inner ring." in page.content()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "figures.png", full_page=True)


def test_the_figures_beside_the_map_follow_each_save(page, context, live_server, cast):
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([contact("anna", "Anna")]),
        based_on=None,
    )
    open_editor(page, context, live_server, cast)
    figures = page.locator("#map-figures")
    assert figures.locator("[data-figure=contacts]").inner_text() == "1"
    for count, name in enumerate(["Bo", "Cecilie", "Dan"], start=2):
        add_by_form(page, name)
        wait_saved(page, count=count)
        number = latest().number
        page.wait_for_function(
            "(n) => document.getElementById('figures-version').textContent.includes(`version ${n}.`)",
            arg=number,
        )
        assert figures.locator("[data-figure=contacts]").inner_text() == str(count)
        assert figures.locator("[data-figure=without-ties]").inner_text() == str(count)
