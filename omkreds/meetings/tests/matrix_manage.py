"""Authorization matrix routes for managing a meeting (views_manage.py): cancel, remove an
invitee, feedback per meeting (the case: worker and lead) and the team's feedback over time
(leads, each for their own team)."""

import datetime as dt

from django.utils import timezone

from omkreds.lib.testing.matrix import CASE, Route
from omkreds.meetings import services, services_invitations, services_memo

LEADS = frozenset({"lead", "other_lead"})


def _open_meeting(cast, citizen=None, *, starts_at=None):
    start = starts_at or timezone.now() + dt.timedelta(days=7)
    meeting = services.meeting_decide(
        citizen=citizen or cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Room",
    )
    invitee = services_invitations.invitee_add(
        meeting=meeting, by=cast.worker, name="Matrix Phone", phone="+45 1", channel="phone"
    )
    return meeting, invitee


def _setup_open(cast):
    meeting, invitee = _open_meeting(cast)
    return {"meeting": meeting, "invitee": invitee}


def _setup_cancelled(cast):
    extra = _setup_open(cast)
    services_invitations.invitations_send(meeting=extra["meeting"], by=cast.worker)
    services_invitations.meeting_cancel(meeting=extra["meeting"], by=cast.worker, reason="Ill")
    return extra


def _held(cast, citizen=None):
    meeting, invitee = _open_meeting(
        cast, citizen, starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")
    return {"meeting": meeting, "invitee": invitee}


def _setup_held(cast):
    return _held(cast)


def _setup_team(cast):
    """A meeting held for a citizen of each lead's team."""
    _held(cast, cast.other_team_citizen)
    return _held(cast)


def _meeting(cast, extra):
    return {"citizen_id": cast.citizen.pk, "meeting_id": extra["meeting"].pk}


def _invitee(cast, extra):
    return {**_meeting(cast, extra), "invitee_id": extra["invitee"].pk}


ROUTES = [
    Route(
        "meetings:cancel",
        setup=_setup_open,
        kwargs=_meeting,
        allowed=CASE,
        notes="The form cancelling a meeting, with who is told by e-mail and who by hand.",
    ),
    Route(
        "meetings:cancel",
        method="POST",
        setup=_setup_open,
        kwargs=_meeting,
        data=lambda cast, extra: {"reason": "Ill"},
        allowed=CASE,
        ok_status=302,
        notes="Cancels the meeting; e-mailed invitees get a cancellation.",
    ),
    Route(
        "meetings:cancelled",
        setup=_setup_cancelled,
        kwargs=_meeting,
        allowed=CASE,
        notes="After cancelling: the invitees to be told by letter or phone.",
    ),
    Route(
        "meetings:invitee_remove",
        setup=_setup_open,
        kwargs=_invitee,
        allowed=CASE,
        notes="Confirmation before taking an invitee off the list.",
    ),
    Route(
        "meetings:invitee_remove",
        method="POST",
        setup=_setup_open,
        kwargs=_invitee,
        allowed=CASE,
        ok_status=302,
        notes="Takes an invitee off the list (an e-mailed one gets a cancellation).",
    ),
    Route(
        "meetings:feedback_results",
        setup=_setup_held,
        kwargs=_meeting,
        allowed=CASE,
        notes="A meeting's feedback: withheld below three answers, aggregated otherwise.",
    ),
    Route(
        "meetings:feedback_send",
        method="POST",
        setup=_setup_held,
        kwargs=_meeting,
        allowed=CASE,
        ok_status=302,
        notes="E-mails each participant present their feedback link.",
    ),
    Route(
        "meetings:team_feedback",
        setup=_setup_team,
        allowed=LEADS,
        notes="A lead's team: meetings and feedback averages per month or quarter, no names.",
    ),
]
