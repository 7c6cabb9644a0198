"""The phase plan (Bilag 5): team and own, due and overdue shifts, caseloads, CSV and PDF."""

import csv
import datetime as dt
import io

import openpyxl
from pypdf import PdfReader

from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen
from omkreds.cti import services
from omkreds.cti.models import CtiCourse


def start(cast, citizen, worker, on):
    return services.course_start(citizen=citizen, worker=worker, started_on=on, by=cast.lead)


def many_courses(cast, today, n: int, worker) -> None:
    """n citizens of the lead's team with one open course each, held by `worker`."""
    citizens = Citizen.objects.bulk_create(
        Citizen(organisation=cast.org, team=cast.team, name=f"Person {i:04d}") for i in range(n)
    )
    CaseTeamMember.objects.bulk_create(
        CaseTeamMember(citizen=c, user=worker, role=CaseRole.CTI_WORKER) for c in citizens
    )
    started = today - dt.timedelta(days=20)
    plan = services.planned_dates(started)
    CtiCourse.objects.bulk_create(
        CtiCourse(citizen=c, worker=worker, started_on=started, **plan.__dict__) for c in citizens
    )


def test_lead_sees_the_teams_courses_with_due_and_overdue_marked(cast, login_as, days_ago):
    overdue = start(cast, cast.citizen, cast.worker, days_ago(45))  # phase 1 planned 15 days ago
    due = start(cast, cast.colleague_citizen, cast.colleague, days_ago(25))  # in ~5 days
    start(cast, cast.other_team_citizen, cast.lead, days_ago(1))
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/")
    assert response.status_code == 200
    text = response.text
    assert "CANARY-7f3a-citizen-name" in text and "CANARY-7f3a-colleague-citizen" in text
    assert "other-team-citizen" not in text  # not the lead's team
    assert '<tr class="overdue">' in text and '<tr class="due">' in text
    assert text.count("overdue</strong>") == 1
    assert "Open CTI courses per worker (the cap is 10)" in text
    logged = set(
        AccessLogEntry.objects.filter(user=cast.lead, action="list").values_list(
            "citizen_id", flat=True
        )
    )
    assert logged == {overdue.citizen_id, due.citizen_id}


def test_worker_sees_only_own_courses_and_no_caseloads(cast, login_as, days_ago):
    start(cast, cast.citizen, cast.worker, days_ago(45))
    start(cast, cast.colleague_citizen, cast.colleague, days_ago(25))
    client = login_as(cast.worker)
    response = client.get("/cti/phase-plan/?scope=team")
    assert response.status_code == 200
    assert "CANARY-7f3a-citizen-name" in response.text
    assert "colleague-citizen" not in response.text
    assert "CTI caseloads" not in response.text


def test_ended_course_shows_the_end_reason(cast, login_as, today, days_ago):
    course = start(cast, cast.citizen, cast.worker, days_ago(45))
    services.course_end(
        course=course, on=today, reason="other", reason_text="Moved abroad", by=cast.worker
    )
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/")
    assert "Other: Moved abroad" in response.text


def test_others_are_turned_away(cast, login_as):
    for user in (cast.professional, cast.admin, cast.coordinator):
        client = login_as(user)
        assert client.get("/cti/phase-plan/").status_code == 404
        assert client.get("/cti/phase-plan/csv/").status_code == 404
        assert client.get("/cti/phase-plan/xlsx/").status_code == 404


