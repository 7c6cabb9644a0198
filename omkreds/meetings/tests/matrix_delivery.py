"""Authorization matrix routes for the delivery list (views_delivery.py) and the short links
(views_public.py): the delivery list's actions are the case's; a short code is for anyone who
holds one, like the long link it leads to."""

from omkreds.lib.testing.matrix import CASE, PUBLIC, Route
from omkreds.meetings import services_invitations, shortlinks
from omkreds.meetings.models import Delivery
from omkreds.meetings.tests.matrix_staff import _meeting, _setup_open

LINK_HOLDERS = PUBLIC - {"unverified"}


def _sent(cast):
    """A meeting whose invitations went out: a letter to print and a call to make."""
    extra = _setup_open(cast)
    meeting = extra["meeting"]
    services_invitations.invitee_add(
        meeting=meeting,
        by=cast.worker,
        name="Matrix Phone",
        phone="+45 1",
        channel="phone",
    )
    services_invitations.invitations_send(meeting=meeting, by=cast.worker)
    return {
        **extra,
        "letter": Delivery.objects.get(meeting=meeting, state="to_print"),
        "call": Delivery.objects.get(meeting=meeting, state="to_call"),
    }


def to_hand(meeting, by):
    """The citizen takes part, their memo to be handed over in the meeting."""
    from django.db import transaction

    from omkreds.meetings import delivery
    from omkreds.meetings.models_delivery import Document
    from omkreds.meetings.services_citizen import citizen_take_part

    me = citizen_take_part(meeting=meeting, by=by)
    with transaction.atomic():
        return delivery.delivery_plan(
            meeting=meeting, invitee=me, document=Document.MEMO, version="matrix"
        )


def _handed(cast):
    extra = _setup_open(cast)
    return {**extra, "hand": to_hand(extra["meeting"], cast.worker)}


def _code(cast, extra):
    return {"code": shortlinks.short_code(extra["letter"].invitee, "omkreds.meetings.reply")}


ROUTES = [
    Route(
        "meetings:print_pack",
        setup=_sent,
        kwargs=_meeting,
        allowed=CASE,
        notes="The print pack: every letter waiting to be printed, one PDF.",
    ),
    Route(
        "meetings:deliveries_printed",
        method="POST",
        setup=_sent,
        kwargs=_meeting,
        data=lambda cast, extra: {"delivery": [extra["letter"].pk]},
        allowed=CASE,
        ok_status=302,
        notes="Marks the letters of the print pack printed (409 when stale).",
    ),
    Route(
        "meetings:delivery_call",
        method="POST",
        setup=_sent,
        kwargs=_meeting,
        data=lambda cast, extra: {"delivery": extra["call"].pk, "outcome": "reached"},
        allowed=CASE,
        ok_status=302,
        notes="Records a call's outcome (409 when stale).",
    ),
    Route(
        "meetings:delivery_handed",
        method="POST",
        setup=_handed,
        kwargs=_meeting,
        data=lambda cast, extra: {"delivery": extra["hand"].pk},
        allowed=CASE,
        ok_status=302,
        notes="Marks a document handed over in the meeting (409 when stale).",
    ),
    Route(
        "meetings:short_form",
        allowed=LINK_HOLDERS,
        citizen_data=False,
        notes="The form to type a short code from a letter; shows nobody's data.",
    ),
    Route(
        "meetings:short_form",
        method="POST",
        setup=_sent,
        data=_code,
        allowed=LINK_HOLDERS,
        ok_status=302,
        citizen_data=False,
        notes="A typed short code leads to the long link (throttled per address).",
    ),
    Route(
        "meetings:short_link",
        setup=_sent,
        kwargs=_code,
        allowed=LINK_HOLDERS,
        ok_status=302,
        citizen_data=False,
        notes="/r/<code> leads to the invitee's long link; shows nothing itself.",
    ),
]
