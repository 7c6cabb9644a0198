"""No memo and no feedback request before the meeting has started: the refusal says from when,
and nothing is stored or sent; from the start both work."""

import pytest
from django.utils import translation

from omkreds.meetings import services_feedback, services_memo
from omkreds.meetings.errors import FeedbackTooEarly, MemoTooEarly
from omkreds.meetings.models import MeetingStatus, Memo
from omkreds.meetings.tests.conftest import begun


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def test_a_memo_before_the_start_is_refused_saying_from_when(cast, invited):
    with translation.override("da"):
        with pytest.raises(MemoTooEarly) as caught:
            services_memo.memo_save(meeting=invited, by=cast.worker, summary="For tidligt")
        message = str(caught.value)
        assert f"Referatet kan skrives, når mødet er begyndt ({invited.starts_at_shown})" in message
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.DECIDED
    assert not Memo.objects.exists()


def test_the_memo_page_refuses_before_the_start_and_keeps_what_was_typed(cast, login_as, invited):
    client = login_as(cast.worker)
    response = client.post(_url(invited, "memo/"), {"summary": "Skrevet for tidligt"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The memo can be written once the meeting has started (" in page
    assert "Skrevet for tidligt" in page
    assert not Memo.objects.exists()


def test_from_the_start_the_memo_is_written(cast, invited):
    begun(invited, minutes_ago=1)
    memo = services_memo.memo_save(meeting=invited, by=cast.worker, summary="Holdt")
    invited.refresh_from_db()
    assert (memo.summary, invited.status) == ("Holdt", MeetingStatus.HELD)


def test_a_feedback_request_before_the_start_is_refused_and_nothing_is_sent(
    cast, invited, smtp_server
):
    # A meeting marked held before its time (written so before this rule) asks nobody.
    invited.status = MeetingStatus.HELD
    invited.save(update_fields=["status"])
    invited.invitees.update(present=True)
    with pytest.raises(FeedbackTooEarly) as caught:
        services_feedback.feedback_request_send(meeting=invited, by=cast.worker)
    assert invited.starts_at_shown in str(caught.value)
    assert smtp_server.messages == []
    begun(invited)
    asked = services_feedback.feedback_request_send(meeting=invited, by=cast.worker)
    assert [row.name for row in asked.emailed] == ["Britt Syster"]
    assert sorted(row.name for row in asked.planned) == ["Britt Syster", "Eve English", "Mads Nabo"]
