"""Absolute links an invitee receives: to reply to the invitation and to give feedback.

The URL holds the meeting's random id and a signed token, nothing personal.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from omkreds.invitations import tokens


def reply_url(invitee) -> str:
    path = reverse(
        "meetings:reply",
        kwargs={"meeting_id": invitee.meeting_id, "token": tokens.make(invitee, tokens.REPLY)},
    )
    return settings.SITE_URL + path


def feedback_url(invitee) -> str:
    path = reverse(
        "meetings:feedback",
        kwargs={"meeting_id": invitee.meeting_id, "token": tokens.make(invitee, tokens.FEEDBACK)},
    )
    return settings.SITE_URL + path


def reply_calendar_path(invitee) -> str:
    """The invitee's own calendar file ("Add to calendar" on the reply page), site-relative."""
    return reverse(
        "meetings:reply_calendar",
        kwargs={"meeting_id": invitee.meeting_id, "token": tokens.make(invitee, tokens.REPLY)},
    )


# The short form of a link (/r/7K4M-Q2PX) is kept by the meetings app, which registers how to
# make one: maker(invitee, purpose) -> (code as printed, absolute URL).
_SHORT_MAKERS: list = []


def register_short_link_maker(maker) -> None:
    _SHORT_MAKERS[:] = [maker]


def short_link(invitee, purpose: str) -> tuple[str, str] | None:
    return _SHORT_MAKERS[0](invitee, purpose) if _SHORT_MAKERS else None
