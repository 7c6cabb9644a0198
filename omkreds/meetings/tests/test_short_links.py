"""Short links typed from paper (issue 13, point 2): /r/7K4M-Q2PX leads to the invitee's long
link; unambiguous, case-insensitive, 40 bits; wrong guesses are throttled per client address;
an old code stops working when the invitee is invited anew; codes never reach a log line."""

import pytest

from omkreds.invitations import shortcodes, tokens
from omkreds.lib.logmask import mask
from omkreds.meetings import services_invitations, shortlinks
from omkreds.meetings.models import ShortLink, ShortLinkMiss


@pytest.fixture
def three(scheduled, cast):
    return [
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name=name, postal_address=f"{name}vej 1"
        )
        for name in ("Ada", "Bo", "Cai")
    ]


def test_each_invitee_has_their_own_short_codes_in_the_unambiguous_alphabet(three):
    codes = set()
    for invitee in three:
        for purpose in (tokens.REPLY, tokens.FEEDBACK):
            code = shortlinks.short_code(invitee, purpose)
            assert len(code) == 9 and code[4] == "-"
            assert set(code.replace("-", "")) <= set(shortcodes.ALPHABET)
            assert not set(code) & set("ILOU")
            # The same code again on a reprint: derived, not drawn anew.
            assert shortlinks.short_code(invitee, purpose) == code
            codes.add(code)
    assert len(codes) == 6
    assert ShortLink.objects.count() == 6
    # Only a keyed hash is kept, never the code.
    stored = set(ShortLink.objects.values_list("code_hash", flat=True))
    assert not any(code.replace("-", "") in h for h in stored for code in codes)
    assert len(shortcodes.ALPHABET) ** shortcodes.LENGTH >= 2**40


@pytest.mark.parametrize(
    ("typed", "means"),
    [("7k4m-q2px", "7K4MQ2PX"), (" 7K4M Q2PX ", "7K4MQ2PX"), ("OIL0-0000", "01100000")],
)
def test_typing_is_forgiving(typed, means):
    assert shortcodes.normalise(typed) == means


@pytest.mark.parametrize("typed", ["", "7K4M", "7K4M-Q2PX-1", "ÆØÅ1-2345", None, 12345678])
def test_what_cannot_be_a_code_is_refused_before_any_lookup(typed):
    assert shortcodes.normalise(typed) == ""


def test_a_code_opens_each_invitees_reply_page_in_any_case(client, three):
    for invitee in three:
        code = shortlinks.short_code(invitee, tokens.REPLY)
        for typed in (code, code.lower(), code.replace("-", "")):
            response = client.get(f"/r/{typed}")
            assert response.status_code == 302
            assert response.url.startswith(f"/meetings/{invitee.meeting_id}/reply/")
            page = client.get(response.url)
            assert page.status_code == 200 and invitee.name in page.content.decode()
        # The form at /r/ does the same.
        response = client.post("/r/", {"code": code.lower()})
        assert response.status_code == 302 and "/reply/" in response.url


def test_ten_wrong_codes_from_one_address_throttle_it_and_no_other(client, three):
    good = shortlinks.short_code(three[0], tokens.REPLY)
    for n in range(10):
        response = client.get(f"/r/ZZZZ-ZZZ{n}", REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 404
        assert "No invitation has this code." in response.content.decode()
    response = client.get(f"/r/{good}", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    response = client.post("/r/", {"code": good}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert ShortLinkMiss.objects.get(address="192.0.2.7").misses == 10
    # Another address is not throttled; its own miss counts for itself.
    assert client.get(f"/r/{good}", REMOTE_ADDR="198.51.100.1").status_code == 302
    assert client.get("/r/not-a-code", REMOTE_ADDR="198.51.100.1").status_code == 404
    assert ShortLinkMiss.objects.get(address="198.51.100.1").misses == 1


def test_an_old_code_stops_working_when_the_invitee_is_invited_anew(client, three):
    for invitee in three:
        code = shortlinks.short_code(invitee, tokens.FEEDBACK)
        invitee.token_nonce = "renewed"
        invitee.save(update_fields=["token_nonce"])
        response = client.get(f"/r/{code}")
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    assert not ShortLinkMiss.objects.exists()  # not a guess


def test_short_codes_are_masked_in_log_lines(three):
    for invitee in three:
        code = shortlinks.short_code(invitee, tokens.REPLY)
        for typed in (code, code.lower(), code.replace("-", "")):
            line = f'"GET /r/{typed} HTTP/1.1" 302'
            assert mask(line) == '"GET /r/*** HTTP/1.1" 302'
