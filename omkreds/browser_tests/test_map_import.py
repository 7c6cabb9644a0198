"""Importing a map made elsewhere in a real browser, at 1280×800 (issue 19): a GraphML file
written by networkx's own writer (the karate club it ships), the mapping step set by hand, the
counts of the preview read, the import confirmed; axe-core on every step."""

import networkx as nx
import pytest

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import new_context, sign_in, watch
from omkreds.networks.imports.models import ImportDraft
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_latest

pytestmark = pytest.mark.browser


@pytest.fixture
def screen(browser, live_server, browser_errors, cast):
    context = new_context(browser, live_server.url, viewport={"width": 1280, "height": 800})
    sign_in(context, cast.worker, url=live_server.url)
    page = watch(context.new_page(), browser_errors)
    yield page
    context.close()
    assert browser_errors == [], "the page reported errors:\n" + "\n".join(browser_errors)


def counts(page) -> str:
    return page.locator("#import-counts").inner_text().strip()


def show_preview(page) -> None:
    """Press "Show the preview" and wait for the page it answers with."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Show the preview").click()


def test_a_networkx_graphml_file_is_mapped_previewed_and_imported(screen, cast, tmp_path):
    graph = nx.karate_club_graph()
    clubs = nx.get_node_attributes(graph, "club")
    karate = tmp_path / "karate.graphml"
    nx.write_graphml(graph, karate)
    page = screen

    page.goto(f"/citizens/{cast.citizen.pk}/map/import/")
    page.get_by_role("heading", name="Import a network map").wait_for()
    assert_accessible(page)
    page.get_by_label("File").set_input_files(str(karate))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Read the file").click()
    page.get_by_role("heading", name="The map as it would be saved").wait_for()
    # First guesses: the ids as names, everyone in the default sector, all of it drawn.
    assert counts(page) == "34 people, 78 lines, 0 left out."
    assert page.locator("figure.map-canvas svg").count() == 1
    assert MapVersion.objects.count() == 0  # the preview is not a version
    assert_accessible(page)

    # The sector from the file's "club", value by value.
    page.get_by_label("Sector from").select_option("club")
    show_preview(page)
    page.get_by_label("“Mr. Hi” goes in").select_option("family")
    page.get_by_label("“Officer” goes in").select_option("work_school")
    page.get_by_label("Otherwise the relation is").select_option("positive")
    show_preview(page)
    assert page.get_by_label("“Mr. Hi” goes in").input_value() == "family"
    assert page.get_by_label("“Officer” goes in").input_value() == "work_school"
    assert counts(page) == "34 people, 78 lines, 0 left out."
    # The drawing follows the mapping: each club's people in their sector.
    for club, sector in (("Mr. Hi", "family"), ("Officer", "work_school")):
        drawn = page.locator(f"figure.map-canvas g.contact[data-sector='{sector}']")
        assert drawn.count() == sum(1 for value in clubs.values() if value == club)
    assert MapVersion.objects.count() == 0
    assert_accessible(page)

    page.get_by_label("Note for the new version").fill("The club's network, 1977")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Import as a new version").click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/map/")
    page.get_by_text("The file was imported as version 1.").wait_for()

    version = map_latest(citizen=cast.citizen)
    assert version.number == 1
    assert version.note == "Imported from karate.graphml. The club's network, 1977"
    document = version.parsed()
    assert len(document.contacts) == 34 and len(document.ties) == 78
    wanted = {"Mr. Hi": "family", "Officer": "work_school"}
    for person in document.contacts:
        assert person.sector == wanted[clubs[int(person.name)]], person.name
        assert person.valence == "positive"
    assert not ImportDraft.objects.exists()
