"""Guessing the room code (issue 15, point 7): wrong codes are throttled per client address and
per code, a wrong, an expired and a taken code get the same answer (no oracle for a live code),
and every refusal is logged. The figure goes to the trust report (trust-room-codes.json)."""

import datetime as dt
import logging
import re

from django.test import Client
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.councils import services_room as sc_room
from omkreds.councils.models import Council, RoomCodeMiss
from omkreds.councils.tests.setup_councils import in_step
from omkreds.lib.testing import trust

ROOM = "/council-room/"
ROOM_PROPOSALS = "/council-room/proposals/"
REFUSED = "This code cannot be used: it is wrong, has expired or is in use on another device."
THROTTLED = "Too many wrong codes have been tried."
WRONG = ("ZZZZZZZ2", "ZZZZ-ZZZ3", "zzzz zzz4")


def _post(code, address="192.0.2.7", client=None):
    return (client or Client()).post(ROOM, {"code": code}, REMOTE_ADDR=address)


def _window_passed():
    RoomCodeMiss.objects.update(
        window_started_at=timezone.now() - sc_room.ROOM_MISS_WINDOW - dt.timedelta(seconds=1)
    )


def _open_rooms(cast) -> list[tuple[Council, str]]:
    rooms = []
    for _ in range(3):
        council = in_step(cast, "private")
        rooms.append((council, sc_room.room_open(council=council, by=cast.coordinator)))
    return rooms


def test_wrong_codes_from_one_address_are_throttled_and_the_right_code_works_after(cast, caplog):
    rooms = _open_rooms(cast)
    limit = sc_room.ROOM_MISS_LIMIT
    caplog.set_level(logging.WARNING, logger="omkreds.councils.services_room")
    for n in range(limit):
        response = _post(WRONG[n % 3][:-1] + "23456789"[n % 8])
        assert response.status_code == 400
        assert REFUSED in response.content.decode()
    # Now every room's right code is refused from that address, and nothing is joined.
    for council, code in rooms:
        response = _post(code)
        assert response.status_code == 429
        assert THROTTLED in response.content.decode()
        council.refresh_from_db()
        assert council.room_device_hash == ""
    assert RoomCodeMiss.objects.get(key="address:192.0.2.7").misses == limit
    refusals = [r.getMessage() for r in caplog.records if "Room code refused" in r.getMessage()]
    assert len(refusals) == limit + len(rooms)
    assert not any(code in line for _council, code in rooms for line in refusals)
    trust.record(
        "room-codes",
        case=f"{limit} wrong codes from one address, then the right ones",
        wrong_guesses=limit,
        codes_accepted_after_wrong_guesses=sum(
            Council.objects.filter(pk=c.pk).exclude(room_device_hash="").count() for c, _ in rooms
        ),
    )
    # Another address is not throttled by it; after the window the first address gets in too.
    first, *rest = rooms
    assert _post(first[1], address="198.51.100.1").status_code == 302
    _window_passed()
    for council, code in rest:
        response = _post(code)
        assert response.status_code == 302 and response["Location"] == ROOM_PROPOSALS
        council.refresh_from_db()
        assert council.room_device_hash != ""


def test_a_wrong_an_expired_and_a_taken_code_get_the_same_answer(cast):
    (taken, taken_code), (expired, expired_code), _third = _open_rooms(cast)
    holder = Client()
    assert _post(taken_code, client=holder).status_code == 302
    Council.objects.filter(pk=expired.pk).update(
        room_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    answers = []
    for typed in (taken_code, expired_code, "ZZZZZZZ2"):
        response = _post(typed, address="203.0.113.9")
        body = response.content.decode()
        # What differs by nature: the CSRF token (64 letters and digits), the script nonce and
        # the code echoed back.
        body = re.sub(r'[A-Za-z0-9]{64}|nonce="[^"]+"', "", body).replace(typed, "")
        answers.append((response.status_code, body))
    assert {status for status, _body in answers} == {400}
    assert answers[0][1] == answers[1][1] == answers[2][1]
    assert REFUSED in answers[0][1]
    # The device holding the page keeps it; the refused taken code is logged as a refused
    # look-up of that citizen, with no data.
    assert holder.get(ROOM_PROPOSALS).status_code == 200
    refused = AccessLogEntry.objects.filter(action="refused", object_type="council_room_join")
    assert [row.citizen_id for row in refused] == [taken.citizen_id]
    # Each of the three counted as a miss of the address, and of its own code.
    assert RoomCodeMiss.objects.get(key="address:203.0.113.9").misses == 3
    assert RoomCodeMiss.objects.filter(key__startswith="code:").count() == 3


def test_one_code_tried_from_many_addresses_is_throttled(cast):
    rooms = _open_rooms(cast)
    holders = []
    for _council, code in rooms:
        holder = Client()
        assert _post(code, address="192.0.2.1", client=holder).status_code == 302
        holders.append(holder)
    for _council, code in rooms:
        for n in range(sc_room.ROOM_MISS_LIMIT):
            assert _post(code, address=f"198.51.100.{n + 10}").status_code == 400
        response = _post(code, address="198.51.100.200")
        assert response.status_code == 429
        assert THROTTLED in response.content.decode()
    # The devices that hold the pages are not affected: they hold a key, not the code.
    for holder in holders:
        assert holder.get(ROOM_PROPOSALS).status_code == 200
