"""The worker's tablet handed over at the end of a meeting (issue 13, point 3): a participant
answers the feedback form on it, anonymously, and the tablet returns to the staff pages only
after the worker signs in again (their password; without one, a new sign-in with the second
factor).

The session holds the lock. While it is there, every page of this session leads to the
feedback page (`TabletLockMiddleware`), so whoever holds the tablet reaches nothing of the case.
Five wrong passwords end the session: the worker then signs in from the login page.
"""

from __future__ import annotations

from django.shortcuts import redirect

KEY = "tablet_lock"
MAX_TRIES = 5

__all__ = ["KEY", "MAX_TRIES", "TabletLockMiddleware", "lock", "locked", "unlock"]


def lock(request, *, meeting, invitee, answer_url: str, unlock_url: str, back: str) -> None:
    request.session[KEY] = {
        "meeting": str(meeting.pk),
        "invitee": invitee.pk,
        "answer_url": answer_url,
        "unlock_url": unlock_url,
        "back": back,
        "answered": False,
        "tries": 0,
    }


def locked(request, meeting=None) -> dict | None:
    held = request.session.get(KEY)
    if held and meeting is not None and held["meeting"] != str(meeting.pk):
        return None
    return held


def update(request, **changes) -> None:
    request.session[KEY] = {**request.session[KEY], **changes}


def unlock(request) -> str:
    """The page to return to."""
    return request.session.pop(KEY)["back"]


class TabletLockMiddleware:
    """While the tablet is handed over, the session reaches the feedback page and its unlock
    form only (and the language switcher, so the participant can read it in their language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        held = session.get(KEY) if session is not None else None
        if held and request.path not in (held["answer_url"], held["unlock_url"]):
            from django.conf import settings
            from django.urls import reverse

            static = settings.STATIC_URL or "/static/"
            if not request.path.startswith(static) and request.path != reverse("set_language"):
                return redirect(held["answer_url"])
        return self.get_response(request)
