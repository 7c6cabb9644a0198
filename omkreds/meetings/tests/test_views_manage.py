"""Managing a meeting (views_manage.py): cancelling with a reason and the list of people to tell
by hand, removing an invitee after a confirmation, the update after a new time, asking for
feedback and reading it per meeting and, for the lead, over time."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from omkreds.access.models import AccessLogEntry
from omkreds.invitations import tokens
from omkreds.lib.testing.cast import CANARY, login
from omkreds.meetings import services, services_feedback, services_invitations, services_memo
from omkreds.meetings.models import Invitee, Meeting, MeetingStatus
from omkreds.meetings.tests.conftest import at, reach_by_hand


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _calendar(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _method(message) -> str:
    return str(_calendar(message).get("method"))


def _held(meeting, cast):
    """The meeting took place yesterday and its memo is written (everyone present)."""
    services.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(-1, 10), ends_at=at(-1, 11), place="Room"
    )
    services_memo.memo_save(
        meeting=meeting,
        by=cast.worker,
        summary="s",
        attendance={i.pk: True for i in meeting.invitees.all()},
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def held(invited, cast):
    return _held(invited, cast)


def _answer(invitee, answers, comment=""):
    services_feedback.feedback_submit(
        token=tokens.make(invitee, tokens.FEEDBACK), answers=answers, comment=comment
    )


# --- Cancel ------------------------------------------------------------------------------------


def test_cancel_page_says_who_gets_an_e_mail_and_who_must_be_told_by_hand(cast, login_as, sent):
    response = login_as(cast.worker).get(_url(sent, "cancel/"))
    page = _page(response)
    assert response.status_code == 200
    assert "They get the cancellation by e-mail" in page
    email_part, hand_part = page.split("You must tell them by hand")
    assert "Britt Syster" in email_part and "Mads Nabo" not in email_part
    assert "Mads Nabo" in hand_part and "Nørregade 1" in hand_part
    assert "Eve English" in hand_part and "+45 12 34 56 78" in hand_part
    assert 'name="csrfmiddlewaretoken"' in page
    # Showing the form is logged as a view (issue 15, point 4).
    assert AccessLogEntry.objects.filter(
        citizen_id=cast.citizen.pk, action="view_meetings"
    ).exists()
    # The meeting page links to it.
    assert _url(sent, "cancel/") in login_as(cast.worker).get(_url(sent)).content.decode()


def test_cancel_e_mails_a_cancellation_and_lists_those_to_tell_by_hand(
    cast, login_as, sent, smtp_server
):
    client = login_as(cast.worker)
    response = client.post(_url(sent, "cancel/"), {"reason": "Hon är sjuk."})
    assert response.status_code == 302 and response.url == _url(sent, "cancelled/")
    sent.refresh_from_db()
    assert sent.status == MeetingStatus.CANCELLED
    assert sent.cancel_reason == "Hon är sjuk." and sent.cancelled_at is not None
    [message] = smtp_server.messages
    assert message["To"] == "britt@example.se"
    assert _method(message) == "CANCEL"
    assert "Hon är sjuk." in message.get_body(("plain",)).get_content()

    page = _page(client.get(response.url))
    assert "The cancellation is e-mailed to Britt Syster." in page
    hand = page.split("Tell them by hand")[1].split("Told by e-mail")[0]
    assert "Mads Nabo" in hand and "Eve English" in hand and "Britt" not in hand
    # The meeting page says so and offers no second cancelling or update.
    meeting_page = _page(client.get(_url(sent)))
    assert "This meeting is cancelled." in meeting_page and "Hon är sjuk." in meeting_page
    assert _url(sent, "cancel/") not in meeting_page
    assert "Send the update" not in meeting_page
    # Cancelling again leads to the list, changes nothing and sends nothing.
    assert client.get(_url(sent, "cancel/")).url == _url(sent, "cancelled/")
    client.post(_url(sent, "cancel/"), {"reason": "Again"})
    sent.refresh_from_db()
    assert sent.cancel_reason == "Hon är sjuk."
    assert len(smtp_server.messages) == 1


def test_cancel_bad_input_changes_nothing(cast, login_as, sent, smtp_server):
    client = login_as(cast.worker)
    response = client.post(_url(sent, "cancel/"), {"reason": "  "})
    assert response.status_code == 400
    assert "This field is required." in _page(response)
    response = client.post(_url(sent, "cancel/"), {"reason": "x" * 501})
    assert response.status_code == 400
    assert "at most 500 characters" in _page(response)
    sent.refresh_from_db()
    assert sent.status == MeetingStatus.INVITED and sent.cancel_reason == ""
    assert smtp_server.messages == []


def test_a_held_meeting_cannot_be_cancelled(cast, login_as, held):
    client = login_as(cast.worker)
    page = _page(client.get(_url(held, "cancel/")))
    assert "A meeting that is held cannot be cancelled." in page
    assert "<textarea" not in page
    response = client.post(_url(held, "cancel/"), {"reason": "Too late"})
    assert response.status_code == 400
    assert "This cannot be done while the meeting is held." in _page(response)
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD and held.cancelled_at is None


def test_cancel_methods_and_reach(cast, login_as, sent):
    client = login_as(cast.worker)
    assert client.put(_url(sent, "cancel/")).status_code == 405
    assert client.post(_url(sent, "cancelled/")).status_code == 405
    # Not cancelled: the list page leads back to the meeting.
    assert client.get(_url(sent, "cancelled/")).url == _url(sent)
    for user in ("colleague", "professional", "outsider"):
        other = login_as(getattr(cast, user))
        assert other.get(_url(sent, "cancel/")).status_code == 404
        assert other.post(_url(sent, "cancel/"), {"reason": "r"}).status_code == 404
    other_citizen = f"/citizens/{cast.colleague_citizen.pk}/meetings/{sent.pk}/cancel/"
    assert login_as(cast.lead).post(other_citizen, {"reason": "r"}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == MeetingStatus.INVITED


def test_posts_need_the_csrf_token(cast, sent, smtp_server):
    client = Client(enforce_csrf_checks=True)
    login(client, cast.worker)
    britt = sent.invitees.get(name="Britt Syster")
    for url, data in (
        (_url(sent, "cancel/"), {"reason": "r"}),
        (_url(sent, f"invitees/{britt.pk}/remove/"), {}),
        (_url(sent, "feedback/send/"), {}),
    ):
        assert client.post(url, data).status_code == 403
    sent.refresh_from_db()
    assert sent.status == MeetingStatus.INVITED and sent.invitees.count() == 3
    assert smtp_server.messages == []


# --- Remove an invitee -------------------------------------------------------------------------


def test_remove_an_e_mailed_invitee_after_confirming(cast, login_as, sent, smtp_server):
    client = login_as(cast.worker)
    britt = sent.invitees.get(name="Britt Syster")
    url = _url(sent, f"invitees/{britt.pk}/remove/")
    assert url in client.get(_url(sent)).content.decode()
    response = client.get(url)
    page = _page(response)
    assert response.status_code == 200
    assert "Remove Britt Syster from the invitees?" in page
    assert "they get a cancellation at britt@example.se" in page
    assert not smtp_server.messages and Invitee.objects.filter(pk=britt.pk).exists()

    response = client.post(url)
    assert response.status_code == 302 and response.url == _url(sent) + "#invitees"
    assert not Invitee.objects.filter(pk=britt.pk).exists()
    assert sent.invitees.count() == 2
    [message] = smtp_server.messages
    assert message["To"] == "britt@example.se" and _method(message) == "CANCEL"
    page = _page(client.get(_url(sent)))
    assert "Britt Syster is no longer invited." in page
    assert "Britt Syster is e-mailed a cancellation." in page


def test_remove_a_letter_invitee_says_to_tell_them_by_hand(cast, login_as, sent, smtp_server):
    client = login_as(cast.worker)
    mads = sent.invitees.get(name="Mads Nabo")
    url = _url(sent, f"invitees/{mads.pk}/remove/")
    assert "tell them by hand" in _page(client.get(url))
    response = client.post(url, follow=True)
    assert "Mads Nabo was invited by letter: tell them by hand." in _page(response)
    assert not Invitee.objects.filter(pk=mads.pk).exists()
    assert smtp_server.messages == []


def test_remove_someone_not_yet_invited(cast, login_as, invited, smtp_server):
    client = login_as(cast.worker)
    eve = invited.invitees.get(name="Eve English")
    url = _url(invited, f"invitees/{eve.pk}/remove/")
    assert "No invitation has been sent to them yet." in _page(client.get(url))
    client.post(url)
    assert not Invitee.objects.filter(pk=eve.pk).exists()
    assert smtp_server.messages == []


def test_remove_bad_input_changes_nothing(cast, login_as, held, smtp_server):
    client = login_as(cast.worker)
    britt = held.invitees.get(name="Britt Syster")
    url = _url(held, f"invitees/{britt.pk}/remove/")
    assert "cannot be changed" in _page(client.get(url))
    response = client.post(url)
    assert response.status_code == 400
    assert "This cannot be done while the meeting is held." in _page(response)
    assert Invitee.objects.filter(pk=britt.pk).exists()
    # Another meeting's invitee, an unknown one, the wrong method, out of reach.
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    assert client.post(_url(other, f"invitees/{britt.pk}/remove/")).status_code == 404
    assert client.post(_url(held, "invitees/999999/remove/")).status_code == 404
    assert client.put(url).status_code == 405
    assert login_as(cast.colleague).post(url).status_code == 404
    assert held.invitees.count() == 3
    assert smtp_server.messages == []


# --- The update after a new time ---------------------------------------------------------------


def test_meeting_page_asks_for_the_update_after_a_new_time(cast, login_as, sent, smtp_server):
    client = login_as(cast.worker)
    assert "Send the update" not in _page(client.get(_url(sent)))
    response = client.post(
        _url(sent, "schedule/"),
        {"day": at(8).date().isoformat(), "time": "13:00", "duration": "60", "place": "Room 3"},
        follow=True,
    )
    page = _page(response)
    assert "The time, place or questions changed after the invitations went out." in page
    notice = page.split('id="update-due"')[1].split("</div>")[0]
    for name in ("Britt Syster", "Mads Nabo", "Eve English"):
        assert name in notice
    assert f'action="{_url(sent, "send/")}"' in notice and "Send the update" in notice

    client.post(_url(sent, "send/"))
    [message] = smtp_server.messages
    event = _calendar(message).walk("VEVENT")[0]
    assert _method(message) == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert "Room 3" in str(event["LOCATION"])
    sent.refresh_from_db()
    # The letter and the call count once printed and made.
    assert dict(sent.invitees.values_list("name", "sent_sequence")) == {
        "Britt Syster": 1,
        "Mads Nabo": 0,
        "Eve English": 0,
    }
    reach_by_hand(sent, cast.worker)
    assert set(sent.invitees.values_list("sent_sequence", flat=True)) == {1}
    assert "Send the update" not in _page(client.get(_url(sent)))


# --- Feedback per meeting ----------------------------------------------------------------------


def test_feedback_request_is_e_mailed_to_those_present(cast, login_as, held, smtp_server):
    held.invitees.filter(name="Mads Nabo").update(present=False)
    client = login_as(cast.worker)
    page = client.get(_url(held)).content.decode()
    assert f'action="{_url(held, "feedback/send/")}"' in page
    assert _url(held, "feedback/") in page
    response = client.post(_url(held, "feedback/send/"))
    assert response.status_code == 302 and response.url == _url(held, "feedback/")
    [message] = smtp_server.messages
    assert message["To"] == "britt@example.se"
    assert f"/meetings/{held.pk}/feedback/" in message.get_body(("plain",)).get_content()
    page = _page(client.get(response.url))
    assert "The feedback request is e-mailed to Britt Syster." in page
    assert "Still to do by hand: call Eve English" in page
    # Once Britt has answered, nobody is left to ask.
    _answer(held.invitees.get(name="Britt Syster"), {"fb.heard": "yes"})
    smtp_server.clear()
    response = client.post(_url(held, "feedback/send/"), follow=True)
    assert "Nothing new to send" in _page(response)
    assert smtp_server.messages == []


def test_feedback_request_before_the_meeting_is_held_is_refused(cast, login_as, sent, smtp_server):
    client = login_as(cast.worker)
    assert _url(sent, "feedback/send/") not in client.get(_url(sent)).content.decode()
    response = client.post(_url(sent, "feedback/send/"), follow=True)
    page = _page(response)
    assert "The feedback request was not sent:" in page
    assert "This cannot be done while the meeting is invited." in page
    assert smtp_server.messages == []
    assert client.get(_url(sent, "feedback/send/")).status_code == 405
    assert login_as(cast.professional).post(_url(sent, "feedback/send/")).status_code == 404


def test_feedback_results_withheld_below_three_then_shown(cast, login_as, held):
    britt, mads, eve = (
        held.invitees.get(name=n) for n in ("Britt Syster", "Mads Nabo", "Eve English")
    )
    _answer(britt, {"fb.heard": "yes"}, "Zebra crossing")
    _answer(mads, {"fb.heard": "partly"})
    client = login_as(cast.worker)
    page = _page(client.get(_url(held, "feedback/")))
    assert "2 of 3 invited have answered." in page
    assert "shown once at least 3 people have answered" in page
    assert "Zebra" not in page and "Answers per question" not in page

    _answer(eve, {"fb.heard": "yes", "fb.safe": "no"}, "Apple pie")
    page = _page(client.get(_url(held, "feedback/")))
    assert "3 of 3 invited have answered." in page
    row = page.split("Did the participants listen, and were you heard?")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["2", "1", "0", "3"]
    assert page.index("Apple pie") < page.index("Zebra crossing")
    # Who answered what is nowhere.
    assert "Britt Syster" not in page and "Eve English" not in page


def test_feedback_results_reach_and_method(cast, login_as, held):
    url = _url(held, "feedback/")
    assert login_as(cast.lead).get(url).status_code == 200
    for user in ("colleague", "professional", "other_lead", "admin"):
        assert login_as(getattr(cast, user)).get(url).status_code == 404
    assert login_as(cast.worker).post(url).status_code == 405


def test_lead_reaches_team_feedback_from_the_team_page_and_meeting_feedback(cast, login_as, held):
    link = 'href="/meetings/feedback-over-time/"'
    lead = login_as(cast.lead)
    assert link in lead.get("/team/").content.decode()
    assert link in lead.get(_url(held, "feedback/")).content.decode()
    assert link not in login_as(cast.worker).get(_url(held, "feedback/")).content.decode()


# --- Feedback over time for the team -----------------------------------------------------------


def _meeting_with_feedback(cast, citizen, days_ago: int, answers):
    """A held meeting `days_ago` with one phone invitee per (answers, comment)."""
    meeting = services.meeting_decide(
        citizen=citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    for n in range(len(answers)):
        services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name=f"Participant {n}", phone=f"+45 {n}"
        )
    # Midnight today is past whatever the time, and in this month.
    today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    starts_at = today - dt.timedelta(days=days_ago)
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        place="Room",
    )
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")
    for invitee, (given, comment) in zip(meeting.invitees.all(), answers, strict=True):
        _answer(invitee, given, comment)
    return meeting


TEAM_URL = "/meetings/feedback-over-time/"


def test_team_feedback_for_the_lead_without_names(cast, login_as):
    three = [
        ({"fb.heard": "yes"}, "Visible comment"),
        ({"fb.heard": "yes"}, ""),
        ({"fb.heard": "partly"}, ""),
    ]
    _meeting_with_feedback(cast, cast.citizen, 0, three)
    _meeting_with_feedback(cast, cast.citizen, 0, [({"fb.heard": "no"}, "Hidden comment")] * 2)
    other_team = [({"fb.heard": "no"}, "Other team comment")] * 3
    _meeting_with_feedback(cast, cast.other_team_citizen, 0, other_team)
    client = login_as(cast.lead)
    response = client.get(TEAM_URL)
    page = _page(response)
    assert response.status_code == 200
    assert "Feedback on network meetings over time" in page and "Team Nord" in page
    month = timezone.localdate().strftime("%B %Y")
    this_month = next(row for row in page.split("<tr>") if month in row)
    cells = [c.split("</td>")[0] for c in this_month.split("<td>")[1:]]
    # Two meetings held, one with enough answers, three counted, two not; (1 + 1 + ½) / 3.
    assert cells == ["2", "1", "3", "2", "83 %"]
    assert "Visible comment" in page
    assert "Hidden comment" not in page and "Other team comment" not in page
    assert CANARY not in page and "Participant" not in page
    rows = AccessLogEntry.objects.filter(action="view_meeting_feedback")
    assert set(rows.values_list("citizen_id", flat=True)) == {cast.citizen.pk}
    # The other team's lead sees their own team only.
    other = _page(login_as(cast.other_lead).get(TEAM_URL))
    assert "Other team comment" in other and "Visible comment" not in other


def test_team_feedback_per_quarter_and_bad_period(cast, login_as):
    _meeting_with_feedback(cast, cast.citizen, 0, [({"fb.heard": "yes"}, "")] * 3)
    client = login_as(cast.lead)
    today = timezone.localdate()
    quarter = f"Q{(today.month - 1) // 3 + 1} {today.year}"
    page = _page(client.get(TEAM_URL, {"period": "quarter"}))
    assert "Meetings and feedback per quarter" in page and quarter in page
    response = client.get(TEAM_URL, {"period": "week"})
    assert response.status_code == 400
    assert "Select a valid choice." in _page(response)
    assert "Meetings and feedback per month" in _page(response)
    assert client.post(TEAM_URL).status_code == 405


@pytest.mark.parametrize("user", ["worker", "colleague", "professional", "coordinator", "admin"])
def test_team_feedback_is_for_leads_only(cast, login_as, user):
    assert login_as(getattr(cast, user)).get(TEAM_URL).status_code == 404


def test_team_feedback_query_count_is_bounded(cast, login_as, django_assert_max_num_queries):
    client = login_as(cast.lead)
    client.get(TEAM_URL)  # session and the like, once
    for days in (0, 40, 80, 120):
        _meeting_with_feedback(cast, cast.citizen, days, [({"fb.heard": "yes"}, "c")] * 3)
        _meeting_with_feedback(cast, cast.colleague_citizen, days, [({"fb.heard": "no"}, "")])
    with django_assert_max_num_queries(12):
        response = client.get(TEAM_URL)
    assert response.status_code == 200
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 8


# --- In a browser, with axe-core on every page ---------------------------------------------------


@pytest.mark.browser
def test_managing_a_meeting_in_a_browser(page, context, live_server, cast, sent, browser_errors):
    from omkreds.lib.testing.a11y import assert_accessible
    from omkreds.lib.testing.browser import sign_in

    def submit(name: str) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name=name, exact=True).click()

    sign_in(context, cast.worker, url=live_server.url)
    page.goto(_url(sent))
    # A new time after the invitations went out: the page asks for the update.
    page.get_by_role("textbox", name="Place").fill("Room 9")
    submit("Save time and place")
    assert page.get_by_text(
        "The time, place or questions changed after the invitations went out."
    ).is_visible()
    assert_accessible(page)
    submit("Send the update")

    # Remove Eve (phoned): a confirmation first.
    page.get_by_role("link", name="Remove Eve English").click()
    assert page.get_by_role("heading", name="Remove Eve English from the invitees?").is_visible()
    assert_accessible(page)
    submit("Yes, remove")
    assert page.get_by_text("Eve English was invited by phone: tell them by hand.").is_visible()
    assert not sent.invitees.filter(name="Eve English").exists()

    # Cancel: the form, then who must be told by hand.
    page.get_by_role("link", name="Cancel the meeting").click()
    assert_accessible(page)
    submit("Cancel the meeting")
    assert page.get_by_text("This field is required.").is_visible()
    # The form comes back with status 400, which the browser reports; that one is expected.
    assert len(browser_errors) == 1 and "400 (Bad Request)" in browser_errors.pop()
    page.get_by_label("Reason for cancelling").fill("Hon är sjuk.")
    submit("Cancel the meeting")
    assert page.get_by_role("heading", name="The meeting is cancelled").is_visible()
    assert "Mads Nabo" in page.locator("#by-hand-heading + p + table").inner_text()
    assert_accessible(page)


@pytest.mark.browser
def test_feedback_pages_in_a_browser(page, context, live_server, cast, held):
    from omkreds.lib.testing.a11y import assert_accessible
    from omkreds.lib.testing.browser import sign_in

    for name, heard in (("Britt Syster", "yes"), ("Mads Nabo", "partly"), ("Eve English", "no")):
        _answer(held.invitees.get(name=name), {"fb.heard": heard}, f"Comment {heard}")
    sign_in(context, cast.lead, url=live_server.url)
    page.goto(_url(held))
    page.get_by_role("link", name="The participants' feedback").click()
    assert page.get_by_text("3 of 3 invited have answered.").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the feedback form to the participants").click()
    assert page.get_by_text("Nothing new to send: everyone has it already").is_visible()
    page.get_by_role("link", name="The team's feedback over time").click()
    assert page.get_by_role("heading", name="Feedback on network meetings over time").is_visible()
    assert "Comment partly" in page.content()
    assert_accessible(page)
    page.get_by_label("Show the figures").select_option("quarter")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.get_by_text("Meetings and feedback per quarter").is_visible()
    assert_accessible(page)
