"""Feedback that reaches everyone (issue 13, points 3 and 4): the form on paper (A4, tick
boxes) and its answers typed in as "answered on paper", and the worker's tablet handed to a
participant at the end of the meeting (`tablet.py`: locked until the worker signs in again).

The handlers take the meeting and the pages around it, so a meeting's page and a council's
(`councils/views_feedback.py`) share them; each room's guard wraps them (`meetings/urls.py`:
the case's planning reach). A paper entry names the number of answers it was based on; a stale
one, or one beyond the number of participants, answers 409 and saves nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.accounts.models import Language
from omkreds.invitations import documents as invitation_documents
from omkreds.invitations.api import attachment
from omkreds.meetings import guide, services_feedback, tablet
from omkreds.meetings.errors import FeedbackFull, FeedbackStale, NotAnInvitee
from omkreds.meetings.feedback_paper import feedback_form_pdf
from omkreds.meetings.models import FeedbackSource, MeetingStatus
from omkreds.meetings.pages import edit_view, meeting_of

_HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def _answers(request) -> dict:
    return {key: request.POST.get(key, "") for key in guide.FEEDBACK.keys}


def section(meeting, *, form_url: str, paper_url: str, tablet_url: str = "") -> dict:
    """The feedback page's "on paper" and "on the tablet" parts. Two queries."""
    counts = dict.fromkeys(FeedbackSource.values, 0)
    for source in meeting.feedback.values_list("source", flat=True):
        counts[source] += 1
    return {
        "more": {
            "form_url": form_url,
            "paper_url": paper_url,
            "tablet_url": tablet_url,
            "responses": sum(counts.values()),
            "on_paper": counts[FeedbackSource.PAPER],
            "on_tablet": counts[FeedbackSource.TABLET],
            "waiting": services_feedback.feedback_waiting(meeting) if tablet_url else [],
            "held": meeting.status in _HELD and meeting.has_started,
            "questions": guide.FEEDBACK.items,
            "answers": list(guide.FEEDBACK_ANSWERS.items()),
            "languages": Language.choices,
            "language": meeting.citizen.organisation.default_language,
        }
    }


def form_pdf(request, meeting):
    language = request.GET.get("language", "")
    if language not in Language.values:
        language = meeting.citizen.organisation.default_language
    return attachment(
        feedback_form_pdf(meeting, language=language), "application/pdf", "feedback-form.pdf"
    )


def _refused(request, page, error, status: int):
    messages.error(request, " ".join(error.messages))
    response = page()
    response.status_code = status
    return response


def paper_add(request, meeting, *, back: str, page, add=None):
    """Type in a paper form (`add`: the room's service, the meetings' own by default)."""
    if add is None:

        def add(**kw):
            return services_feedback.feedback_paper_add(meeting=meeting, **kw)

    try:
        add(
            answers=_answers(request),
            comment=request.POST.get("comment", ""),
            based_on=request.POST.get("based_on"),
            by=request.user,
        )
    except (FeedbackStale, FeedbackFull) as error:
        return _refused(request, page, error, 409)
    except ValidationError as error:
        return _refused(request, page, error, 400)
    messages.success(request, _("The answers from paper are saved."))
    return redirect(back)


def tablet_start(request, meeting, *, answer_url: str, unlock_url: str, back: str):
    """Hand the tablet over: to one of those present who has not answered yet."""
    waiting = {str(i.pk): i for i in services_feedback.feedback_waiting(meeting)}
    invitee = waiting.get(request.POST.get("invitee", ""))
    if meeting.status not in _HELD or not meeting.has_started:
        messages.error(request, _("The tablet can be handed over once the meeting has started."))
        return redirect(back)
    if invitee is None:
        messages.error(request, " ".join(NotAnInvitee().messages))
        return redirect(back)
    tablet.lock(
        request,
        meeting=meeting,
        invitee=invitee,
        answer_url=answer_url,
        unlock_url=unlock_url,
        back=back,
    )
    return redirect(answer_url)


def tablet_answer(request, meeting, *, back: str):
    held = tablet.locked(request, meeting)
    if held is None:
        return redirect(back)
    error, status = None, 200
    if request.method == "POST" and not held["answered"]:
        try:
            services_feedback.feedback_tablet_submit(
                meeting=meeting,
                invitee_id=held["invitee"],
                answers=_answers(request),
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            tablet.update(request, answered=True)
            held = tablet.locked(request, meeting)
    return render(
        request,
        "meetings/tablet/feedback.html",
        {
            "held": held,
            "error": error,
            "title": guide.FEEDBACK.title,
            "questions": guide.FEEDBACK.items,
            "answers": list(guide.FEEDBACK_ANSWERS.items()),
            "posted": request.POST if error else {},
            "when": invitation_documents.when_text(meeting),
            "worker": request.user.full_name,
            "with_password": request.user.has_usable_password(),
        },
        status=status,
    )


def tablet_unlock(request, meeting):
    """The worker takes the tablet back: their password, or a new sign-in."""
    held = tablet.locked(request, meeting)
    if held is None:
        return redirect(reverse("citizens:home"))
    password = request.POST.get("password", "")
    if request.user.has_usable_password() and request.user.check_password(password):
        back = tablet.unlock(request)
        messages.success(request, _("Welcome back. The tablet shows the staff pages again."))
        return redirect(back)
    tries = held["tries"] + 1
    if not request.user.has_usable_password() or tries >= tablet.MAX_TRIES:
        logout(request)
        return redirect(reverse("accounts:login"))
    tablet.update(request, tries=tries)
    messages.error(request, _("That is not the password. Try again."))
    return redirect(held["answer_url"])


# --- The meeting's pages -----------------------------------------------------------------------


def _urls(meeting) -> dict:
    args = [meeting.citizen_id, meeting.pk]
    return {
        "form_url": reverse("meetings:feedback_form", args=args),
        "paper_url": reverse("meetings:feedback_paper", args=args),
        "tablet_url": reverse("meetings:feedback_tablet", args=args),
        "answer_url": reverse("meetings:feedback_tablet_answer", args=args),
        "unlock_url": reverse("meetings:feedback_tablet_unlock", args=args),
        "back": reverse("meetings:feedback_results", args=args),
    }


def meeting_section(meeting) -> dict:
    urls = _urls(meeting)
    return section(
        meeting,
        form_url=urls["form_url"],
        paper_url=urls["paper_url"],
        tablet_url=urls["tablet_url"],
    )


@require_GET
@edit_view
def meeting_form_pdf(request, citizen, meeting_id):
    return form_pdf(request, meeting_of(citizen, meeting_id))


@require_POST
@edit_view
def meeting_paper(request, citizen, meeting_id):
    from omkreds.meetings.views_manage import results_page

    meeting = meeting_of(citizen, meeting_id)
    return paper_add(
        request,
        meeting,
        back=_urls(meeting)["back"],
        page=lambda: results_page(request, citizen, meeting),
    )


@require_POST
@edit_view
def meeting_tablet(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    urls = _urls(meeting)
    return tablet_start(
        request,
        meeting,
        answer_url=urls["answer_url"],
        unlock_url=urls["unlock_url"],
        back=urls["back"],
    )


@require_http_methods(["GET", "POST"])
@edit_view
def meeting_tablet_answer(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    return tablet_answer(request, meeting, back=_urls(meeting)["back"])


@require_POST
@edit_view
def meeting_tablet_unlock(request, citizen, meeting_id):
    return tablet_unlock(request, meeting_of(citizen, meeting_id))
