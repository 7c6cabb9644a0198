"""Authorization matrix routes for the network-meeting API (format: omkreds/lib/testing/matrix.py).

As on the staff pages: planning belongs to the case (worker and lead); a professional under a
meetings consent reads the memo only.
"""

import datetime as dt

from django.utils import timezone

from omkreds.lib.testing.matrix import CASE, CASE_AND_SHARED, Route
from omkreds.meetings import guide, services, services_invitations, services_memo
from omkreds.meetings.models import Memo
from omkreds.meetings.tests.conftest import begun
from omkreds.meetings.tests.matrix_staff import _action, _citizen, _invitee, _meeting, _setup
from omkreds.meetings.tests.matrix_staff import _setup_open as _open


def _memo_to_send(cast):
    """A held meeting whose memo one invitee with an e-mail address may receive."""
    extra = _open(cast)
    reader = services_invitations.invitee_add(
        meeting=extra["meeting"], by=cast.worker, name="Matrix Mail", email="mail@example.org"
    )
    begun(extra["meeting"])  # a memo is written from the meeting's start
    services_memo.memo_save(meeting=extra["meeting"], by=cast.worker, recipients=[reader.pk])
    return extra


def _letter(cast, extra):
    return {**_invitee(cast, extra), "fmt": "pdf"}


def _in_days(days: int, hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour))).isoformat()


def _get(name, kwargs, setup=_setup, allowed=CASE, notes=""):
    return Route(name, api=True, setup=setup, kwargs=kwargs, allowed=allowed, notes=notes)


def _change(name, kwargs, data=None, method="POST", ok=200, setup=_setup, notes=""):
    return Route(
        name,
        api=True,
        method=method,
        setup=setup,
        kwargs=kwargs,
        data=data,
        allowed=CASE,
        ok_status=ok,
        notes=notes,
    )


ROUTES = [
    _get("api:meetings_list", _citizen, notes="A citizen's network meetings, a page at a time."),
    _change(
        "api:meetings_decide",
        _citizen,
        data=lambda cast, extra: {"concern": "c", "goal": "g", "questions": ["q?"]},
        ok=201,
        notes="Decides on a meeting.",
    ),
    _get("api:meetings_detail", _meeting, notes="Decision, time, place, invitees and replies."),
    _change(
        "api:meetings_revise",
        _meeting,
        method="PATCH",
        data=lambda cast, extra: {
            "goal": "g2",
            "based_on": services.meeting_version(extra["meeting"]),
        },
        setup=_open,
        notes="Changes the decision.",
    ),
    _change(
        "api:meetings_tick",
        _meeting,
        data=lambda cast, extra: {
            "item_key": guide.PREPARATION.keys[0],
            "based_on": services.preparation_version(extra["meeting"]),
        },
        setup=_open,
        notes="Ticks a preparation point.",
    ),
    _change(
        "api:meetings_schedule",
        _meeting,
        data=lambda cast, extra: {
            "starts_at": _in_days(9, 10),
            "ends_at": _in_days(9, 11),
            "place": "Room",
            "based_on": services.schedule_version(extra["meeting"]),
        },
        setup=_open,
        notes="Sets time and place.",
    ),
    _change(
        "api:meetings_cancel",
        _meeting,
        data=lambda cast, extra: {"based_on": services.schedule_version(extra["meeting"])},
        setup=_open,
        notes="Cancels the meeting.",
    ),
    _get("api:meetings_ics", _meeting, setup=_open, notes="The meeting's iCalendar file."),
    _change(
        "api:meetings_invitee_add",
        _meeting,
        data=lambda cast, extra: {"name": "New Person", "phone": "+45 1", "channel": "phone"},
        ok=201,
        setup=_open,
        notes="Adds an invitee.",
    ),
    _change(
        "api:meetings_invitee",
        _invitee,
        method="DELETE",
        setup=_open,
        notes="Takes an invitee off the list.",
    ),
    _change(
        "api:meetings_reply",
        _invitee,
        data=lambda cast, extra: {"reply": "yes"},
        setup=_open,
        notes="Records a reply given by phone or letter.",
    ),
    _get("api:meetings_letter", _letter, setup=_open, notes="An invitee's letter as PDF."),
    _change("api:meetings_send", _meeting, setup=_open, notes="Sends the invitations."),
    _get(
        "api:meetings_memo",
        _meeting,
        allowed=CASE_AND_SHARED,
        notes="The memo; readable under a meetings consent.",
    ),
    _change(
        "api:meetings_memo_save",
        _meeting,
        method="PUT",
        data=lambda cast, extra: {
            "summary": "s2",
            "based_on": services_memo.memo_version(Memo.objects.get(meeting=extra["meeting"])),
        },
        notes="Writes the memo.",
    ),
    _change(
        "api:meetings_memo_send",
        _meeting,
        setup=_memo_to_send,
        notes="E-mails the memo to those agreed.",
    ),
    _get("api:meetings_actions", _meeting, notes="The meeting's actions."),
    _change(
        "api:meetings_action_add",
        _meeting,
        data=lambda cast, extra: {"what": "w2", "owner_name": "Someone"},
        ok=201,
        notes="Adds an action.",
    ),
    _get("api:meetings_citizen_actions", _citizen, notes="The citizen's actions."),
    _change(
        "api:meetings_action_done",
        _action,
        data=lambda cast, extra: {"done": True},
        notes="Ticks an action off.",
    ),
    _get("api:meetings_feedback", _meeting, notes="Feedback results (withheld below three)."),
    _change(
        "api:meetings_feedback_send",
        _meeting,
        notes="E-mails feedback links to those present.",
    ),
]
