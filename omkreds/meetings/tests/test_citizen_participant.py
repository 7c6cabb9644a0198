"""The citizen as a participant of their own meeting (issue 13, point 3): first in the order of
introductions, may own actions, receives the memo by their channel (or in the meeting), gives
feedback through their own link. The council's main person: councils/tests/test_main_person.py."""

import pytest

from omkreds.invitations import tokens
from omkreds.meetings import services_feedback, services_invitations, services_memo
from omkreds.meetings.errors import ChannelNeedsDetail, DuplicateInvitee, MeetingError
from omkreds.meetings.models import Action, FeedbackResponse
from omkreds.meetings.services_citizen import citizen_take_part
from omkreds.meetings.tests.conftest import begun

# Close ones (by name), then employees: the order of introductions after the citizen.
OTHERS = ["Britt Syster", "Mads Nabo", "Eve English"]


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def test_the_citizen_comes_first_in_the_order_of_introductions(cast, login_as, invited):
    me = citizen_take_part(meeting=invited, by=cast.worker)
    assert (me.name, me.kind, me.channel) == (cast.citizen.name, "citizen", "hand")
    assert [i.name for i in invited.invitees.in_order()] == [cast.citizen.name, *OTHERS]
    sheet = login_as(cast.worker).get(_url(invited, "run-sheet/")).content.decode()
    positions = [sheet.index(name) for name in [cast.citizen.name, *OTHERS]]
    assert positions == sorted(positions)


def test_the_citizen_takes_part_once_and_a_channel_needs_its_detail(cast, invited):
    with pytest.raises(ChannelNeedsDetail) as caught:
        citizen_take_part(meeting=invited, by=cast.worker, channel="letter")
    assert "postal_address" in caught.value.message_dict
    with pytest.raises(MeetingError):
        services_invitations.invitee_add(
            meeting=invited, by=cast.worker, name="Someone", kind="citizen", phone="1"
        )
    with pytest.raises(MeetingError) as caught:
        services_invitations.invitee_add(
            meeting=invited, by=cast.worker, name="Someone", channel="hand", phone="1"
        )
    assert "channel" in caught.value.message_dict
    assert not invited.invitees.filter(kind="citizen").exists()
    citizen_take_part(meeting=invited, by=cast.worker, channel="phone", phone="+45 70 10 20 30")
    with pytest.raises(DuplicateInvitee):
        citizen_take_part(meeting=invited, by=cast.worker)
    assert invited.invitees.filter(kind="citizen").count() == 1


def test_the_meeting_page_adds_the_citizen_and_refuses_bad_input(cast, login_as, invited):
    client = login_as(cast.worker)
    page = client.get(_url(invited)).content.decode()
    assert "Add the citizen to the participants" in page
    response = client.post(
        _url(invited, "citizen/"), {"citizen-channel": "email", "citizen-language": "da"}
    )
    assert response.status_code == 302
    assert (
        "Give the e-mail address to invite by e-mail." in client.get(_url(invited)).content.decode()
    )
    assert not invited.invitees.filter(kind="citizen").exists()
    response = client.post(
        _url(invited, "citizen/"),
        {"citizen-channel": "hand", "citizen-language": "da"},
    )
    assert response.status_code == 302
    page = client.get(_url(invited)).content.decode()
    assert "Add the citizen to the participants" not in page
    assert "handed over in the meeting" in page
    assert client.get(_url(invited, "citizen/")).status_code == 405
    assert login_as(cast.colleague).post(_url(invited, "citizen/")).status_code == 404


