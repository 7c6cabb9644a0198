"""Insight (GDPR art. 15): the export of everything held about a citizen."""

import io
import json
import zipfile

from pypdf import PdfReader

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.councils.services import council_create
from omkreds.meetings import services as meetings
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data


def _url(cast, language=""):
    query = f"?language={language}" if language else ""
    return f"/citizens/{cast.citizen.pk}/insight.zip{query}"


def _seed(cast):
    people = [
        contact("anna", "Anna Aunt", phone_direct="+45 11 22 33 44"),
        contact("bo", "Bo Hidden", safety_marker=True),
    ]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    meetings.meeting_decide(
        citizen=cast.citizen,
        by=cast.worker,
        concern="Rent arrears are growing",
        goal="A plan",
        questions=["How can the rent be paid?"],
    )
    council_create(citizen=cast.citizen, by=cast.worker, questions=["Where can she live?"])


def _open(response) -> tuple[dict, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["insight.json", "summary.html", "summary.pdf"]
    pdf = PdfReader(io.BytesIO(archive.read("summary.pdf")))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    return (
        json.loads(archive.read("insight.json")),
        archive.read("summary.html").decode() + "\n<!-- pdf -->\n" + pdf_text,
    )


def test_worker_downloads_everything_held_without_safety_marked_people(cast, login_as):
    _seed(cast)
    client = login_as(cast.worker)
    client.get(f"/citizens/{cast.citizen.pk}/")  # a look-up the export must list
    response = client.get(_url(cast, "sv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert cast.citizen.name not in response["Content-Disposition"]
    found, summary = _open(response)
    assert found["citizen"]["name"] == cast.citizen.name
    assert [c["name"] for c in found["map_versions"][0]["document"]["contacts"]] == ["Anna Aunt"]
    assert [c["name"] for c in found["overview"]] == ["Anna Aunt"]
    assert found["meetings"][0]["concern"] == "Rent arrears are growing"
    assert [q["text"] for q in found["councils"][0]["questions"]] == ["Where can she live?"]
    assert "room_code_hash" not in found["councils"][0]
    assert {c["purpose"] for c in found["consents"]} >= {"Patientens team"}
    assert any(e["action"] == Action.VIEW_CASE for e in found["access_log"])
    assert {e["what"] for e in found["change_history"]} >= {"map_version", "meeting_decide"}
    assert "Bo Hidden" not in response.content.decode("latin-1")
    assert "Bo Hidden" not in summary and "Bo Hidden" not in json.dumps(found)
    assert 'lang="sv"' in summary
    html, pdf_text = summary.split("\n<!-- pdf -->\n")
    assert "Anna Aunt" in html and "Wanda Worker" in html
    assert "Anna Aunt" in pdf_text and "Bo Hidden" not in pdf_text


def test_the_export_is_logged_before_it_is_given(cast, login_as):
    client = login_as(cast.lead)
    client.get(_url(cast))
    row = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, user=cast.lead).first()
    assert row is not None and row.action == Action.EXPORT_INSIGHT


def test_unknown_language_falls_back_to_the_organisations(cast, login_as):
    response = login_as(cast.worker).get(_url(cast, "xx"))
    assert response.status_code == 200
    _found, summary = _open(response)
    assert 'lang="da"' in summary


def test_professional_with_consent_cannot_export(cast, login_as):
    assert login_as(cast.professional).get(_url(cast)).status_code == 404
    assert login_as(cast.colleague).get(_url(cast)).status_code == 404


def test_insight_page_offers_the_languages(cast, login_as):
    response = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/insight/")
    assert response.status_code == 200
    assert b'name="language"' in response.content


def test_post_is_refused(cast, login_as):
    assert login_as(cast.worker).post(_url(cast)).status_code == 405


def test_informed_marks_are_exported_but_never_for_safety_marked_people(cast, login_as):
    import datetime as dt

    from omkreds.privacy.informed import contact_mark_informed
    from omkreds.privacy.models import InformedRecord

    _seed(cast)
    contact_mark_informed(citizen=cast.citizen, contact_id="anna", by=cast.worker, how="letter")
    # Recorded before the person was marked do-not-contact.
    InformedRecord.objects.create(
        citizen=cast.citizen, contact_id="bo", informed_on=dt.date(2026, 1, 1), how="secret"
    )
    found, _summary = _open(login_as(cast.worker).get(_url(cast)))
    assert [(r["contact_id"], r["how"]) for r in found["informed"]] == [("anna", "letter")]


def test_organisation_may_leave_staff_names_out_of_the_access_log(cast, login_as):
    from omkreds.privacy.models import RightsSettings

    RightsSettings.objects.create(organisation=cast.org, insight_staff_names=False)
    client = login_as(cast.lead)
    client.get(f"/citizens/{cast.citizen.pk}/")
    found, summary = _open(client.get(_url(cast, "en")))
    looked = [e for e in found["access_log"] if e["action"] == Action.VIEW_CASE]
    assert looked and all(e["who"] == "" and e["organisation"] == "Demo Kommune" for e in looked)
    html = summary.split("\n<!-- pdf -->\n")[0]
    log_part = html[html.index("Who looked at your data") :]
    assert "lead@example.org" not in log_part and "Demo Kommune" in log_part
