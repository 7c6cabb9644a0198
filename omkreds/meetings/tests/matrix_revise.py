"""Authorization matrix routes for revising a meeting's decision and questions (views_revise.py):
the case's only, like every planning page."""

from omkreds.lib.testing.matrix import CASE, Route
from omkreds.meetings.tests.matrix_staff import _meeting, _setup_open

ROUTES = [
    Route(
        "meetings:revise",
        setup=_setup_open,
        kwargs=_meeting,
        allowed=CASE,
        notes="The form revising a planned meeting's worry, goal and questions.",
    ),
    Route(
        "meetings:revise",
        method="POST",
        setup=_setup_open,
        kwargs=_meeting,
        data=lambda cast, extra: {"concern": "c2", "goal": "g2", "questions": "q1\nq2"},
        allowed=CASE,
        ok_status=302,
        notes="Revises the decision and the questions.",
    ),
]
