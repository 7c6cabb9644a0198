"""Importing a spreadsheet in a real browser: upload, set the mapping, look at the preview,
import; axe-core on the upload page and on the mapping step before and after a change."""

import io

import openpyxl
import pytest

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.networks.services import map_latest

pytestmark = pytest.mark.browser

ROWS = [
    ["Navn", "Gruppe", "Afstand", "Telefon"],
    ["Karen Jensen", "mor", 1, "12 34 56 78"],
    ["Ole Hansen", "nabo", 3, "87 65 43 21"],
    ["Ida Holm", "sagsbehandler", 2, None],
]


def test_import_a_spreadsheet_with_a_mapping(page, context, live_server, cast, tmp_path):
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    sheet = tmp_path / "netvaerk.xlsx"
    out = io.BytesIO()
    book.save(out)
    sheet.write_bytes(out.getvalue())

    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/map/import/")
    assert_accessible(page)
    page.set_input_files("#id_file", str(sheet))
    page.get_by_role("button", name="Read the file").click()
    page.get_by_role("heading", name="The map as it would be saved").wait_for()
    assert page.locator("#import-counts").inner_text().startswith("3 people, 0 lines")
    assert_accessible(page)

    # The sector comes from "Gruppe", value by value; Ole goes to the default.
    page.get_by_label("Sector from").select_option("Gruppe")
    page.get_by_role("button", name="Show the preview").click()
    page.get_by_label("“mor” goes in").wait_for()
    page.get_by_label("“mor” goes in").select_option("family")
    page.get_by_label("“sagsbehandler” goes in").select_option("professionals")
    page.get_by_label("Values, ring by ring").check()
    page.get_by_label("Distance from", exact=True).select_option("Afstand")
    page.get_by_role("button", name="Show the preview").click()
    page.get_by_label("“3” goes on").wait_for()
    assert_accessible(page)

    page.get_by_label("Note for the new version").fill("From the old overview")
    page.get_by_role("button", name="Import as a new version").click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/map/")
    version = map_latest(citizen=cast.citizen)
    assert version.note == "Imported from netvaerk.xlsx. From the old overview"
    people = {c.name: c for c in version.parsed().contacts}
    assert people["Karen Jensen"].sector == "family"
    assert people["Ida Holm"].sector == "professionals"
    assert people["Ole Hansen"].sector == "others"
    assert people["Karen Jensen"].closeness < people["Ida Holm"].closeness
    assert people["Karen Jensen"].phone_direct == "12 34 56 78"
