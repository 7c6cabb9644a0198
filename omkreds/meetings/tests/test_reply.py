"""Replies: recorded by the worker, or by the invitee through their signed link."""

import datetime as dt
import re

import pytest
from django.core import signing

from omkreds.access.models import AccessLogEntry
from omkreds.invitations import links, tokens
from omkreds.invitations.choices import Reply
from omkreds.invitations.errors import TokenExpired, TokenInvalid
from omkreds.meetings import services, services_invitations
from omkreds.meetings.errors import InvalidReply, TokenUsed
from omkreds.meetings.tests.conftest import at


@pytest.fixture
def britt(invited):
    return invited.invitees.get(name="Britt Syster")


def _token(url: str) -> str:
    return re.search(r"/reply/([^/]+)/$", url).group(1)


def test_invitee_replies_once_through_the_link(britt):
    token = tokens.make(britt, tokens.REPLY)
    invitee = services_invitations.invitation_reply(
        token=token, reply="maybe", meeting_id=britt.meeting_id
    )
    assert invitee.reply == Reply.MAYBE
    britt.refresh_from_db()
    assert britt.reply == Reply.MAYBE and britt.replied_at is not None
    with pytest.raises(TokenUsed) as caught:
        services_invitations.invitation_reply(token=token, reply="yes")
    assert "already been used" in str(caught.value)
    britt.refresh_from_db()
    assert britt.reply == Reply.MAYBE


def test_forged_and_other_meetings_tokens_are_invalid(britt, cast):
    token = tokens.make(britt, tokens.REPLY)
    with pytest.raises(TokenInvalid):
        services_invitations.invitation_reply(token=token[:-2] + "xx", reply="yes")
    with pytest.raises(TokenInvalid):
        services_invitations.invitation_reply(token="nonsense", reply="yes")
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    with pytest.raises(TokenInvalid):
        services_invitations.invitation_reply(token=token, reply="yes", meeting_id=other.pk)
    # A feedback token is not a reply token.
    with pytest.raises(TokenInvalid):
        services_invitations.invitation_reply(
            token=tokens.make(britt, tokens.FEEDBACK), reply="yes"
        )
    # Signed for an invitee of another meeting: the ids must belong together.
    forged = signing.dumps([str(other.pk), britt.pk, britt.token_nonce], salt=tokens.REPLY)
    with pytest.raises(TokenInvalid):
        services_invitations.invitation_reply(token=forged, reply="yes")
    britt.refresh_from_db()
    assert britt.reply == Reply.PENDING


def test_expired_link(britt, monkeypatch):
    token = tokens.make(britt, tokens.REPLY)
    monkeypatch.setitem(tokens.MAX_AGE, tokens.REPLY, dt.timedelta(seconds=-1))
    with pytest.raises(TokenExpired) as caught:
        services_invitations.invitation_reply(token=token, reply="yes")
    assert "expired" in str(caught.value)


def test_link_expires_when_the_meeting_has_started(britt, cast):
    services.meeting_schedule(
        meeting=britt.meeting, by=cast.worker, starts_at=at(-1), ends_at=at(-1, 11), place="R"
    )
    with pytest.raises(TokenExpired):
        services_invitations.invitation_reply(token=tokens.make(britt, tokens.REPLY), reply="yes")


def test_a_new_nonce_voids_old_links(britt):
    token = tokens.make(britt, tokens.REPLY)
    britt.token_nonce = "fresh"
    britt.save()
    with pytest.raises(TokenExpired):
        services_invitations.invitation_reply(token=token, reply="yes")


def test_invalid_reply_is_refused(britt):
    with pytest.raises(InvalidReply):
        services_invitations.invitation_reply(
            token=tokens.make(britt, tokens.REPLY), reply="perhaps"
        )
    britt.refresh_from_db()
    assert britt.reply_link_used_at is None


def test_worker_records_a_reply_by_phone(invited, cast):
    eve = invited.invitees.get(name="Eve English")
    services_invitations.invitation_record_reply(invitee=eve, reply="no", by=cast.worker)
    eve.refresh_from_db()
    assert eve.reply == Reply.NO


# --- The public page -----------------------------------------------------------------------


def _path(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_reply_page_shows_only_this_invitation_and_records_the_reply(britt, client):
    britt.language = "en"
    britt.save(update_fields=["language"])
    url = _path(links.reply_url(britt))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Britt Syster" in page and "How can the rent be paid?" in page
    assert "Rent arrears" not in page  # the worry stays in the case
    assert AccessLogEntry.objects.filter(
        citizen_id=britt.meeting.citizen_id, action="meeting_invitation", user=None
    ).exists()
    response = client.post(url, {"reply": "yes"})
    assert response.status_code == 200
    assert "has been recorded" in response.content.decode()
    britt.refresh_from_db()
    assert britt.reply == Reply.YES
    # Used twice: a clear message, nothing changed.
    response = client.post(url, {"reply": "no"})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    britt.refresh_from_db()
    assert britt.reply == Reply.YES


def test_reply_page_forged_or_other_meeting_is_404(britt, cast, client):
    token = tokens.make(britt, tokens.REPLY)
    assert client.get(f"/meetings/{britt.meeting_id}/reply/{token}x/").status_code == 404
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    response = client.get(f"/meetings/{other.pk}/reply/{token}/")
    assert response.status_code == 404
    assert "Britt" not in response.content.decode()


def test_reply_page_for_an_expired_link_says_so(britt, client, monkeypatch):
    url = _path(links.reply_url(britt))
    monkeypatch.setitem(tokens.MAX_AGE, tokens.REPLY, dt.timedelta(seconds=-1))
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "Britt" not in response.content.decode()


def test_reply_page_with_no_choice_shows_a_message(britt, client):
    britt.language = "en"
    britt.save(update_fields=["language"])
    response = client.post(_path(links.reply_url(britt)), {})
    assert response.status_code == 400
    assert "Choose yes, no or maybe." in response.content.decode()


def test_reply_page_is_in_the_invitees_language(britt, client):
    response = client.get(_path(links.reply_url(britt)))
    assert '<html lang="sv">' in response.content.decode()
