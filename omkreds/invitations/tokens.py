"""Signed links for invitees: one to reply to the invitation, one to give feedback.

A token names the meeting, the invitee and the invitee's current nonce, and is signed with the
site's secret under a purpose-specific salt, so a reply token cannot be used as a feedback token.
It carries its signing time and expires. Giving the invitee a new nonce voids all their links.
The payload is signed, not encrypted: it holds only ids, never a name or an address.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing

from omkreds.invitations.errors import TokenExpired, TokenInvalid

# The salts name the meetings app, where links were first signed: links already sent stay valid.
REPLY = "omkreds.meetings.reply"
FEEDBACK = "omkreds.meetings.feedback"

MAX_AGE = {
    REPLY: dt.timedelta(days=90),
    FEEDBACK: dt.timedelta(days=60),
}


def make(invitee, purpose: str) -> str:
    return signing.dumps(
        [str(invitee.meeting_id), invitee.pk, invitee.token_nonce], salt=purpose, compress=True
    )


def read(token: str, purpose: str, *, invitees, meeting_id=None):
    """The invitee a token names, found in `invitees` (the invitee rows' queryset), or
    TokenInvalid / TokenExpired.

    `meeting_id`, when given, is the meeting the link was opened for (from the URL): a token for
    another meeting is treated as forged.
    """
    try:
        meeting_pk, invitee_pk, nonce = signing.loads(
            str(token), salt=purpose, max_age=MAX_AGE[purpose]
        )
    except signing.SignatureExpired as exc:
        raise TokenExpired() from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid from exc
    if meeting_id is not None and str(meeting_id) != meeting_pk:
        raise TokenInvalid
    invitee = (
        invitees.select_related("meeting", "meeting__citizen", "meeting__created_by")
        .filter(pk=invitee_pk, meeting_id=meeting_pk)
        .first()
    )
    if invitee is None:
        raise TokenInvalid
    if invitee.token_nonce != nonce:
        # The invitation was sent anew (or the invitee removed and re-added): an old link.
        raise TokenExpired()
    return invitee
