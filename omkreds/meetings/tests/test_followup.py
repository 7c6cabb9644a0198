"""Step 7, the follow-up meeting: it starts from the previous meeting's actions as they stand
(added or ticked off after the memo included), moves when the memo's follow-up time changes,
and the two meetings link to each other."""

import re

from omkreds.meetings import services_invitations, services_memo
from omkreds.meetings.models import MeetingStatus
from omkreds.meetings.tests.conftest import at, begun


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _memo_post(meeting, day, time="09:00"):
    data = {
        "citizen_present": "on",
        "summary": "Good talk",
        "followup_on": day.isoformat(),
        "followup_time": time,
    }
    for invitee in meeting.invitees.all():
        data[f"present_{invitee.pk}"] = "on"
    return data


def _since_last(html: str) -> str:
    """The follow-up's first point as rendered: the previous meeting's actions."""
    match = re.search(r'<section id="since-last".*?</section>', html, re.S)
    assert match, "no 'since the last meeting' section"
    return match.group(0)


# --- The previous meeting's actions, as they stand ---------------------------------------------


def test_an_action_added_after_the_memo_is_on_the_follow_up_page_and_run_sheet(
    held, followup, cast, login_as
):
    client = login_as(cast.worker)
    assert "Call the landlord" not in client.get(_url(followup)).content.decode()
    action = services_memo.action_add(
        meeting=held, by=cast.worker, what="Call the landlord", owner_name="Britt Syster"
    )
    for page in ("", "run-sheet/"):
        section = _since_last(client.get(_url(followup, page)).content.decode())
        assert "Call the landlord" in section and "Britt Syster" in section
        assert "action-open" in section

    services_memo.action_complete(action=action, by=cast.worker)
    for page in ("", "run-sheet/"):
        section = _since_last(client.get(_url(followup, page)).content.decode())
        assert "action-done" in section and "action-open" not in section
    # The follow-up's questions are not rewritten: its first question stays the one to discuss.
    assert followup.questions.count() == 1


def test_overdue_actions_are_marked_and_a_first_meeting_has_no_such_section(
    held, followup, cast, login_as
):
    services_memo.action_add(
        meeting=held, by=cast.worker, what="Apply for rent help", owner_user=cast.worker,
        due_on=at(-3).date(),
    )  # fmt: skip
    client = login_as(cast.worker)
    section = _since_last(client.get(_url(followup)).content.decode())
    assert "action-overdue" in section and "Wanda Worker" in section
    assert 'id="since-last"' not in client.get(_url(held)).content.decode()


def test_the_follow_up_page_keeps_a_bounded_number_of_queries(
    held, followup, cast, login_as, django_assert_max_num_queries
):
    client = login_as(cast.worker)
    client.get(_url(followup))
    for n in range(10):
        services_memo.action_add(meeting=held, by=cast.worker, what=f"Step {n}", owner_name="Ida")
    with django_assert_max_num_queries(30):
        response = client.get(_url(followup))
    assert _since_last(response.content.decode()).count("<tr class=") == 10


# --- The memo's follow-up time moves the follow-up meeting -------------------------------------


def test_changing_the_follow_up_time_in_the_memo_moves_the_follow_up(held, followup, cast):
    length = followup.ends_at - followup.starts_at
    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=at(35, 13))
    followup.refresh_from_db()
    assert (followup.starts_at, followup.ends_at) == (at(35, 13), at(35, 13) + length)
    assert followup.sequence == 0  # nothing was sent, so there is nothing to update
    assert held.followups.count() == 1


def test_moving_a_follow_up_already_invited_marks_it_as_needing_an_update(
    held, followup, cast, login_as, smtp_server
):
    services_invitations.invitations_send(meeting=followup, by=cast.worker)
    client = login_as(cast.worker)
    assert 'id="update-due"' not in client.get(_url(followup)).content.decode()

    response = client.post(_url(held, "memo/"), _memo_post(held, at(36).date(), "14:00"))
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.starts_at == at(36, 14)
    assert followup.sequence == 1
    assert followup.status == MeetingStatus.INVITED
    page = client.get(_url(followup)).content.decode()
    assert 'id="update-due"' in page and "Britt Syster" in page

    # Sending again gives Britt the change under the same calendar entry.
    smtp_server.clear()
    services_invitations.invitations_send(meeting=followup, by=cast.worker)
    [message] = smtp_server.messages
    assert message["To"] == "britt@example.se"
    assert "SEQUENCE:1" in next(
        p.get_content()
        for p in message.iter_attachments()
        if p.get_content_type() == "text/calendar"
    )


def test_a_follow_up_that_has_taken_place_is_not_moved(held, followup, cast):
    begun(followup)
    services_memo.memo_save(meeting=followup, by=cast.worker, summary="done")
    followup.refresh_from_db()
    before = followup.starts_at
    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=at(50, 10))
    followup.refresh_from_db()
    assert followup.starts_at == before and followup.status == MeetingStatus.HELD


def test_the_same_follow_up_time_changes_nothing(held, followup, cast):
    updated = followup.updated_at
    services_memo.memo_save(meeting=held, by=cast.worker, summary="again", followup_at=at(30, 10))
    followup.refresh_from_db()
    assert followup.updated_at == updated


# --- Links both ways ---------------------------------------------------------------------------


def test_the_meetings_link_to_each_other(held, followup, cast, login_as):
    client = login_as(cast.worker)
    original = client.get(_url(held)).content.decode()
    assert f'href="{_url(followup)}"' in original
    page = client.get(_url(followup)).content.decode()
    assert re.search(rf'id="follows">[^<]*<a href="{re.escape(_url(held))}"', page)
    # The first meeting follows up on nothing.
    assert 'id="follows"' not in original
