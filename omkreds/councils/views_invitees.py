"""The coordinator's work on the council's invitees and its feedback, from the workspace:
take someone off the list (after a confirmation page), note a reply given by phone or at the visit, and send the meetings'
anonymous feedback form after the council.

The council is resolved through the policy (`views.council_page`: 404 out of reach,
an access-log row first); the services check the council's step and the user's reach again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omkreds.councils import services as sc
from omkreds.councils.models import CouncilStatus
from omkreds.councils.views import council_page
from omkreds.invitations.choices import Channel
from omkreds.invitations.messages import tell_feedback_sent, tell_removed
from omkreds.meetings import guide, services_feedback
from omkreds.meetings.forms import ReplyForm
from omkreds.meetings.models import Invitee


def _url(council, anchor: str) -> str:
    return reverse("councils:council", args=[council.pk]) + f"#{anchor}"


def _invitee(council, invitee_id) -> Invitee:
    return get_object_or_404(Invitee, pk=invitee_id, meeting_id=council.meeting_id)


@require_http_methods(["GET", "POST"])
@council_page()
def invitee_remove(request, council, invitee_id):
    """A confirmation page (GET), as the meetings' own, then the removal (POST)."""
    invitee = _invitee(council, invitee_id)
    name, channel, was_sent = invitee.name, invitee.channel, invitee.sent_sequence is not None
    if request.method == "GET":
        return render(
            request,
            "councils/invitee_remove.html",
            {
                "council": council,
                "citizen": council.citizen,
                "invitee": invitee,
                "may_remove": council.status == CouncilStatus.PREPARING,
                "will_email": was_sent and channel == Channel.EMAIL,
                "by_hand": was_sent and channel != Channel.EMAIL,
                "visited": council.visits.filter(invitee=invitee).exists(),
            },
        )
    try:
        result = sc.council_invitee_remove(council=council, by=request.user, invitee=invitee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url(council, "invitees"))
    tell_removed(request, invitee, name=name, was_sent=was_sent, result=result)
    return redirect(_url(council, "invitees"))


@require_POST
@council_page()
def reply_record(request, council, invitee_id):
    invitee = _invitee(council, invitee_id)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose yes, no or maybe."))
        sc.council_reply_record(
            council=council, by=request.user, invitee=invitee, reply=form.cleaned_data["reply"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The reply from %(name)s is recorded.") % {"name": invitee.name}
        )
    return redirect(_url(council, "invitees"))


@require_POST
@council_page()
def feedback_send(request, council):
    try:
        sent = sc.council_feedback_send(council=council, by=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The feedback request was not sent: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
        return redirect(_url(council, "feedback"))
    tell_feedback_sent(request, sent)
    return redirect(_url(council, "feedback"))


def feedback_context(council) -> dict:
    """The feedback section of the workspace, after the council: the meetings' own results,
    withheld below `services.MIN_FEEDBACK` answers."""
    results = services_feedback.feedback_results(meeting=council.meeting)
    answers = list(guide.FEEDBACK_ANSWERS)
    return {
        "feedback": results,
        "feedback_minimum": services_feedback.MIN_FEEDBACK,
        "feedback_answer_labels": [guide.lazy_text(guide.FEEDBACK_ANSWERS[a]) for a in answers],
        "feedback_rows": [
            (q.item, [q.counts[a] for a in answers], q.answered) for q in results.questions
        ],
    }
