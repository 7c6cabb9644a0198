"""Authorization matrix routes for "Add to calendar" (views_calendar.py), the advisory network
coordinator (views_coordinator.py) and the map sent to the team (views_team_map.py)."""

from omkreds.invitations import tokens
from omkreds.lib.testing.matrix import Route
from omkreds.meetings import services_invitations
from omkreds.meetings.tests.matrix import LINK_HOLDERS, _kwargs, _reply_setup
from omkreds.meetings.tests.matrix_staff import _meeting, _setup_open
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save


def _setup_team(cast):
    extra = _setup_open(cast)
    services_invitations.invitee_add(
        meeting=extra["meeting"], by=cast.worker, user=cast.professional
    )
    document = MapDocument(contacts=[Contact(id="c-a", name="A", sector="family", closeness=0.3)])
    version = map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)
    return {**extra, "version": version}


ROUTES = [
    Route(
        "meetings:calendar",
        setup=_setup_open,
        kwargs=_meeting,
        notes="The meeting as an .ics file for the staff's own calendar.",
    ),
    Route(
        "meetings:reply_calendar",
        setup=_reply_setup,
        kwargs=_kwargs(tokens.REPLY),
        allowed=LINK_HOLDERS,
        notes="The invitee's own .ics, reached by the signed reply link.",
    ),
    Route(
        "meetings:network_coordinator",
        setup=_setup_open,
        kwargs=_meeting,
        notes="The form naming the meeting's advisory network coordinator.",
    ),
    Route(
        "meetings:network_coordinator",
        method="POST",
        setup=_setup_open,
        kwargs=_meeting,
        data=lambda cast, extra: {"coordinator": cast.coordinator.pk, "based_on": ""},
        ok_status=302,
        notes="Names the coordinator, who is told by e-mail.",
    ),
    Route(
        "meetings:team_map_send",
        method="POST",
        setup=_setup_team,
        kwargs=_meeting,
        data=lambda cast, extra: {"based_on": extra["version"].number},
        ok_status=302,
        notes="Sends the printed map (shared copy) to the team members a consent covers.",
    ),
]
