import csv
import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from omkreds.access.models import AccessLogEntry
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture, save_people


def _export(cast, fmt):
    return f"/citizens/{cast.citizen.pk}/overview/export/{fmt}/"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_csv_leaves_out_do_not_contact_people_and_defuses_formulas(cast, login_as):
    contacts = [
        contact("gp", '=HYPERLINK("x")', role="own_doctor", email="a@example.org"),
        contact("ex", "Secret Ex", safety_marker=True),
    ]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(contacts), based_on=None)
    client = login_as(cast.worker)
    response = client.get(_export(cast, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert f'network-overview-{today}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Role", "Already active", "Name"]
    assert rows[1][2] == '\'=HYPERLINK("x")'
    assert "Secret Ex" not in response.content.decode()


def test_pdf_is_a4_dated_and_without_do_not_contact_people(cast, login_as):
    version = save_people(cast)
    photo = photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("p.jpg", picture()), user=cast.worker
    )
    document = version.document
    document["contacts"][1]["photo"] = photo.key
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=1)
    client = login_as(cast.worker)
    response = client.get(_export(cast, "pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = " ".join(_pdf_text(response.content).split())
    assert "Network overview of" in text
    assert "Dr. Lund, Lægehuset" in text and "E-mail: lund@example.org" in text
    assert "Secret Ex" not in text
    assert "Version 2 of the map" in text
    assert str(timezone.localdate().year) in text


def test_pdf_in_the_readers_language(cast, client, login_as):
    save_people(cast)
    login_as(cast.worker)
    client.cookies["django_language"] = "da"
    response = client.get(_export(cast, "pdf"), headers={"accept-language": "da"})
    assert response.status_code == 200
    # The Danish catalogue may not have these strings yet; the date is in Danish format.
    text = _pdf_text(response.content)
    assert timezone.localdate().strftime("%Y") in text


def test_the_team_pdf_states_the_consent_it_was_made_under(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    response = client.get(_export(cast, "pdf-team"), {"consent": cast.consent.pk})
    assert response.status_code == 200
    assert "network-overview-team-" in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content).split())
    assert "Made for the team on" in text
    assert "Patientens team" in text and "Petra Professional" in text
    assert "Secret Ex" not in text


def test_the_team_pdf_needs_a_consent_in_force(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    response = client.get(_export(cast, "pdf-team"))
    assert response.status_code == 302
    cast.consent.withdrawn_at = timezone.now()
    cast.consent.withdrawn_by = cast.worker
    cast.consent.save()
    response = client.get(_export(cast, "pdf-team"), {"consent": cast.consent.pk})
    assert response.status_code == 302
    assert not AccessLogEntry.objects.filter(object_type="overview_export").exists()


def test_word_holds_the_table(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    response = client.get(_export(cast, "docx"))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "Dr. Lund" in cells and "Secret Ex" not in cells
    assert "Network overview of" in document.paragraphs[0].text


@pytest.mark.parametrize("fmt", ["csv", "pdf", "docx", "pdf-team"])
def test_a_professionals_export_is_logged(cast, login_as, fmt):
    save_people(cast)
    client = login_as(cast.professional)
    response = client.get(_export(cast, fmt))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(user=cast.professional).latest("at")
    assert (entry.citizen_id, entry.action, entry.object_type, entry.object_id) == (
        cast.citizen.pk,
        "view_overview",
        "overview_export",
        fmt,
    )
    if fmt == "pdf-team":
        assert "Patientens team" in " ".join(_pdf_text(response.content).split())


def test_unknown_format_is_404(cast, login_as):
    client = login_as(cast.worker)
    assert client.get(_export(cast, "ods")).status_code == 404


def test_the_relation_typed_on_the_map_is_in_the_overview_and_every_export(cast, login_as):
    contacts = [
        contact("d", "Dorte", relation="datter"),
        contact("s", "Sanne", relation="søster"),
        contact("k", "Karl", relation="=nabo"),
    ]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(contacts), based_on=None)
    client = login_as(cast.worker)
    page = client.get(f"/citizens/{cast.citizen.pk}/overview/").content.decode()
    assert "(datter)" in page and "(søster)" in page and "(=nabo)" in page
    rows = list(
        csv.reader(io.StringIO(client.get(_export(cast, "csv")).content.decode("utf-8-sig")))
    )
    assert rows[0][-1] == "Relation"
    assert {row[2]: row[-1] for row in rows[1:]} == {
        "Dorte": "datter",
        "Sanne": "søster",
        "Karl": "'=nabo",
    }
    text = _pdf_text(client.get(_export(cast, "pdf")).content)
    assert "Dorte (datter)" in text and "Sanne (søster)" in text and "Karl (=nabo)" in text
    word = docx.Document(io.BytesIO(client.get(_export(cast, "docx")).content))
    names = [row.cells[2].text for row in word.tables[0].rows[1:]]
    assert sorted(names) == ["Dorte (datter)", "Karl (=nabo)", "Sanne (søster)"]


def test_in_danish_the_csv_and_the_xlsx_open_in_a_danish_spreadsheet(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    client.cookies["django_language"] = "da"
    response = client.get(_export(cast, "csv"), headers={"accept-language": "da"})
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Rolle", "Allerede aktiv", "Navn"]
    by_name = {row[2]: row for row in rows[1:]}
    assert set(by_name) == {"Mor Hansen", "Dr. Lund", "Jens Job"}
    # Bilag 7's words for the roles, and yes in Danish, not the keys.
    assert by_name["Dr. Lund"][0] == "Egen læge"
    assert by_name["Jens Job"][0] == "Jobcenterkonsulent"
    assert by_name["Mor Hansen"][1] == "ja" and by_name["Dr. Lund"][1] == ""
    assert by_name["Mor Hansen"][10] == "Familie"

    response = client.get(_export(cast, "xlsx"), headers={"accept-language": "da"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    today = timezone.localdate().isoformat()
    assert f'network-overview-{today}.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table[0][:3] == ["Rolle", "Allerede aktiv", "Navn"]
    assert {row[2]: row[0] for row in table[1:]} == {
        "Mor Hansen": None,
        "Dr. Lund": "Egen læge",
        "Jens Job": "Jobcenterkonsulent",
    }
    assert all(cell.data_type == "s" for cell in sheet[1])
    assert AccessLogEntry.objects.filter(
        user=cast.worker, object_type="overview_export", object_id="xlsx"
    ).exists()
