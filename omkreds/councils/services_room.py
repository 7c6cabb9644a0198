"""The council's private page in the room (step 2): the short code the coordinator reads out,
the one device that joins with it, and the proposals the network writes there (and makes
concrete in step 3, before the answers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.councils.errors import (
    CouncilWrongState,
    InvalidChoice,
    RoomClosed,
    RoomCodeInvalid,
    RoomTaken,
    RoomThrottled,
)
from omkreds.councils.models import (
    Council,
    CouncilStatus,
    Proposal,
    ProposalKind,
    RoomCodeMiss,
)
from omkreds.councils.rules import council_invitee, require_status
from omkreds.lib import throttle
from omkreds.meetings import services
from omkreds.meetings.errors import MeetingError, Required

# The private page stays open this long after the coordinator opens it.
ROOM_HOURS = 4
# Letters and digits that cannot be mistaken for each other when read aloud or typed.
ROOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ROOM_CODE_LENGTH = 8
MAX_PROPOSALS = 100
# Guessing is throttled (issue 15, point 7): after this many refused codes within the window,
# from one client address or of one code (from any address), every code is refused until the
# window has passed.
ROOM_MISS_LIMIT = 10
ROOM_MISS_WINDOW = dt.timedelta(minutes=15)

logger = logging.getLogger(__name__)


def _keyed_hash(value: str) -> str:
    """A keyed hash: a leaked table of hashes does not give the short codes back."""
    key = f"omkreds.meetings.council.room:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def room_clear(council: Council) -> None:
    council.room_code_hash = ""
    council.room_device_hash = ""
    council.room_expires_at = None


def room_code_new() -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def room_code_normalise(code) -> str:
    """What the network typed, as stored: capitals, no spaces or dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


@transaction.atomic
def room_open(*, council: Council, by) -> str:
    """The coordinator opens the private page for the room and reads the code out once.

    Only the code's keyed hash is kept; opening again gives a new code and lets a new device
    join (when the first one stopped working).
    """
    require_status(council, CouncilStatus.PRIVATE)
    code = room_code_new()
    while Council.objects.filter(room_code_hash=_keyed_hash(code)).exists():
        code = room_code_new()  # pragma: no cover - one in 10^12
    council.room_code_hash = _keyed_hash(code)
    council.room_expires_at = timezone.now() + dt.timedelta(hours=ROOM_HOURS)
    council.room_device_hash = ""
    council.save()
    record_change(citizen=council.citizen_id, by=by, kind="council_room_open", obj=council)
    return code


@transaction.atomic
def room_join(*, code, device_key: str = "") -> tuple[Council, str]:
    """A device in the room enters the code. Returns the council and the device's key, to keep
    in that device's session. One device only: another one is refused with a message."""
    normalised = room_code_normalise(code)
    if not normalised:
        raise Required(field="code")
    council = (
        Council.objects.select_for_update()
        .filter(
            room_code_hash=_keyed_hash(normalised),
            status=CouncilStatus.PRIVATE,
            room_expires_at__gt=timezone.now(),
        )
        .first()
    )
    if council is None:
        raise RoomCodeInvalid()
    if council.room_device_hash:
        if device_key and hmac.compare_digest(council.room_device_hash, _keyed_hash(device_key)):
            return council, device_key
        taken = RoomTaken()
        taken.citizen_id = council.citizen_id
        raise taken
    device_key = secrets.token_urlsafe(32)
    council.room_device_hash = _keyed_hash(device_key)
    council.save(update_fields=["room_device_hash", "updated_at"])
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="council_room_join",
        obj=council,
        who="the network, in the room",
    )
    return council, device_key


def _miss_keys(address: str, normalised: str) -> list[str]:
    return [f"address:{(address or 'unknown')[:64]}", f"code:{_keyed_hash(normalised)}"]


