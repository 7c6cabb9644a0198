"""Authorization matrix routes for the feedback on paper and on the worker's tablet
(views_feedback.py): the case's, like the feedback page itself."""

from omkreds.lib.testing.matrix import CASE, Route
from omkreds.meetings.tests.matrix_manage import _meeting, _setup_held


def _invitee(cast, extra):
    return {"invitee": extra["meeting"].invitees.first().pk}


ROUTES = [
    Route(
        "meetings:feedback_form",
        setup=_setup_held,
        kwargs=_meeting,
        allowed=CASE,
        notes="The feedback form on paper (A4 PDF, tick boxes, no names).",
    ),
    Route(
        "meetings:feedback_paper",
        method="POST",
        setup=_setup_held,
        kwargs=_meeting,
        data=lambda cast, extra: {"based_on": 0, "fb.heard": "yes"},
        allowed=CASE,
        ok_status=302,
        notes="Types in a paper form's answers (409 when typed in twice or beyond the count).",
    ),
    Route(
        "meetings:feedback_tablet",
        method="POST",
        setup=_setup_held,
        kwargs=_meeting,
        data=_invitee,
        allowed=CASE,
        ok_status=302,
        notes="Hands the tablet to a participant: the session shows the feedback form only.",
    ),
    Route(
        "meetings:feedback_tablet_answer",
        setup=_setup_held,
        kwargs=_meeting,
        allowed=CASE,
        ok_status=302,
        notes="The handed-over tablet's feedback form (back to the feedback page if none).",
    ),
    Route(
        "meetings:feedback_tablet_unlock",
        method="POST",
        setup=_setup_held,
        kwargs=_meeting,
        data=lambda cast, extra: {"password": "wrong"},
        allowed=CASE,
        ok_status=302,
        notes="The worker takes the tablet back with their password.",
    ),
]
