"""Authorization matrix routes for a council's delivery list (views_delivery.py): the case and
the council's coordinator, like the invitees' pages; everyone else gets 404."""

from omkreds.councils import services as sc
from omkreds.councils.tests.setup_councils import prepared
from omkreds.lib.testing.matrix import CASE, Route
from omkreds.meetings.models import Delivery
from omkreds.meetings.tests.matrix_delivery import to_hand

COUNCIL = CASE | {"coordinator"}


def _sent(cast):
    council = prepared(cast)  # Anna by e-mail, Bo by phone
    sc.council_invitee_add(
        council=council,
        by=cast.worker,
        name="Cai Brev",
        postal_address="Vej 1\n8000 Aarhus C",
        channel="letter",
    )
    sc.council_invitations_send(council=council, by=cast.coordinator)
    meeting = council.meeting
    return {
        "council": council,
        "letter": Delivery.objects.get(meeting=meeting, state="to_print"),
        "call": Delivery.objects.get(meeting=meeting, state="to_call"),
    }


def _handed(cast):
    council = prepared(cast)
    return {"council": council, "hand": to_hand(council.meeting, cast.worker)}


def _council(cast, extra):
    return {"council_id": extra["council"].pk}


ROUTES = [
    Route(
        "councils:council_print_pack",
        setup=_sent,
        kwargs=_council,
        allowed=COUNCIL,
        notes="The council's print pack: every letter waiting to be printed.",
    ),
    Route(
        "councils:council_deliveries_printed",
        method="POST",
        setup=_sent,
        kwargs=_council,
        data=lambda cast, extra: {"delivery": [extra["letter"].pk]},
        allowed=COUNCIL,
        ok_status=302,
        notes="Marks the council's letters printed (409 when stale).",
    ),
    Route(
        "councils:council_delivery_call",
        method="POST",
        setup=_sent,
        kwargs=_council,
        data=lambda cast, extra: {"delivery": extra["call"].pk, "outcome": "reached"},
        allowed=COUNCIL,
        ok_status=302,
        notes="Records a call's outcome for the council (409 when stale).",
    ),
    Route(
        "councils:council_delivery_handed",
        method="POST",
        setup=_handed,
        kwargs=_council,
        data=lambda cast, extra: {"delivery": extra["hand"].pk},
        allowed=COUNCIL,
        ok_status=302,
        notes="Marks the council's plan handed over to the main person (409 when stale).",
    ),
]