def test_an_action_may_be_owned_by_the_citizen_invited_or_not(cast, login_as, invited):
    client = login_as(cast.worker)
    form = client.get(_url(invited, "actions/new/")).content.decode()
    assert f'value="citizen">{cast.citizen.name}<' in form
    response = client.post(
        _url(invited, "actions/new/"), {"what": "Ring til boligen", "owner": "citizen"}
    )
    assert response.status_code == 302
    me = citizen_take_part(meeting=invited, by=cast.worker)
    form = client.get(_url(invited, "actions/new/")).content.decode()
    assert 'value="citizen"' not in form
    response = client.post(
        _url(invited, "actions/new/"), {"what": "Åbn posten", "owner": f"i:{me.pk}"}
    )
    assert response.status_code == 302
    first, second = Action.objects.order_by("pk")
    assert (first.owner_name, first.owner_invitee) == (cast.citizen.name, None)
    assert (second.owner_name, second.owner_invitee) == (cast.citizen.name, me)


def test_the_citizen_receives_the_memo_and_gives_feedback_by_their_own_link(
    cast, invited, smtp_server
):
    me = citizen_take_part(meeting=invited, by=cast.worker, channel="email", email="ida@example.dk")
    others = list(invited.invitees.exclude(pk=me.pk))
    begun(invited)
    services_memo.memo_save(
        meeting=invited,
        by=cast.worker,
        summary="Holdt",
        attendance={str(i.pk): True for i in [me, *others]},
        recipients=[me.pk, *(i.pk for i in others)],
    )
    smtp_server.clear()
    sent = services_memo.memo_send(meeting=invited, by=cast.worker)
    assert me.pk in {row.invitee_id for row in sent.emailed}
    assert "ida@example.dk" in {r for e in smtp_server.envelopes for r in e.recipients}
    smtp_server.clear()
    asked = services_feedback.feedback_request_send(meeting=invited, by=cast.worker)
    assert me.pk in {row.invitee_id for row in asked.emailed}
    services_feedback.feedback_submit(
        token=tokens.make(me, tokens.FEEDBACK), answers={"fb.heard": "yes"}, comment="Tak"
    )
    me.refresh_from_db()
    assert me.feedback_given_at is not None
    assert FeedbackResponse.objects.get(meeting=invited).comment == "Tak"


def test_a_citizen_met_in_person_is_sent_nothing_by_mail_letter_or_phone(
    cast, invited, smtp_server
):
    citizen_take_part(meeting=invited, by=cast.worker)
    result = services_invitations.invitations_send(meeting=invited, by=cast.worker)
    names = [i.name for i in result.emailed] + [letter.invitee.name for letter in result.letters]
    names += [i.name for i, _script in result.phone]
    assert cast.citizen.name not in names
    assert sorted(names) == sorted(OTHERS)


def test_the_citizens_memo_is_handed_over_in_the_meeting_and_marked_so(
    cast, login_as, invited, smtp_server
):
    """The memo to a citizen met in person is a delivery to hand over; the worker marks it
    handed over on the delivery list; a second press of the same (stale) button is 409."""
    me = citizen_take_part(meeting=invited, by=cast.worker)
    others = list(invited.invitees.exclude(pk=me.pk))
    begun(invited)
    services_memo.memo_save(
        meeting=invited,
        by=cast.worker,
        summary="Holdt",
        attendance={str(i.pk): True for i in [me, *others]},
        recipients=[me.pk, *(i.pk for i in others)],
    )
    sent = services_memo.memo_send(meeting=invited, by=cast.worker)
    [row] = sent.to_hand
    assert (row.invitee_id, row.state, row.channel) == (me.pk, "to_hand", "hand")
    client = login_as(cast.worker)
    page = client.get(_url(invited)).content.decode()
    assert f'id="hand-{row.pk}"' in page
    response = client.post(_url(invited, "deliveries/handed/"), {"delivery": row.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.done_by) == ("handed", cast.worker)
    page = client.get(_url(invited)).content.decode()
    assert f'id="hand-{row.pk}"' not in page
    again = client.post(_url(invited, "deliveries/handed/"), {"delivery": row.pk})
    assert again.status_code == 409
    assert client.post(_url(invited, "deliveries/handed/"), {"delivery": "x"}).status_code == 400
    # A second press of "send" hands nothing over twice.
    assert services_memo.memo_send(meeting=invited, by=cast.worker).to_hand == []