def room_enter(*, code, address: str, device_key: str = "") -> tuple[Council, str]:
    """`room_join` behind the throttle, for the code typed on a device from `address`.

    A wrong, an expired and a taken code are all `RoomCodeInvalid`, with one message, and each
    counts as a miss for the address and for the code; after `ROOM_MISS_LIMIT` misses in
    `ROOM_MISS_WINDOW`, `RoomThrottled`. A refused taken code carries `citizen_id` (the view
    logs the refused look-up). Every refusal is logged, without the code.
    """
    now = timezone.now()
    normalised = room_code_normalise(code)
    if not normalised:
        raise Required(field="code")
    keys = _miss_keys(address, normalised)
    window = ROOM_MISS_WINDOW
    if throttle.throttled(
        RoomCodeMiss, field="key", keys=keys, now=now, window=window, limit=ROOM_MISS_LIMIT
    ):
        logger.warning("Room code refused from %s: too many wrong codes.", address)
        raise RoomThrottled()
    try:
        return room_join(code=normalised, device_key=device_key)
    except RoomCodeInvalid as refused:
        for key in keys:
            throttle.count_miss(RoomCodeMiss, field="key", key=key, now=now, window=window)
        reason = "in use on another device" if isinstance(refused, RoomTaken) else "wrong"
        logger.warning("Room code refused from %s: %s.", address, reason)
        answer = RoomCodeInvalid()
        answer.citizen_id = getattr(refused, "citizen_id", None)
        raise answer from None


def room_council(*, council_id, device_key: str) -> Council:
    """The council this device joined, while its private page is open; else `RoomClosed`."""
    council = (
        Council.objects.select_related("citizen", "meeting").filter(pk=council_id).first()
        if council_id
        else None
    )
    if (
        council is None
        or not device_key
        or not council.room_is_open
        or not hmac.compare_digest(council.room_device_hash, _keyed_hash(device_key))
    ):
        raise RoomClosed()
    return council


# --- Proposals ---------------------------------------------------------------------------------


# A proposal edited without naming its question keeps the one it answers.
UNCHANGED = object()


def _proposal_fields(council, *, kind, what, who, when, who_invitee, question=UNCHANGED) -> dict:
    if kind not in ProposalKind.values:
        raise InvalidChoice(field="kind")
    if who_invitee is not None:
        council_invitee(council, who_invitee)
    fields = {
        "kind": kind,
        "what": services.clean_text(what, "what", limit=500, required=True),
        "who": services.clean_text(who, "who", limit=200),
        "when": services.clean_text(when, "when", limit=200),
        "who_invitee": who_invitee,
    }
    if question is not UNCHANGED:
        # Seed 003: the network answers the main person's questions; None is "other".
        if question is not None and question.council_id != council.pk:
            raise InvalidChoice(field="question")
        fields["question"] = question
    return fields


def _may_write_proposals(council: Council) -> None:
    # The network writes them in the private meeting; in step 3 the presented plan is made
    # concrete ("uddybet") before the answers.
    if council.status == CouncilStatus.PRIVATE:
        return
    if council.status == CouncilStatus.ACKNOWLEDGEMENT and council.plan_presented:
        return
    raise CouncilWrongState(params={"status": council.get_status_display()})


@transaction.atomic
def proposal_add(
    *,
    council: Council,
    kind: str,
    what: str,
    who: str = "",
    when: str = "",
    who_invitee=None,
    question=None,
) -> Proposal:
    _may_write_proposals(council)
    if council.proposals.count() >= MAX_PROPOSALS:
        raise MeetingError(
            gettext("A plan can hold at most %(limit)d proposals.") % {"limit": MAX_PROPOSALS}
        )
    fields = _proposal_fields(
        council,
        kind=kind,
        what=what,
        who=who,
        when=when,
        who_invitee=who_invitee,
        question=question,
    )
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="proposal_add",
        obj=council,
        summary=fields["what"],
        who="the network, in the room",
    )
    return Proposal.objects.create(council=council, **fields)


@transaction.atomic
def proposal_edit(
    *,
    proposal: Proposal,
    kind: str,
    what: str,
    who: str = "",
    when: str = "",
    who_invitee=None,
    question=UNCHANGED,
) -> Proposal:
    council = proposal.council
    _may_write_proposals(council)
    fields = _proposal_fields(
        council,
        kind=kind,
        what=what,
        who=who,
        when=when,
        who_invitee=who_invitee,
        question=question,
    )
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    record_change(
        citizen=council.citizen_id,
        by=None,
        kind="proposal_edit",
        obj=proposal,
        summary=fields["what"],
        who="the network, in the room",
    )
    return proposal
