"""Short links an invitee can type from a letter or a feedback form: /r/7K4M-Q2PX opens their
reply or feedback page (issue 13, point 2). The long signed links keep working; a short code
leads to the same long link, signed afresh.

Guessing is throttled per client address: after `LIMIT` wrong codes within `WINDOW`, every
code from that address is refused with a message until the window has passed. The count is
kept in the database, so every app process behind the load balancer sees the same count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from omkreds.invitations import shortcodes, tokens
from omkreds.invitations.errors import TokenExpired
from omkreds.lib import throttle
from omkreds.meetings.errors import ShortCodeThrottled, ShortCodeUnknown
from omkreds.meetings.models_delivery import ShortLink, ShortLinkMiss

LIMIT = 10
WINDOW = dt.timedelta(hours=1)
_LONG = {tokens.REPLY: "meetings:reply", tokens.FEEDBACK: "meetings:feedback"}


def short_code(invitee, purpose: str) -> str:
    """The invitee's short code for `purpose` (reply or feedback), as printed: 7K4M-Q2PX."""
    code = shortcodes.derive(
        meeting_id=invitee.meeting_id,
        invitee_id=invitee.pk,
        nonce=invitee.token_nonce,
        purpose=purpose,
    )
    try:
        with transaction.atomic():
            ShortLink.objects.get_or_create(
                code_hash=shortcodes.keyed_hash(code),
                defaults={"invitee": invitee, "purpose": purpose, "nonce": invitee.token_nonce},
            )
    except IntegrityError:  # pragma: no cover - another process stored the same code first
        pass
    return shortcodes.shown(code)


def short_url(invitee, purpose: str) -> str:
    path = reverse("meetings:short_link", kwargs={"code": short_code(invitee, purpose)})
    return settings.SITE_URL + path


def _throttled(address: str, now) -> bool:
    return throttle.throttled(
        ShortLinkMiss, field="address", keys=[address], now=now, window=WINDOW, limit=LIMIT
    )


def _count_miss(address: str, now) -> None:
    throttle.count_miss(ShortLinkMiss, field="address", key=address, now=now, window=WINDOW)


def short_link_open(*, code, address: str) -> str:
    """The long link's path for a typed code. ShortCodeThrottled after too many wrong codes
    from `address`; ShortCodeUnknown for a wrong one (counted); TokenExpired for the code of
    an invitation sent anew since."""
    now = timezone.now()
    address = (address or "unknown")[:64]
    if _throttled(address, now):
        raise ShortCodeThrottled()
    normalised = shortcodes.normalise(code)
    link = (
        ShortLink.objects.select_related("invitee")
        .filter(code_hash=shortcodes.keyed_hash(normalised))
        .first()
        if normalised
        else None
    )
    if link is None:
        _count_miss(address, now)
        raise ShortCodeUnknown()
    invitee = link.invitee
    if invitee.token_nonce != link.nonce:
        raise TokenExpired()
    return reverse(
        _LONG[link.purpose],
        kwargs={"meeting_id": invitee.meeting_id, "token": tokens.make(invitee, link.purpose)},
    )
