"""The page revising a planned meeting's worry, goal and questions (views_revise.py)."""

import pytest

from omkreds.access.models import AccessLogEntry, ChangeRecord
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.meetings import services, services_memo
from omkreds.meetings.tests.conftest import at


def _url(meeting) -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/revise/"


def _questions(meeting) -> list[str]:
    return [q.text for q in meeting.questions.all()]


def test_the_form_shows_the_decision_and_saves_the_revision(cast, login_as, meeting):
    client = login_as(cast.worker)
    page = client.get(_url(meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rent arrears are growing" in html
    assert "How can the rent be paid?\nWho can help with letters?" in html
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk).exists()

    response = client.post(
        _url(meeting),
        {
            "concern": "Rent arrears and no food at home.",
            "why_not_own_tools": "",
            "goal": "A plan for rent and meals.",
            "questions": "Who can help with meals?\n\n  How can the rent be paid?  \n",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/citizens/{cast.citizen.pk}/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.concern == "Rent arrears and no food at home."
    assert meeting.goal == "A plan for rent and meals."
    assert meeting.why_not_own_tools == ""
    assert _questions(meeting) == ["Who can help with meals?", "How can the rent be paid?"]
    assert ChangeRecord.objects.filter(kind="meeting_revise").exists()
    # The meeting page offers the page while the meeting is planned.
    assert _url(meeting) in client.get(response["Location"]).content.decode()


def test_bad_input_shows_a_message_and_changes_nothing(cast, login_as, meeting):
    client = login_as(cast.worker)
    too_many = "\n".join(f"Question {n}?" for n in range(services.MAX_QUESTIONS + 1))
    for data, message in (
        ({"concern": "", "goal": "g", "questions": "q"}, "This field is required."),
        ({"concern": "c", "goal": "g", "questions": too_many}, "12"),
        ({"concern": "c", "goal": "g", "questions": "x" * 501}, "500"),
    ):
        response = client.post(_url(meeting), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.goal.startswith("A plan for the flat")
    assert _questions(meeting) == ["How can the rent be paid?", "Who can help with letters?"]


def test_a_meeting_that_has_taken_place_cannot_be_revised(cast, login_as, scheduled):
    scheduled.starts_at, scheduled.ends_at = at(-1, 10), at(-1, 11)
    scheduled.save()
    services_memo.memo_save(meeting=scheduled, by=cast.worker, summary="held")
    client = login_as(cast.worker)
    page = client.get(_url(scheduled)).content.decode()
    assert "can no longer be changed" in page and "<textarea" not in page
    assert (
        _url(scheduled) not in client.get(_url(scheduled).replace("revise/", "")).content.decode()
    )
    response = client.post(_url(scheduled), {"concern": "c", "goal": "g", "questions": "q"})
    assert response.status_code == 400
    scheduled.refresh_from_db()
    assert scheduled.concern.startswith("Rent arrears")


def test_out_of_reach_is_404_and_other_methods_are_refused(cast, login_as, meeting):
    data = {"concern": "c", "goal": "g", "questions": "q"}
    for user in (cast.colleague, cast.professional, cast.outsider):
        client = login_as(user)
        assert client.get(_url(meeting)).status_code == 404
        assert client.post(_url(meeting), data).status_code == 404
    meeting.refresh_from_db()
    assert meeting.concern.startswith("Rent arrears")
    assert login_as(cast.worker).put(_url(meeting)).status_code == 405
    # Another citizen's URL with this meeting's id finds nothing.
    other = f"/citizens/{cast.colleague_citizen.pk}/meetings/{meeting.pk}/revise/"
    assert login_as(cast.lead).get(other).status_code == 404


@pytest.mark.browser
def test_revising_in_the_browser_by_keyboard(page, context, live_server, cast, meeting):
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Revise the decision and questions").click()
    page.wait_for_url(f"**{_url(meeting)}")
    assert_accessible(page)
    questions = page.get_by_label("Questions to discuss")
    questions.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Who can come along to the bank?")
    with page.expect_navigation():
        page.keyboard.press("Tab")  # to the save button
        page.keyboard.press("Enter")
    assert page.get_by_text("The decision and the questions are saved.").is_visible()
    assert page.locator("h2:has-text('Questions') + ol li").all_inner_texts() == [
        "How can the rent be paid?",
        "Who can help with letters?",
        "Who can come along to the bank?",
    ]
    assert_accessible(page)
