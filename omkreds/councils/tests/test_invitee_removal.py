"""Removing a council invitee asks first, as the meetings' own removal does:
the link opens a page saying who goes and what happens (an e-mailed invitation is cancelled by
e-mail, a letter or phone invitee must be told by hand, the visit goes with them); only the
button there removes."""

import pytest
from django.utils import timezone

from omkreds.councils import services as sc
from omkreds.councils.tests.setup_councils import in_step, prepared
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.meetings.models import Invitee
from omkreds.meetings.tests.conftest import reach_by_hand


def _remove_url(council, invitee) -> str:
    return f"/councils/{council.pk}/invitees/{invitee.pk}/remove/"


def _text(response) -> str:
    return response.content.decode()


def test_the_page_tells_an_e_mailed_invitee_gets_a_cancellation_and_removes_nothing(
    cast, login_as, smtp_server
):
    council = prepared(cast)
    sc.council_invitations_send(council=council, by=cast.coordinator)
    anna = council.meeting.invitees.get(name="Anna Mor")
    sc.visit_record(
        council=council, by=cast.coordinator, invitee=anna, visited_on=timezone.localdate()
    )
    smtp_server.clear()
    client = login_as(cast.coordinator)

    response = client.get(_remove_url(council, anna))

    page = _text(response)
    assert response.status_code == 200
    assert "Remove Anna Mor from the invitees?" in page
    assert "they get a cancellation at anna@example.dk" in page
    assert "The record of your visit to them is removed with them." in page
    assert f'<form method="post" action="{_remove_url(council, anna)}">' in page
    assert f'href="/councils/{council.pk}/#invitees">Keep them invited</a>' in page
    # Looking is not removing: nobody is told anything yet.
    assert Invitee.objects.filter(pk=anna.pk).exists()
    assert council.visits.filter(invitee=anna).exists()
    assert smtp_server.messages == []


def test_the_page_says_a_phone_invitee_must_be_told_by_hand(cast, login_as):
    council = prepared(cast)
    sc.council_invitations_send(council=council, by=cast.coordinator)
    reach_by_hand(council.meeting, cast.coordinator)  # Bo is called
    bo = council.meeting.invitees.get(name="Bo Ven")

    page = _text(login_as(cast.coordinator).get(_remove_url(council, bo)))

    assert "They were invited by phone: tell them by hand that they are no longer invited." in page
    assert "cancellation at" not in page
    assert "visit" not in page


def test_the_page_says_nothing_was_sent_before_the_invitations(cast, login_as):
    council = prepared(cast)
    bo = council.meeting.invitees.get(name="Bo Ven")

    page = _text(login_as(cast.worker).get(_remove_url(council, bo)))

    assert "No invitation has been sent to them yet." in page


def test_after_the_council_started_the_page_says_why_and_offers_no_button(cast, login_as):
    council = in_step(cast, "information")
    bo = council.meeting.invitees.get(name="Bo Ven")

    response = login_as(cast.coordinator).get(_remove_url(council, bo))

    page = _text(response)
    assert response.status_code == 200
    assert "This cannot be done while the network council is step 1 – information." in page
    assert "Yes, remove" not in page and 'method="post"' not in page.split("<main", 1)[-1]


def test_the_workspace_links_to_the_page_instead_of_removing_at_once(cast, login_as):
    council = prepared(cast)
    bo = council.meeting.invitees.get(name="Bo Ven")

    page = _text(login_as(cast.coordinator).get(f"/councils/{council.pk}/"))

    assert f'<a href="{_remove_url(council, bo)}">Remove' in page
    assert f'action="{_remove_url(council, bo)}"' not in page


@pytest.mark.browser
def test_a_coordinator_removes_an_invitee_by_keyboard(cast, live_server, context, page):
    council = prepared(cast)
    sign_in(context, cast.coordinator, url=live_server.url)
    page.goto(f"/councils/{council.pk}/#invitees")
    assert_accessible(page)

    link = page.get_by_role("link", name="Remove Bo Ven")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Remove Bo Ven from the invitees?").wait_for()
    assert_accessible(page)

    # "Keep them invited" is next in the tab order; the button comes first.
    page.get_by_role("button", name="Yes, remove").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Keep them invited"
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.get_by_text("Bo Ven is no longer invited.").wait_for()
    assert_accessible(page)
    assert not council.meeting.invitees.filter(name="Bo Ven").exists()
    assert council.meeting.invitees.filter(name="Anna Mor").exists()
