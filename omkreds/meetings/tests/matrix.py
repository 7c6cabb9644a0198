"""Authorization matrix routes for the meetings app (see omkreds/lib/testing/matrix.py).

The reply and feedback pages answer to a signed link, not to a login: anyone holding a valid
link reaches that one invitation, whoever is signed in. A signed-in user still owes the second
factor first, like everywhere else.
"""

import datetime as dt

from django.utils import timezone

from omkreds.invitations import tokens
from omkreds.lib.testing.matrix import PUBLIC, Route
from omkreds.meetings import services, services_invitations

LINK_HOLDERS = PUBLIC - {"unverified"}


def _invitee(cast, *, days: int):
    start = timezone.now() + dt.timedelta(days=days)
    meeting = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Room",
    )
    invitee = services_invitations.invitee_add(
        meeting=meeting, by=cast.worker, name="Matrix Invitee", email="mi@example.org"
    )
    if days < 0:
        meeting.status = "held"
        meeting.save()
    return invitee


def _reply_setup(cast):
    return {"invitee": _invitee(cast, days=7)}


def _feedback_setup(cast):
    return {"invitee": _invitee(cast, days=-1)}


def _kwargs(purpose):
    def build(cast, extra):
        invitee = extra["invitee"]
        return {"meeting_id": invitee.meeting_id, "token": tokens.make(invitee, purpose)}

    return build


ROUTES = [
    Route(
        "meetings:reply",
        setup=_reply_setup,
        kwargs=_kwargs(tokens.REPLY),
        allowed=LINK_HOLDERS,
        notes="The invitee's reply page, reached by its signed link; shows only that invitation.",
    ),
    Route(
        "meetings:reply",
        method="POST",
        setup=_reply_setup,
        kwargs=_kwargs(tokens.REPLY),
        data=lambda cast, extra: {"reply": "yes"},
        allowed=LINK_HOLDERS,
        notes="Records the reply once; a second use gets a message.",
    ),
    Route(
        "meetings:feedback",
        setup=_feedback_setup,
        kwargs=_kwargs(tokens.FEEDBACK),
        allowed=LINK_HOLDERS,
        notes="Anonymous feedback form, reached by the participant's signed link.",
    ),
    Route(
        "meetings:feedback",
        method="POST",
        setup=_feedback_setup,
        kwargs=_kwargs(tokens.FEEDBACK),
        data=lambda cast, extra: {"fb.heard": "yes"},
        allowed=LINK_HOLDERS,
        citizen_data=False,
        notes="Stores an anonymous response; the thank-you page shows no citizen data.",
    ),
]
