"""Bilag 6's fields on the CTI plan (the phase's start and end dates, activities per dimension)
and Bilag 5's "Start kontaktskabelsesperiode" on the phase plan, in Danish, on the page and in
the PDF."""

import datetime as dt
import io

from django.utils import formats, translation
from pypdf import PdfReader

from omkreds.cti import services
from omkreds.cti.models import CtiPlanDimension

DIMENSIONS = {
    "housing": "Besøge boligkontoret hver uge",
    "economy": "Lave et budget sammen",
    "network": "Invitere søsteren til et netværksmøde",
}


def _pdf_text(content: bytes) -> str:
    """The PDF's words, one space between them (the layout breaks lines inside headings)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _danish(client):
    client.cookies["django_language"] = "da"
    return {"accept-language": "da"}


def _long_date(day: dt.date) -> str:
    with translation.override("da"):
        return formats.date_format(day, "DATE_FORMAT")


def test_the_plan_shows_the_phases_dates_and_an_activities_field_per_dimension(
    cast, login_as, today
):
    started = today - dt.timedelta(days=40)
    course = services.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=started, by=cast.worker
    )
    client = login_as(cast.worker)
    headers = _danish(client)
    base = f"/citizens/{cast.citizen.pk}/cti/{course.pk}/plan/0/"
    for dimension, activities in DIMENSIONS.items():
        response = client.post(
            base + "dimensions/",
            {"prefix": "add", "add-dimension": dimension, "add-activities": activities},
            headers=headers,
        )
        assert response.status_code == 302
    saved = {d.dimension: d.activities for d in CtiPlanDimension.objects.all()}
    assert saved == DIMENSIONS

    page = client.get(base, headers=headers).text
    # The contact period started on the course's start; it ends when phase 1 is planned to start.
    assert f"Dato for fasens start</dt><dd>{_long_date(started)}</dd>" in page
    ends = _long_date(course.contact_period_ends_planned)
    assert f"Dato for fasens afslutning</dt><dd>{ends} (planlagt)</dd>" in page
    assert page.count("<dt>Aktiviteter</dt>") == 3
    assert page.count("<dt>Årsag til at arbejde med denne dimension</dt>") == 3
    for activities in DIMENSIONS.values():
        assert activities in page

    text = _pdf_text(client.get(base + "pdf/", headers=headers).content)
    assert "Dato for fasens start" in text and "Dato for fasens afslutning" in text
    for activities in DIMENSIONS.values():
        assert activities in text


def test_a_realised_phase_shows_its_real_dates(cast, login_as, today):
    course = services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=60),
        by=cast.worker,
    )
    dates = course.phase_dates(0)
    assert (dates.start, dates.start_planned, dates.end_planned) == (course.started_on, False, True)
    dates = course.phase_dates(1)
    assert (dates.start, dates.start_planned) == (course.phase1_planned_on, True)
    assert (dates.end, dates.end_planned) == (course.phase2_planned_on, True)
    dates = course.phase_dates(3)
    assert (dates.end, dates.end_planned) == (course.planned_end_on, True)


def test_the_phase_plan_page_and_pdf_show_start_kontaktskabelsesperiode(cast, login_as, today):
    started = today - dt.timedelta(days=10)
    services.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=started, by=cast.worker
    )
    client = login_as(cast.worker)
    headers = _danish(client)
    page = client.get("/cti/phase-plan/", headers=headers).text
    assert '<th scope="col">Start kontaktskabelsesperiode</th>' in page
    with translation.override("da"):
        short = formats.date_format(started, "SHORT_DATE_FORMAT")
    assert f"<td>{short}</td>" in page
    text = _pdf_text(client.get("/cti/phase-plan/pdf/", headers=headers).content)
    assert "Start kontaktskabelsesperiode" in text
