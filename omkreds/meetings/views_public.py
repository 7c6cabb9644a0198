"""The two pages an invitee reaches without an account, through a signed link: the reply to
the invitation and the anonymous feedback form. They show only that invitation.

A forged link, or one for another meeting, answers 404 like any unknown page. An expired or
used link gets a page saying so. Showing the invitation is logged against the citizen.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from omkreds.access import log
from omkreds.invitations import documents, links, tokens
from omkreds.invitations.choices import Reply
from omkreds.invitations.errors import TokenExpired, TokenInvalid
from omkreds.lib.errors import WorkflowError
from omkreds.meetings import guide, services_feedback, services_invitations, shortlinks
from omkreds.meetings.errors import FeedbackUsed, ShortCodeThrottled, ShortCodeUnknown
from omkreds.meetings.models import Invitee

INVITATION = "meeting_invitation"
FEEDBACK_FORM = "meeting_feedback_form"


def _language(request, invitee) -> str:
    # The invitee's language, unless they chose another with the language switcher.
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language()
    return invitee.language


def _read(token, purpose, meeting_id):
    try:
        return tokens.read(token, purpose, invitees=Invitee.objects, meeting_id=meeting_id), None
    except TokenInvalid as exc:
        raise Http404 from exc
    except TokenExpired as exc:
        return None, exc


def _message(request, message, *, status: int):
    return render(request, "meetings/public/message.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def reply(request, meeting_id, token):
    invitee, problem = _read(token, tokens.REPLY, meeting_id)
    if problem:
        return _message(request, str(problem), status=410)
    with translation.override(_language(request, invitee)):
        error, status, done = None, 200, False
        if request.method == "POST":
            try:
                invitee = services_invitations.invitation_reply(
                    token=token, reply=request.POST.get("reply", ""), meeting_id=meeting_id
                )
                done = True
            except WorkflowError as exc:
                error, status = str(exc), 400
        meeting = invitee.meeting
        log.record(request, citizen_id=meeting.citizen_id, action=INVITATION, obj=invitee)
        context = {
            "invitee": invitee,
            "meeting": meeting,
            "done": done,
            "error": error,
            "used": invitee.reply_link_used_at is not None and not done,
            "replies": [(r.value, r.label) for r in (Reply.YES, Reply.NO, Reply.MAYBE)],
        }
        if not meeting.is_cancelled:
            context["invitation"] = documents.invitation_context(meeting, invitee)
            context["calendar_url"] = links.reply_calendar_path(invitee)
        return render(request, "meetings/public/reply.html", context, status=status)


@require_http_methods(["GET", "POST"])
def feedback(request, meeting_id, token):
    invitee, problem = _read(token, tokens.FEEDBACK, meeting_id)
    if problem:
        return _message(request, str(problem), status=410)
    with translation.override(_language(request, invitee)):
        if invitee.feedback_given_at is not None:
            return _message(request, str(FeedbackUsed()), status=200)
        error, status = None, 200
        if request.method == "POST":
            answers = {key: request.POST.get(key, "") for key in guide.FEEDBACK.keys}
            try:
                services_feedback.feedback_submit(
                    token=token,
                    answers=answers,
                    comment=request.POST.get("comment", ""),
                    meeting_id=meeting_id,
                )
                return render(request, "meetings/public/feedback_thanks.html")
            except WorkflowError as exc:
                error, status = str(exc), 400
        log.record(
            request, citizen_id=invitee.meeting.citizen_id, action=FEEDBACK_FORM, obj=invitee
        )
        context = {
            "error": error,
            "questions": guide.FEEDBACK.items,
            "title": guide.FEEDBACK.title,
            "answers": [(key, text) for key, text in guide.FEEDBACK_ANSWERS.items()],
            "posted": request.POST if request.method == "POST" else {},
            "when": documents.when_text(invitee.meeting),
        }
        return render(request, "meetings/public/feedback.html", context, status=status)


def _client_address(request) -> str:
    # The address the throttle counts by: the same one django-axes uses (REMOTE_ADDR; the
    # proxy in front sets it, see docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "")


def _open_short(request, code):
    """Redirect to the long link for `code`, or the form again with what was wrong."""
    try:
        return redirect(shortlinks.short_link_open(code=code, address=_client_address(request)))
    except ShortCodeThrottled as exc:
        return _short_form(request, error=str(exc), status=429)
    except ShortCodeUnknown as exc:
        return _short_form(request, error=str(exc), status=404, code=code)
    except TokenExpired as exc:
        return _message(request, str(exc), status=410)


def _short_form(request, *, error=None, status=200, code=""):
    context = {"error": error, "code": code if isinstance(code, str) else ""}
    return render(request, "meetings/public/short_code.html", context, status=status)


@require_http_methods(["GET", "POST"])
def short_form(request):
    """Type the code from the letter (/r/): the same as opening /r/<code>."""
    if request.method == "POST":
        return _open_short(request, request.POST.get("code", "")[:40])
    return _short_form(request)


@require_GET
def short_link(request, code):
    return _open_short(request, code[:40])
