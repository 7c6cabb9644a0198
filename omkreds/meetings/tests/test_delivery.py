"""Every person gets every document by their channel, and the delivery list says what
happened and what is still to do by hand (issue 13, point 1)."""

import pytest

from omkreds.access.models import ChangeRecord
from omkreds.meetings import delivery, services_feedback, services_invitations, services_memo
from omkreds.meetings.models import Delivery, Invitee
from omkreds.meetings.tests.conftest import reach_by_hand


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _states(meeting) -> dict[str, tuple[str, str, str]]:
    return {
        d.name: (d.document, d.channel, d.state)
        for d in Delivery.objects.shown().filter(meeting=meeting)
    }


def _page(response) -> str:
    return response.content.decode()


def test_each_channel_gets_the_invitation_and_only_e_mail_counts_as_sent_at_once(
    invited, cast, smtp_server
):
    result = services_invitations.invitations_send(meeting=invited, by=cast.worker)

    assert [i.name for i in result.emailed] == ["Britt Syster"]
    assert [m.recipients for m in smtp_server.envelopes] == [["britt@example.se"]]
    assert _states(invited) == {
        "Britt Syster": ("invitation", "email", "sent"),
        "Mads Nabo": ("invitation", "letter", "to_print"),
        "Eve English": ("invitation", "phone", "to_call"),
    }
    sent = dict(invited.invitees.values_list("name", "sent_at"))
    assert sent["Britt Syster"] is not None
    assert sent["Mads Nabo"] is None and sent["Eve English"] is None
    listed = delivery.delivery_list(meeting=invited)
    assert [row.name for row in listed.to_print] == ["Mads Nabo"]
    assert [row.name for row in listed.to_call] == ["Eve English"]
    assert listed.by_hand == 2


def test_a_second_press_sends_nothing_twice_and_a_failed_e_mail_is_tried_again(
    invited, cast, smtp_server, settings
):
    mailers = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    first = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    assert [i.name for i in first.failed] == ["Britt Syster"]
    assert _states(invited)["Britt Syster"] == ("invitation", "email", "failed")

    settings.MAILERS = mailers  # the mail server is back
    second = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    assert [i.name for i in second.emailed] == ["Britt Syster"]
    # The letter and the call were planned by the first press: not planned again.
    assert second.letters == [] and second.phone == []
    third = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    assert (third.emailed, third.failed, third.letters, third.phone) == ([], [], [], [])
    assert len(smtp_server.envelopes) == 1
    assert Delivery.objects.filter(meeting=invited).count() == 3


def test_the_meeting_page_lists_each_delivery_and_what_is_left_by_hand(
    cast, login_as, invited, smtp_server, django_assert_max_num_queries
):
    client = login_as(cast.worker)
    client.post(_url(invited, "send/"))
    page = _page(client.get(_url(invited)))
    to_do = page.split('id="deliveries-to-do"')[1].split("</div>")[0]
    assert "Still to do by hand: 2 deliveries." in to_do
    assert "Print and post: Mads Nabo (invitation)" in to_do
    assert "Call: Eve English (invitation)" in to_do
    assert "Britt Syster" not in to_do
    for name, state in (("Britt Syster", "sent"), ("Mads Nabo", "to print")):
        row = page.split(f'rowspan="1">{name}</th>')[1].split("</tr>")[0]
        assert f"<td>{state}" in row
    # Eve's call: the script to read and the place to record the outcome.
    call = page.split('id="call-')[1].split("</form>")[0]
    assert "Eve English" in call and "tel:+45 12 34 56 78" in call
    assert "Hello, this is" in call and "Can you come?" in call
    assert 'name="outcome" value="reached"' in call
    # The list's queries do not grow with the number of people.
    for n in range(6):
        services_invitations.invitee_add(
            meeting=invited, by=cast.worker, name=f"Letter {n}", postal_address=f"Vej {n}"
        )
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    with django_assert_max_num_queries(40):
        response = client.get(_url(invited))
    assert response.content.decode().count("(invitation)") == 8  # 7 letters and 1 call


def test_marking_the_print_pack_printed_counts_each_letter_sent_and_a_stale_mark_is_409(
    cast, login_as, scheduled, smtp_server
):
    for name in ("Ada Brev", "Bo Brev", "Cai Brev"):
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name=name, postal_address=f"{name}vej 1"
        )
    client = login_as(cast.worker)
    client.post(_url(scheduled, "send/"))
    letters = list(Delivery.objects.filter(meeting=scheduled).order_by("name"))
    assert [d.state for d in letters] == ["to_print"] * 3
    ids = [d.pk for d in letters]

    response = client.post(_url(scheduled, "deliveries/printed/"), {"delivery": ids})
    assert response.status_code == 302
    for row in letters:
        row.refresh_from_db()
        assert row.state == "printed" and row.done_by == cast.worker
        assert row.invitee.sent_sequence == 0 and row.invitee.sent_at is not None
    assert ChangeRecord.objects.filter(kind="deliveries_printed").count() == 1

    # The same marking again (a second tab, a double click): 409, nothing changed.
    response = client.post(_url(scheduled, "deliveries/printed/"), {"delivery": ids})
    assert response.status_code == 409
    assert "Someone has changed the delivery list" in _page(response)
    assert ChangeRecord.objects.filter(kind="deliveries_printed").count() == 1
    # Bad input: no letters named, or not a number: 400, nothing changed.
    for data in ({}, {"delivery": ["x"]}):
        assert client.post(_url(scheduled, "deliveries/printed/"), data).status_code == 400
    # Another meeting's delivery is not this meeting's: stale, nothing changed.
    assert client.get(_url(scheduled, "print-pack.pdf")).status_code == 404  # nothing to print


