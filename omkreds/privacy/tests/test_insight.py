"""Insight (GDPR art. 15): the export of everything held about a citizen."""

import csv
import datetime as dt
import io
import json
import re
import zipfile

from django.utils import timezone
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


def _archive(response) -> zipfile.ZipFile:
    assert response.streaming  # built in a temporary file and streamed, never held whole
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "access_log.csv",
        "insight.json",
        "summary.html",
        "summary.pdf",
    ]
    return archive


def _open(response) -> tuple[dict, str]:
    return _read(_archive(response))


def _read(archive) -> tuple[dict, str]:
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
    archive = _archive(response)
    for name in archive.namelist():
        assert "Bo Hidden" not in archive.read(name).decode("latin-1")
    found, summary = _read(archive)
    assert found["citizen"]["name"] == cast.citizen.name
    assert [c["name"] for c in found["map_versions"][0]["document"]["contacts"]] == ["Anna Aunt"]
    assert [c["name"] for c in found["overview"]] == ["Anna Aunt"]
    assert found["meetings"][0]["concern"] == "Rent arrears are growing"
    assert [q["text"] for q in found["councils"][0]["questions"]] == ["Where can she live?"]
    assert "room_code_hash" not in found["councils"][0]
    assert {c["purpose"] for c in found["consents"]} >= {"Patientens team"}
    assert any(e["action"] == Action.VIEW_CASE for e in found["access_log"])
    assert {e["what"] for e in found["change_history"]} >= {"map_version", "meeting_decide"}
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


def test_every_look_up_is_exported_and_the_summary_counts_them_by_month_person_and_why(
    cast, login_as
):
    """A long log: every row in insight.json and access_log.csv, in order; the summary's table has
    one row per month, person and purpose, and its counts add up to the whole log."""
    lookers = [cast.worker, cast.lead, cast.colleague]
    months = [timezone.make_aware(dt.datetime(2026, m, 10, 9, 0)) for m in (3, 5, 8)]
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=month + dt.timedelta(minutes=n),
            user=user,
            user_label=user.email,
            organisation=cast.org,
            citizen_id=cast.citizen.pk,
            action=Action.VIEW_MAP if n % 2 else Action.VIEW_CASE,
        )
        for month in months
        for user in lookers
        for n in range(40)
    )
    response = login_as(cast.worker).get(_url(cast, "en"))
    held = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk).count()
    assert held == 3 * 3 * 40 + 1  # and the export's own row, written before it is built
    archive = _archive(response)
    found = json.loads(archive.read("insight.json"))
    rows = list(csv.DictReader(io.StringIO(archive.read("access_log.csv").decode("utf-8-sig"))))
    assert len(found["access_log"]) == len(rows) == held
    assert [r["at"] for r in rows] == [e["at"] for e in found["access_log"]]
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)
    for user in lookers:
        mine = [r for r in rows if r["who"] == user.email]
        assert len(mine) == 3 * 40 + (user == cast.worker)
    html = archive.read("summary.html").decode()
    table = html[html.index("Who looked at your data") :]
    counts = [int(c) for c in re.findall(r"<td>(\d+)</td></tr>", table)]
    assert sum(counts) == held
    # 3 months x 3 people x 2 purposes, and this month's export by the worker.
    assert len(counts) == 3 * 3 * 2 + 1
    for user in lookers:
        assert table.count(f"<td>{user.email}</td>") == 3 * 2 + (user == cast.worker)
    for month in ("March 2026", "May 2026", "August 2026"):
        assert table.count(f"<td>{month}</td>") == 3 * 2
