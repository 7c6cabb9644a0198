"""A CTI course in a real browser, from its start to its end; axe-core on every page.

Then the lead's side: the phase plan with caseloads, and a fidelity review.
"""

import pytest

from omkreds.cti.models import ChecklistAnswer, CtiCourse, CtiPlanDimension, FidelityReview
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in

pytestmark = pytest.mark.browser


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_course_from_start_to_end(page, context, live_server, cast, today, days_ago):
    cast.worker.language = "en"
    cast.worker.save()
    sign_in(context, cast.worker, url=live_server.url)

    page.goto(f"/citizens/{cast.citizen.pk}/")
    page.get_by_role("link", name="CTI course").click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/cti/")
    assert page.get_by_text("No CTI course has been started.").is_visible()
    assert_accessible(page)

    # Start: the worker picker shows each caseload; the planned dates are proposed.
    page.get_by_role("link", name="Start a CTI course").click()
    assert page.get_by_label("CTI worker").input_value() == str(cast.worker.pk)
    assert page.get_by_label("Phase 2 starts (planned)").input_value() != ""
    assert_accessible(page)
    page.get_by_label("Contact period starts").fill(days_ago(100).isoformat())
    submit(page, "Start the course")
    assert page.get_by_text("The CTI course has started.").is_visible()
    assert_accessible(page)

    # The phase 1 checklist: one answer saved through htmx, without reloading the page.
    page.get_by_role("link", name="Checklist, phase 1").first.click()
    page.wait_for_url("**/checklist/1/")
    assert_accessible(page)
    item = page.locator("#item-p1-coherence-03")
    group = item.get_by_role("group", name="The citizen has been offered a § 141 action plan")
    group.get_by_label("No").check()
    item.get_by_label("Note").fill("Offered at the next meeting")
    item.get_by_role("button", name="Save answer").click()
    page.locator("#item-p1-coherence-03 .badge.ok").wait_for()
    assert "1 open “No”" in page.locator("#phase-status").inner_text()
    assert "Answer: No, by Wanda Worker" in item.inner_text()
    assert ChecklistAnswer.objects.get().note == "Offered at the next meeting"
    assert_accessible(page)
    # Phase shifts: into phase 1, then phase 2 with the open transition items listed.
    page.get_by_role("link", name="Course", exact=True).click()
    page.get_by_role("link", name="Move on to Phase 1").click()
    page.get_by_label("Date the new phase started").wait_for()  # the page axe checks
    assert_accessible(page)
    page.get_by_label("Date the new phase started").fill(days_ago(70).isoformat())
    submit(page, "Move on to Phase 1")
    assert page.get_by_text("The course is now in Phase 1.").is_visible()
    page.get_by_role("link", name="Move on to Phase 2").click()
    assert page.get_by_role("heading", name="Transition items not yet answered “Yes”").is_visible()
    assert_accessible(page)
    page.get_by_label("Date the new phase started").fill(days_ago(10).isoformat())
    submit(page, "Move on to Phase 2")
    assert "Phase 2" in page.locator("dl.facts").inner_text()

    # The CTI plan of phase 2: one dimension with a goal.
    page.get_by_role("link", name="CTI plan", exact=True).click()
    page.wait_for_url("**/plan/2/")
    assert_accessible(page)
    page.get_by_role("combobox", name="Dimension").select_option("housing")
    page.get_by_role("textbox", name="Goal:", exact=True).fill("A flat of her own")
    submit(page, "Add the dimension")
    assert CtiPlanDimension.objects.get().goal == "A flat of her own"
    assert page.get_by_role("heading", name="Housing", level=3).is_visible()
    assert_accessible(page)

    # End: "other" needs words; then the course is closed.
    page.goto(f"/citizens/{cast.citizen.pk}/cti/")
    page.get_by_role("link", name="End the course").click()
    page.get_by_role("radio", name="Other", exact=True).wait_for()  # the page axe checks
    assert_accessible(page)
    page.get_by_role("radio", name="Other", exact=True).check()
    submit(page, "End the course")
    assert page.get_by_text("Describe the reason when it is “other”.").is_visible()
    assert_accessible(page)
    page.get_by_label("Refuses to take part").check()
    submit(page, "End the course")
    assert page.get_by_text("The CTI course has ended.").is_visible()
    assert_accessible(page)
    course = CtiCourse.objects.get()
    assert course.end_reason == "refuses" and course.ended_on == today

    page.goto("/cti/phase-plan/")
    assert page.get_by_role("table", name="My CTI courses").is_visible()
    assert_accessible(page)


def test_the_leads_phase_plan_and_fidelity_review(page, context, live_server, cast):
    cast.lead.language = "en"
    cast.lead.save()
    sign_in(context, cast.lead, url=live_server.url)

    page.goto("/cti/phase-plan/")
    assert page.get_by_role("heading", name="CTI caseloads").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Fidelity reviews").click()
    page.get_by_role("link", name="New review").click()
    page.locator("fieldset").first.wait_for()  # the page axe checks
    assert_accessible(page)
    groups = page.locator("fieldset")
    for index in range(groups.count()):
        group = groups.nth(index)
        if not group.locator("input:checked").count():
            group.get_by_label("Yes").check()
    submit(page, "Save the review")
    assert page.get_by_text("The fidelity review is saved.").is_visible()
    assert FidelityReview.objects.count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Fidelity reviews").click()
    assert page.get_by_role("table").is_visible()
    assert_accessible(page)
