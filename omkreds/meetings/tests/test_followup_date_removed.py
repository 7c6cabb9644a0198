"""The follow-up date taken out of a memo.

What the worker expects: the follow-up meeting made from that date does not go on as if nothing
happened. If nobody was invited yet, it loses its time (it stays planned with its invitees and
questions, out of the calendar, and takes the memo's time again when one is set); the meeting
page says so, with links to give it a time or cancel it. If its invitations went out, it keeps
its time — the invitees expect it — and both meetings' pages warn that it must be cancelled or
the invitees told. A follow-up moved by hand is not pulled back by a later memo save.
"""

import html

import pytest

from omkreds.access.models import ChangeRecord
from omkreds.meetings import services, services_invitations, services_memo
from omkreds.meetings.models import MeetingStatus
from omkreds.meetings.tests.conftest import at, begun


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _page(client, meeting) -> str:
    return html.unescape(client.get(_url(meeting)).content.decode())


def _memo_post(meeting, day=None, time="09:00") -> dict:
    data = {"citizen_present": "on", "summary": "Good talk"}
    if day is not None:
        data.update(followup_on=day.isoformat(), followup_time=time)
    for invitee in meeting.invitees.all():
        data[f"present_{invitee.pk}"] = "on"
    return data


def _note(page: str) -> str:
    return page.split('id="followup-date-removed"')[1].split("</div>")[0]


def test_a_follow_up_nobody_was_invited_to_loses_its_time_and_keeps_the_rest(
    held, followup, cast, login_as
):
    client = login_as(cast.worker)
    response = client.post(_url(held, "memo/"), _memo_post(held))
    assert response.status_code == 302

    followup.refresh_from_db()
    assert (followup.starts_at, followup.ends_at) == (None, None)
    assert followup.status == MeetingStatus.DECIDED
    assert followup.place == held.place
    assert sorted(followup.invitees.values_list("name", flat=True)) == sorted(
        held.invitees.values_list("name", flat=True)
    )
    assert ChangeRecord.objects.filter(
        kind="meeting_schedule",
        object_id=str(followup.pk),
        user=cast.worker,
        summary="time cleared: the memo sets no follow-up date",
    ).exists()
    # The page the memo form returns to says so, with the way to a time or a cancellation.
    note = _note(_page(client, held))
    assert "so the follow-up meeting has no time now" in note
    assert f'<a href="{_url(followup)}">its page</a>' in note
    assert f'<a href="{_url(followup, "cancel/")}">cancel it</a>' in note
    # Out of the calendar: no longer an upcoming meeting.
    assert followup not in held.citizen.meetings.upcoming()


def test_setting_a_date_again_gives_the_same_follow_up_that_time(held, followup, cast, login_as):
    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=None)
    client = login_as(cast.worker)

    response = client.post(_url(held, "memo/"), _memo_post(held, at(40).date(), "14:00"))

    assert response.status_code == 302
    assert held.followups.count() == 1
    followup.refresh_from_db()
    # The length of the meeting it follows up (90 minutes).
    assert (followup.starts_at, followup.ends_at) == (at(40, 14), at(40, 15, 30))
    assert 'id="followup-date-removed"' not in _page(client, held)


def test_a_follow_up_whose_invitations_went_out_keeps_its_time_and_both_pages_warn(
    held, followup, cast, login_as, smtp_server
):
    services_invitations.invitations_send(meeting=followup, by=cast.worker)
    followup.refresh_from_db()
    before = (followup.starts_at, followup.ends_at, followup.sequence)
    smtp_server.clear()
    client = login_as(cast.worker)

    response = client.post(_url(held, "memo/"), _memo_post(held))

    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.starts_at, followup.ends_at, followup.sequence) == before
    assert followup.status == MeetingStatus.INVITED
    assert smtp_server.messages == []  # nobody is told anything behind the worker's back

    note = _note(_page(client, held))
    assert "but the follow-up meeting keeps its time" in note
    assert "its invitations went out" in note
    assert f'<a href="{_url(followup, "cancel/")}">cancel it</a> so that the invitees are told' in (
        note
    )
    on_followup = _note(_page(client, followup))
    assert "The previous meeting's memo no longer sets a follow-up date" in on_followup
    assert f'<a href="{_url(followup, "cancel/")}">cancel it</a>' in on_followup

    # Cancelling it tells the e-mailed invitee, and the warnings go.
    client.post(_url(followup, "cancel/"), {"reason": "No follow-up needed."})
    assert [m["To"] for m in smtp_server.messages] == ["britt@example.se"]
    assert 'id="followup-date-removed"' not in _page(client, held)
    assert 'id="followup-date-removed"' not in _page(client, followup)


def test_a_follow_up_that_has_taken_place_keeps_its_time(held, followup, cast):
    begun(followup)
    services_memo.memo_save(meeting=followup, by=cast.worker, summary="done")
    followup.refresh_from_db()
    before = followup.starts_at

    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=None)

    followup.refresh_from_db()
    assert followup.starts_at == before and followup.status == MeetingStatus.HELD


def test_a_follow_up_moved_by_hand_stays_when_the_memo_is_saved_with_the_same_date(
    held, followup, cast
):
    services.meeting_schedule(
        meeting=followup, by=cast.worker, starts_at=at(33, 9), ends_at=at(33, 10), place="Room 4"
    )

    services_memo.memo_save(
        meeting=held, by=cast.worker, summary="typo fixed", followup_at=at(30, 10)
    )

    followup.refresh_from_db()
    assert (followup.starts_at, followup.place) == (at(33, 9), "Room 4")


def test_a_follow_up_given_a_time_by_hand_after_the_date_was_removed_keeps_it(
    held, followup, cast, login_as
):
    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=None)
    services.meeting_schedule(
        meeting=followup, by=cast.worker, starts_at=at(45, 9), ends_at=at(45, 10), place="Room 4"
    )

    services_memo.memo_save(meeting=held, by=cast.worker, summary="again", followup_at=None)

    followup.refresh_from_db()
    assert followup.starts_at == at(45, 9)
    # Planned by hand and nobody invited yet: nothing to warn about.
    assert 'id="followup-date-removed"' not in _page(login_as(cast.worker), held)


@pytest.mark.browser
def test_the_warnings_pass_axe_and_lead_to_the_cancel_page_by_keyboard(
    held, followup, cast, live_server, context, page, smtp_server
):
    from omkreds.lib.testing.a11y import assert_accessible
    from omkreds.lib.testing.browser import sign_in

    services_invitations.invitations_send(meeting=followup, by=cast.worker)
    services_memo.memo_save(meeting=held, by=cast.worker, summary="s", followup_at=None)
    sign_in(context, cast.worker, url=live_server.url)

    page.goto(_url(followup))
    page.locator("#followup-date-removed").wait_for()
    assert_accessible(page)
    page.goto(_url(held) + "#memo")
    note = page.locator("#followup-date-removed")
    assert "keeps its time" in note.inner_text()
    assert_accessible(page)
    note.get_by_role("link", name="cancel it").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(_url(followup, "cancel/"))
