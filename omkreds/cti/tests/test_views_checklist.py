"""Phase checklists: answers with history, htmx and plain forms, and the worker's home page."""

import datetime as dt

from django.utils import translation

from omkreds.cti import checklists, services
from omkreds.cti.models import ChecklistAnswer

ITEM = "p1.coherence.03"  # "Borgeren er blevet tilbudt en §141-handleplan"


def start(cast, today):
    return services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=40),
        by=cast.worker,
    )


def url(cast, course, phase=1, suffix=""):
    return f"/citizens/{cast.citizen.pk}/cti/{course.pk}/checklist/{phase}/{suffix}"


def test_checklist_groups_items_under_headings_with_accessible_radios(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.get(url(cast, course))
    assert response.status_code == 200
    text = response.text
    assert '<h2 id="section-coherence">Coherence of the intervention</h2>' in text
    assert "<legend>The citizen has been offered a § 141 action plan</legend>" in text
    # One radio group per item, each with unique ids.
    assert text.count("<fieldset") == len(checklists.PHASE1.items)
    assert 'id="item-p1-coherence-03-answer_0"' in text
    assert f"0 of {len(checklists.PHASE1.items)} items answered" in text


def test_checklist_in_danish_uses_the_seed_wording(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    with translation.override("da"):
        response = client.get(url(cast, course), HTTP_ACCEPT_LANGUAGE="da")
    assert "Borgeren er blevet tilbudt en §141-handleplan" in response.text
    assert "Sammenhæng i indsatsen" in response.text


def test_answer_without_javascript_saves_and_keeps_history(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, course, suffix="answer/"), {"item_key": ITEM, "answer": "no", "note": "Later"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#item-p1-coherence-03")
    client.post(url(cast, course, suffix="answer/"), {"item_key": ITEM, "answer": "yes"})
    assert list(ChecklistAnswer.objects.filter(course=course).values_list("answer", flat=True)) == [
        "no",
        "yes",
    ]
    page = client.get(url(cast, course)).text
    assert "Answer: <strong>Yes</strong>, by Wanda Worker" in page
    assert "1 earlier answer" in page and "Later" in page
    assert "1 of" in page


def test_answer_with_htmx_returns_the_item_and_the_counts(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, course, suffix="answer/"),
        {"item_key": ITEM, "answer": "no"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<li class="checklist-item" id="item-p1-coherence-03"')
    assert 'hx-swap-oob="true"' in response.text
    assert "1 open “No”" in response.text


def test_answer_missing_or_invalid_changes_nothing(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(url(cast, course, suffix="answer/"), {"item_key": ITEM})
    assert response.status_code == 200
    assert "Choose Yes, No or Irrelevant." in response.text
    response = client.post(
        url(cast, course, suffix="answer/"),
        {"item_key": ITEM, "answer": "maybe"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not ChecklistAnswer.objects.exists()


def test_answer_to_unknown_item_changes_nothing(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    for key in ["p1.nothing.99", "p2.housing.01", "fidelity.01"]:
        response = client.post(
            url(cast, course, suffix="answer/"), {"item_key": key, "answer": "yes"}, follow=True
        )
        assert response.status_code == 200
        assert "There is no such checklist item." in response.text
    assert not ChecklistAnswer.objects.exists()


def test_unknown_phase_is_404(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    assert client.get(url(cast, course, phase=4)).status_code == 404
    assert client.get(url(cast, course, phase=0)).status_code == 404


def test_professional_reads_answers_without_forms(cast, login_as, today):
    course = start(cast, today)
    services.checklist_answer(course=course, item_key=ITEM, answer="no", by=cast.worker)
    client = login_as(cast.professional)
    response = client.get(url(cast, course))
    assert response.status_code == 200
    assert "Answer: <strong>No</strong>" in response.text
    assert '<form method="post" action="/citizens' not in response.text
    response = client.post(url(cast, course, suffix="answer/"), {"item_key": ITEM, "answer": "yes"})
    assert response.status_code == 404
    assert ChecklistAnswer.objects.count() == 1


def test_checklist_query_count_is_bounded(cast, login_as, django_assert_max_num_queries, today):
    course = start(cast, today)
    for item in checklists.PHASE1.items:
        services.checklist_answer(course=course, item_key=item.key, answer="no", by=cast.worker)
        services.checklist_answer(course=course, item_key=item.key, answer="yes", by=cast.worker)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(20):
        response = client.get(url(cast, course))
    assert response.status_code == 200


def test_open_no_items_and_due_shifts_show_on_the_home_page(cast, login_as, today):
    course = start(cast, today)  # phase 1 planned ~10 days before today: overdue
    services.checklist_answer(course=course, item_key=ITEM, answer="no", by=cast.worker)
    services.checklist_answer(course=course, item_key="p1.housing.01", answer="no", by=cast.worker)
    client = login_as(cast.worker)
    response = client.get("/")
    assert response.status_code == 200
    assert "CTI: 2 checklist items answered “No”" in response.text
    assert "CTI: Phase 1 is planned to start" in response.text
    services.checklist_answer(course=course, item_key=ITEM, answer="yes", by=cast.worker)
    response = client.get("/")
    assert "CTI: 1 checklist item answered “No”" in response.text


def test_citizen_page_links_to_the_course(cast, login_as):
    client = login_as(cast.worker)
    response = client.get(f"/citizens/{cast.citizen.pk}/")
    assert f'href="/citizens/{cast.citizen.pk}/cti/"' in response.text


def test_answer_to_unknown_item_with_htmx_shows_the_message_at_the_top(cast, login_as, today):
    course = start(cast, today)
    client = login_as(cast.worker)
    response = client.post(
        url(cast, course, suffix="answer/"),
        {"item_key": "p1.nothing.99", "answer": "yes"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#main"
    assert "There is no such checklist item." in response.text
    assert not ChecklistAnswer.objects.exists()
