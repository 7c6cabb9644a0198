"""Authorization matrix routes for the coordinator's work on a council's invitees and its
feedback (views_invitees.py). The builders assign `cast.coordinator` to the council,
so the coordinator is allowed here alongside the case; everyone else gets 404."""

from omkreds.councils.tests.setup_councils import in_step, prepared
from omkreds.lib.testing.matrix import CASE, Route

COUNCIL = CASE | {"coordinator"}


def _prepared(cast):
    council = prepared(cast)  # assigns cast.coordinator
    return {"council": council, "bo": council.meeting.invitees.get(name="Bo Ven")}


def _held(cast):
    council = in_step(cast, "acknowledgement")
    return {"council": council}


def _begun(cast):
    """After the council, which began an hour ago."""
    from omkreds.meetings.tests.conftest import begun

    council = in_step(cast, "acknowledgement")
    begun(council.meeting)
    return {"council": council}


def _invitee(cast, extra):
    return {"council_id": extra["council"].pk, "invitee_id": extra["bo"].pk}


def _post(name, *, setup, kwargs, data=None, notes=""):
    return Route(
        name,
        method="POST",
        setup=setup,
        kwargs=kwargs,
        data=data,
        allowed=COUNCIL,
        ok_status=302,
        citizen_data=True,
        notes=notes,
    )


ROUTES = [
    _post(
        "councils:council_invitee_remove",
        setup=_prepared,
        kwargs=_invitee,
        notes="Takes someone off the council's list (the meetings' invitee_remove).",
    ),
    _post(
        "councils:council_reply_record",
        setup=_prepared,
        kwargs=_invitee,
        data=lambda cast, extra: {"reply": "yes"},
        notes="Notes a reply given by phone or at the visit.",
    ),
    _post(
        "councils:council_feedback_send",
        setup=_held,
        kwargs=lambda cast, extra: {"council_id": extra["council"].pk},
        notes="E-mails the meetings' feedback form to the participants after the council.",
    ),
    _post(
        "councils:council_feedback_paper",
        setup=_begun,
        kwargs=lambda cast, extra: {"council_id": extra["council"].pk},
        data=lambda cast, extra: {"based_on": 0, "fb.heard": "yes"},
        notes="Types in a paper form's answers after the council (409 when stale or too many).",
    ),
    Route(
        "councils:council_feedback_form",
        setup=_held,
        kwargs=lambda cast, extra: {"council_id": extra["council"].pk},
        allowed=COUNCIL,
        notes="The council's feedback form on paper (A4 PDF, tick boxes, no names).",
    ),
]

# The confirmation page before the removal (GET on the same URL).
ROUTES.append(
    Route(
        "councils:council_invitee_remove",
        method="GET",
        setup=_prepared,
        kwargs=_invitee,
        allowed=COUNCIL,
        ok_status=200,
        citizen_data=True,
        notes="Who will be removed and what happens (an e-mailed one gets a cancellation).",
    )
)
