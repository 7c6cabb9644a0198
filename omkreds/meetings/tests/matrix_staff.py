"""Authorization matrix routes for the staff's meeting pages (views_staff.py).

Planning pages belong to the case (worker and lead); a professional under a meetings consent
reads the memo documents only.
"""

import datetime as dt

from django.utils import timezone

from omkreds.lib.testing.matrix import CASE, CASE_AND_SHARED, Route
from omkreds.meetings import services, services_invitations, services_memo
from omkreds.meetings.tests.conftest import begun


def _setup_open(cast):
    """A meeting still being planned: no memo yet."""
    start = timezone.now() + dt.timedelta(days=7)
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
        meeting=meeting,
        by=cast.worker,
        name="Matrix Letter",
        postal_address="Street 1",
        channel="letter",
    )
    return {"meeting": meeting, "invitee": invitee}


def _setup(cast):
    """A meeting held, with its memo and an action."""
    extra = _setup_open(cast)
    meeting = begun(extra["meeting"])  # a memo is written from the meeting's start
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")
    action = services_memo.action_add(
        meeting=meeting, by=cast.worker, what="w", owner_user=cast.worker
    )
    return {**extra, "action": action}


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _meeting(cast, extra):
    return {"citizen_id": cast.citizen.pk, "meeting_id": extra["meeting"].pk}


def _invitee(cast, extra):
    return {**_meeting(cast, extra), "invitee_id": extra["invitee"].pk}


def _action(cast, extra):
    return {"citizen_id": cast.citizen.pk, "action_id": extra["action"].pk}


def _get(name, kwargs, allowed=CASE, notes=""):
    return Route(name, setup=_setup, kwargs=kwargs, allowed=allowed, notes=notes)


def _post(name, kwargs, data=None, ok=302, notes="", setup=_setup):
    return Route(
        name,
        method="POST",
        setup=setup,
        kwargs=kwargs,
        data=data,
        allowed=CASE,
        ok_status=ok,
        notes=notes,
    )


ROUTES = [
    _get("meetings:list", _citizen, notes="A citizen's network meetings."),
    _get("meetings:decide", _citizen, notes="The form deciding on a meeting."),
    _post(
        "meetings:decide",
        _citizen,
        data=lambda cast, extra: {"concern": "c", "goal": "g", "questions": "q"},
        notes="Creates a meeting.",
    ),
    _get("meetings:actions", _citizen, notes="The citizen's actions."),
    _post(
        "meetings:action_done",
        _action,
        data=lambda cast, extra: {"done": "1"},
        notes="Ticks an action off.",
    ),
    _get("meetings:meeting", _meeting, notes="The meeting page."),
    _post(
        "meetings:tick",
        _meeting,
        data=lambda cast, extra: {
            "item_key": services.guide.PREPARATION.keys[0],
            "ticked": "on",
        },
        notes="Ticks a preparation point.",
        setup=_setup_open,
    ),
    _post(
        "meetings:schedule",
        _meeting,
        data=lambda cast, extra: {
            "day": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            "time": "10:00",
            "duration": "60",
            "place": "Room",
        },
        notes="Sets time and place.",
        setup=_setup_open,
    ),
    _post(
        "meetings:invitee_add",
        _meeting,
        data=lambda cast, extra: {
            "name": "New Person",
            "phone": "+45 1",
            "language": "da",
            "channel": "phone",
        },
        notes="Adds an invitee.",
        setup=_setup_open,
    ),
    _post(
        "meetings:citizen_take_part",
        _meeting,
        data=lambda cast, extra: {"citizen-channel": "hand", "citizen-language": "da"},
        notes="Adds the citizen as a participant.",
        setup=_setup_open,
    ),
    _post("meetings:send", _meeting, notes="Sends the invitations.", setup=_setup_open),
    _get("meetings:letter_pdf", _invitee, notes="An invitee's letter as PDF."),
    _get("meetings:letter_docx", _invitee, notes="An invitee's letter as Word."),
    _get("meetings:phone_script", _invitee, notes="The phone script for an invitee."),
    _post(
        "meetings:record_reply",
        _invitee,
        data=lambda cast, extra: {"reply": "yes"},
        notes="Records a reply given by phone or letter.",
        setup=_setup_open,
    ),
    _get("meetings:run_sheet", _meeting, notes="Room checklist and the chair's run sheet."),
    _get("meetings:memo", _meeting, notes="The memo form."),
    _post(
        "meetings:memo",
        _meeting,
        data=lambda cast, extra: {"citizen_present": "on", "summary": "s2"},
        notes="Saves the memo.",
    ),
    _get(
        "meetings:memo_pdf",
        _meeting,
        allowed=CASE_AND_SHARED,
        notes="The memo as PDF; readable under a meetings consent.",
    ),
    _get(
        "meetings:memo_docx",
        _meeting,
        allowed=CASE_AND_SHARED,
        notes="The memo as Word; readable under a meetings consent.",
    ),
    _post("meetings:memo_send", _meeting, notes="E-mails the memo to those agreed."),
    _get("meetings:action_add", _meeting, notes="The form adding an action."),
    _post(
        "meetings:action_add",
        _meeting,
        data=lambda cast, extra: {"what": "w2", "owner_name": "Someone"},
        notes="Adds an action.",
    ),
]