def test_a_call_is_recorded_with_its_outcome_and_bad_input_changes_nothing(
    cast, login_as, scheduled, smtp_server
):
    for name in ("Ada Ring", "Bo Ring", "Cai Ring"):
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name=name, phone="+45 1", channel="phone"
        )
    client = login_as(cast.worker)
    client.post(_url(scheduled, "send/"))
    ada, bo, cai = Delivery.objects.filter(meeting=scheduled).order_by("name")
    url = _url(scheduled, "deliveries/call/")

    for data in ({"delivery": ada.pk}, {"delivery": ada.pk, "outcome": "maybe"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Say whether the call reached them." in _page(response)
    ada.refresh_from_db()
    assert ada.state == "to_call"

    client.post(url, {"delivery": ada.pk, "outcome": "reached", "note": "Kommer gerne"})
    client.post(url, {"delivery": bo.pk, "outcome": "not_reached", "note": "Ingen svar"})
    client.post(url, {"delivery": cai.pk, "outcome": "reached"})
    for row in (ada, bo, cai):
        row.refresh_from_db()
    assert (ada.state, ada.outcome) == ("called", "Kommer gerne")
    assert (bo.state, bo.outcome) == ("failed", "not reached by phone: Ingen svar")
    assert (cai.state, cai.outcome) == ("called", "reached")
    assert dict(scheduled.invitees.values_list("name", "sent_sequence")) == {
        "Ada Ring": 0,
        "Bo Ring": None,
        "Cai Ring": 0,
    }
    page = _page(client.get(_url(scheduled)))
    assert "Failed, see to it: Bo Ring (invitation: not reached by phone: Ingen svar)" in page
    # Ada's call recorded again: stale.
    assert client.post(url, {"delivery": ada.pk, "outcome": "reached"}).status_code == 409


def test_memo_goes_to_each_recipient_by_their_channel(held, cast, login_as, smtp_server):
    services_memo.memo_save(
        meeting=held,
        by=cast.worker,
        summary="A plan for rent and letters.",
        recipients={i.pk for i in held.invitees.all()},
    )
    client = login_as(cast.worker)
    smtp_server.clear()
    response = client.post(_url(held, "memo/send/"), follow=True)
    page = _page(response)
    assert "The memo is e-mailed to Britt Syster." in page
    assert "Still to do by hand: print the letters for Mads Nabo" in page
    assert "Still to do by hand: call Eve English" in page
    assert "e-mailed to 3" not in page
    assert [m.recipients for m in smtp_server.envelopes] == [["britt@example.se"]]
    memos = {d.name: d.state for d in Delivery.objects.filter(meeting=held, document="memo")}
    assert memos == {"Britt Syster": "sent", "Mads Nabo": "to_print", "Eve English": "to_call"}
    # Pressed again: nothing sent twice.
    response = client.post(_url(held, "memo/send/"), follow=True)
    assert "Nothing new to send" in _page(response)
    assert len(smtp_server.envelopes) == 1


def test_feedback_request_reaches_those_without_e_mail(held, cast, smtp_server):
    outcome = services_feedback.feedback_request_send(meeting=held, by=cast.worker)
    assert [row.name for row in outcome.emailed] == ["Britt Syster"]
    assert [row.name for row in outcome.to_print] == ["Mads Nabo"]
    assert [row.name for row in outcome.to_call] == ["Eve English"]
    again = services_feedback.feedback_request_send(meeting=held, by=cast.worker)
    assert (again.planned, again.already) == ([], 3)


def test_a_cancellation_withdraws_letters_not_yet_printed(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    services_invitations.meeting_cancel(meeting=invited, by=cast.worker, reason="Syg")
    # Mads's letter and Eve's call never went out: they are not asked for any more, and
    # nobody is told of a cancellation of an invitation they never got.
    assert _states(invited) == {
        "Britt Syster": ("cancellation", "email", "sent"),
    }
    assert delivery.delivery_list(meeting=invited).by_hand == 0


@pytest.mark.django_db
def test_a_letter_recipient_told_of_the_cancellation_gets_a_letter(invited, cast, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    reach_by_hand(invited, cast.worker)
    services_invitations.meeting_cancel(meeting=invited, by=cast.worker, reason="Syg")
    cancellations = {
        d.name: (d.channel, d.state)
        for d in Delivery.objects.filter(meeting=invited, document="cancellation")
    }
    assert cancellations == {
        "Britt Syster": ("email", "sent"),
        "Mads Nabo": ("letter", "to_print"),
        "Eve English": ("phone", "to_call"),
    }
    assert Invitee.objects.filter(meeting=invited).count() == 3
