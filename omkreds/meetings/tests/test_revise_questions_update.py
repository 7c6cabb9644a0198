"""Changed questions after the invitations went out: the invitations list
the questions, so the change marks them as needing an update, as a new time does; the meeting
page offers "send the update", and the update carries the new questions (e-mail and calendar)."""

import html

from icalendar import Calendar

from omkreds.accounts.models import ApiToken
from omkreds.meetings import services
from omkreds.meetings.tests.conftest import reach_by_hand

NEW_QUESTIONS = ["Who can help with meals?", "How can the rent be paid?"]


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _revise(meeting, cast, *, questions=None, goal=None):
    return services.meeting_revise(
        meeting=meeting,
        by=cast.worker,
        concern=meeting.concern,
        goal=goal or meeting.goal,
        why_not_own_tools=meeting.why_not_own_tools,
        questions=questions or [q.text for q in meeting.questions.all()],
    )


def _stale(meeting) -> set[str]:
    """Who was sent an earlier version than the meeting's current one."""
    meeting.refresh_from_db()
    return set(
        meeting.invitees.filter(sent_sequence__isnull=False)
        .exclude(sent_sequence=meeting.sequence)
        .values_list("name", flat=True)
    )


def _calendar(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- The service -------------------------------------------------------------------------------


def test_new_questions_after_sending_mark_every_invitation_for_an_update(sent, cast):
    _revise(sent, cast, questions=NEW_QUESTIONS)

    assert sent.sequence == 1
    assert _stale(sent) == {"Britt Syster", "Mads Nabo", "Eve English"}
    assert [q.text for q in sent.questions.all()] == NEW_QUESTIONS


def test_a_new_goal_alone_is_not_in_the_invitation_and_marks_nothing(sent, cast):
    _revise(sent, cast, goal="A plan for the flat, the meals and the letters.")

    assert sent.sequence == 0
    assert _stale(sent) == set()
    assert sent.goal == "A plan for the flat, the meals and the letters."


def test_questions_saved_again_unchanged_mark_nothing(sent, cast):
    _revise(sent, cast)

    assert sent.sequence == 0 and _stale(sent) == set()


def test_new_questions_before_any_invitation_went_out_mark_nothing(invited, cast):
    _revise(invited, cast, questions=NEW_QUESTIONS)

    invited.refresh_from_db()
    assert invited.sequence == 0
    assert set(invited.invitees.values_list("sent_sequence", flat=True)) == {None}


# --- The pages and the update ------------------------------------------------------------------


def test_the_page_offers_the_update_and_it_carries_the_new_questions(
    sent, cast, login_as, smtp_server
):
    client = login_as(cast.worker)
    assert 'id="update-due"' not in client.get(_url(sent)).content.decode()

    response = client.post(
        _url(sent, "revise/"),
        {
            "concern": sent.concern,
            "goal": sent.goal,
            "why_not_own_tools": "",
            "questions": "\n".join(NEW_QUESTIONS),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(sent) + "#update-due"
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "The invitations that went out list the old questions: send the update" in page
    assert "The time, place or questions changed after the invitations went out." in page
    notice = page.split('id="update-due"')[1].split("</div>")[0]
    for name in ("Britt Syster", "Mads Nabo", "Eve English"):
        assert name in notice
    assert f'action="{_url(sent, "send/")}"' in notice and "Send the update" in notice

    client.post(_url(sent, "send/"))

    [message] = smtp_server.messages
    assert message["To"] == "britt@example.se"
    event = _calendar(message).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    for question in NEW_QUESTIONS:
        assert f"- {question}" in _body(message)
        assert question in str(event["DESCRIPTION"])
    assert "Who can help with letters?" not in _body(message)
    # Mads's letter and Eve's call carry the update once printed and made.
    assert _stale(sent) == {"Mads Nabo", "Eve English"}
    reach_by_hand(sent, cast.worker)
    assert _stale(sent) == set()
    assert 'id="update-due"' not in client.get(_url(sent)).content.decode()


def test_a_revision_without_new_questions_goes_back_to_the_page_without_a_notice(
    sent, cast, login_as
):
    client = login_as(cast.worker)
    response = client.post(
        _url(sent, "revise/"),
        {
            "concern": "Rent arrears and no food at home.",
            "goal": sent.goal,
            "why_not_own_tools": "",
            "questions": "\n".join(q.text for q in sent.questions.all()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == _url(sent)
    assert "The decision and the questions are saved." in page
    assert 'id="update-due"' not in page and "list the old questions" not in page


def test_the_api_shows_the_invitations_are_no_longer_current_after_new_questions(
    sent, cast, client
):
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    url = f"/api/v1/citizens/{sent.citizen_id}/meetings/{sent.pk}"
    response = client.patch(
        url,
        {"questions": NEW_QUESTIONS, "based_on": client.get(url).json()["version"]},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["sequence"] == 1
    assert {i["name"]: i["invitation_current"] for i in body["invitees"]} == {
        "Britt Syster": False,
        "Mads Nabo": False,
        "Eve English": False,
    }
