"""The CTI plan page (Bilag 6): plan, dimensions, sub-goals, contacts, PDF."""

import datetime as dt
import io

from pypdf import PdfReader

from omkreds.cti import services
from omkreds.cti.models import CtiPlan, CtiPlanDimension, SubGoal
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save


def start(cast, today):
    return services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=40),
        by=cast.worker,
    )


def url(cast, course, phase=1, suffix=""):
    return f"/citizens/{cast.citizen.pk}/cti/{course.pk}/plan/{phase}/{suffix}"


def save_map(cast, *contacts):
    document = MapDocument(contacts=list(contacts))
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)


def contact(name, **extra):
    return Contact(name=name, sector="family", closeness=0.3, **extra)


def test_plan_page_before_a_plan(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.get(url(cast, course))
    assert response.status_code == 200
    assert "No CTI plan for this phase yet." in response.text
    assert "Add a dimension" in response.text


def test_dimension_with_contacts_subgoal_and_reached(cast, login_as, today):
    course = start(cast, today)
    sister = contact("Sister Sofie")
    save_map(cast, sister, contact("Neighbour Niels"))
    client = login_as(cast.worker)
    page = client.get(url(cast, course)).text
    assert "Sister Sofie" in page and "Neighbour Niels" in page

    response = client.post(
        url(cast, course, suffix="dimensions/"),
        {
            "prefix": "add",
            "add-dimension": "housing",
            "add-reason": "No home",
            "add-goal": "Own flat",
            "add-responsibility": "Worker and citizen",
            "add-contact_ids": [sister.id],
        },
    )
    assert response.status_code == 302
    dimension = CtiPlanDimension.objects.get()
    assert dimension.contact_ids == [sister.id]
    assert dimension.plan.phase == 1

    response = client.post(
        url(cast, course, suffix=f"dimensions/{dimension.pk}/subgoals/"),
        {f"subgoal-{dimension.pk}-text": "Apply for housing benefit"},
    )
    assert response.status_code == 302
    subgoal = SubGoal.objects.get()
    response = client.post(
        url(cast, course, suffix=f"subgoals/{subgoal.pk}/reached/"), {"on": today.isoformat()}
    )
    assert response.status_code == 302
    subgoal.refresh_from_db()
    assert subgoal.reached_on == today
    page = client.get(url(cast, course)).text
    assert "Apply for housing benefit" in page and "reached" in page
    assert "Sister Sofie" in page


def test_more_than_three_dimensions_warns(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    for key in ["housing", "mental", "physical", "economy"]:
        response = client.post(
            url(cast, course, suffix="dimensions/"),
            {"prefix": "add", "add-dimension": key},
            follow=True,
        )
    assert "the method advises about three" in response.text
    assert CtiPlanDimension.objects.count() == 4


def test_unknown_dimension_and_contact_change_nothing(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, course, suffix="dimensions/"), {"prefix": "add", "add-dimension": "luck"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    save_map(cast, contact("Sister Sofie"))
    response = client.post(
        url(cast, course, suffix="dimensions/"),
        {"prefix": "add", "add-dimension": "housing", "add-contact_ids": ["not-on-map"]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not CtiPlanDimension.objects.exists()
    assert not CtiPlan.objects.exists()


def test_plan_save_in_the_future_is_refused(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    tomorrow = today + dt.timedelta(days=1)
    response = client.post(url(cast, course, suffix="save/"), {"made_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "cannot be in the future" in response.text
    assert not CtiPlan.objects.exists()
    response = client.post(
        url(cast, course, suffix="save/"),
        {"made_on": today.isoformat(), "action_plan_reference": "SAG-2026-17"},
    )
    assert response.status_code == 302
    assert CtiPlan.objects.get().action_plan_reference == "SAG-2026-17"


def test_plan_pdf_in_the_readers_language_without_do_not_contact_people(cast, login_as, today):
    course = start(cast, today)
    sister = contact("Sister Sofie")
    secret = contact("Hidden Henrik", safety_marker=True)
    save_map(cast, sister, secret)
    plan = services.plan_save(course=course, phase=1, by=cast.worker, action_plan_reference="R-1")
    dimension, _ = services.plan_dimension_save(
        plan=plan,
        dimension="housing",
        goal="Own flat",
        contact_ids=[sister.id, secret.id],
        by=cast.worker,
    )
    services.subgoal_add(dimension=dimension, text="Visit the housing office", by=cast.worker)
    client = login_as(cast.worker)
    response = client.get(url(cast, course, suffix="pdf/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "CTI plan" in text
    assert "Own flat" in text and "Visit the housing office" in text
    assert "Sister Sofie" in text
    assert "Hidden Henrik" not in text
    assert "1 person not printed" in text


def test_plan_pdf_without_a_plan_is_404(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    assert client.get(url(cast, course, phase=2, suffix="pdf/")).status_code == 404


def test_professional_reads_the_plan_without_forms(cast, login_as, today):
    course = start(cast, today)
    plan = services.plan_save(course=course, phase=1, by=cast.worker)
    services.plan_dimension_save(plan=plan, dimension="housing", goal="Own flat", by=cast.worker)
    client = login_as(cast.professional)
    response = client.get(url(cast, course))
    assert response.status_code == 200
    assert "Own flat" in response.text
    assert "Add a dimension" not in response.text
    response = client.post(
        url(cast, course, suffix="dimensions/"), {"prefix": "add", "add-dimension": "mental"}
    )
    assert response.status_code == 404