def test_phase_plan_queries_are_bounded(cast, login_as, django_assert_max_num_queries, today):
    many_courses(cast, today, 1000, cast.worker)
    client = login_as(cast.lead)
    logged = AccessLogEntry.objects.count()
    with django_assert_max_num_queries(15):
        response = client.get("/cti/phase-plan/")
    assert response.status_code == 200
    # A page of 100 courses, and only its citizens logged (issue 16); every page is reachable.
    assert response.text.count("<tr class=") == 100
    assert AccessLogEntry.objects.count() - logged == 100
    assert "Page 1 of 10" in response.text
    assert "1000 open courses" in response.text
    last = client.get("/cti/phase-plan/?scope=team&page=10")
    assert last.text.count("<tr class=") == 100
    assert "Page 10 of 10" in last.text
    with django_assert_max_num_queries(15):
        response = client.get("/cti/phase-plan/csv/")
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get("/cti/phase-plan/xlsx/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1001


def test_caseloads_against_the_cap(cast, login_as, today):
    cast.org.cti_caseload_cap = 2
    cast.org.save()
    many_courses(cast, today, 3, cast.colleague)
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/")
    assert "over the cap" in response.text
    assert "Open CTI courses per worker (the cap is 2)" in response.text


def test_csv(cast, login_as):
    start(cast, cast.citizen, cast.worker, dt.date(2026, 1, 5))
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Citizen",
        "CTI worker",
        "Start of the contact-establishment period",
        "Current phase",
    ]
    assert rows[1][0] == "CANARY-7f3a-citizen-name"
    assert rows[1][2] == "2026-01-05"
    assert rows[1][4] == "2026-02-05"  # contact period ends (planned)


def _three_courses(cast):
    """Three citizens of the lead's team, each with a course started on another day."""
    for number, day in enumerate((dt.date(2026, 1, 5), dt.date(2026, 2, 9), dt.date(2026, 3, 2))):
        citizen = Citizen.objects.create(
            organisation=cast.org, team=cast.team, name=f"Person {number}"
        )
        CaseTeamMember.objects.create(citizen=citizen, user=cast.worker, role=CaseRole.CTI_WORKER)
        start(cast, citizen, cast.worker, day)


def test_in_danish_the_csv_has_semicolons_a_bom_and_danish_words(cast, login_as):
    cast.org.citizen_term = "customer"
    cast.org.save(update_fields=["citizen_term"])
    _three_courses(cast)
    client = login_as(cast.lead)
    client.cookies["django_language"] = "da"
    response = client.get("/cti/phase-plan/csv/", headers={"accept-language": "da"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == [
        "Kunde",
        "CTI-medarbejder",
        "Start kontaktskabelsesperiode",
        "Nuværende fase",
    ]
    assert rows[0][5] == "Kontaktskabelsesperiode slutter (realiseret)"
    started = {row[2] for row in rows[1:]}
    assert started == {"2026-01-05", "2026-02-09", "2026-03-02"}
    assert {row[3] for row in rows[1:]} == {"Kontaktskabelsesperiode"}


def test_the_xlsx_has_dates_as_date_cells(cast, login_as):
    _three_courses(cast)
    client = login_as(cast.lead)
    logged = AccessLogEntry.objects.count()
    response = client.get("/cti/phase-plan/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    assert AccessLogEntry.objects.count() - logged == 3  # each citizen shown is logged
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:4] == [
        "Citizen",
        "CTI worker",
        "Start of the contact-establishment period",
        "Current phase",
    ]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 3
    for row in rows:
        assert row[2].is_date and row[4].is_date  # started; contact period ends (planned)
        assert row[5].value is None  # not realised yet: an empty cell, not ""
    assert sorted(row[2].value.date() for row in rows) == [
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 9),
        dt.date(2026, 3, 2),
    ]


def test_csv_neutralises_formulas(cast, login_as, days_ago):
    cast.citizen.name = "=HYPERLINK(1)"
    cast.citizen.save()
    start(cast, cast.citizen, cast.worker, days_ago(3))
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/csv/")
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_pdf_text_is_extractable(cast, login_as, days_ago):
    start(cast, cast.citizen, cast.worker, days_ago(45))
    client = login_as(cast.lead)
    response = client.get("/cti/phase-plan/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Phase plan" in text
    assert "CANARY-7f3a-citizen-name" in text
    assert "overdue" in text
