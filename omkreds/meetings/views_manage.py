"""Managing a planned or held network meeting (seed 002): cancel it with a reason, take someone
off the invitees, ask the participants for feedback and read it — per meeting, and over time
for the team's lead.

Meeting pages resolve the citizen through the policy (`citizen_view`: 404 when out of reach,
access-log row first) and need the case (`EDIT_MEETINGS`): feedback is part of planning the
next meeting, not of what a consent shares. The team page asks the policy for
`OrgAction.VIEW_MEETING_FEEDBACK` and logs the citizens whose meetings are in its figures.
The rules about the data are the services'; a `MeetingError` comes back as a message, nothing
changed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import log, policy
from omkreds.access.policy import OrgAction
from omkreds.invitations.choices import Channel
from omkreds.invitations.messages import names, tell_feedback_sent, tell_removed
from omkreds.meetings import feedback_stats, guide, services_feedback, services_invitations
from omkreds.meetings.forms import add_service_error
from omkreds.meetings.models import Invitee, MeetingStatus
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url

# Statuses in which a meeting can still be cancelled and its invitees changed (as services).
_OPEN = (MeetingStatus.DECIDED, MeetingStatus.PREPARED, MeetingStatus.INVITED)
_HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def _sent(meeting) -> tuple[list[Invitee], list[Invitee]]:
    """Those sent an invitation: (by e-mail, by letter or phone — to be told by hand)."""
    sent = list(meeting.invitees.filter(sent_sequence__isnull=False).in_order())
    by_email = [i for i in sent if i.channel == Channel.EMAIL]
    return by_email, [i for i in sent if i.channel != Channel.EMAIL]


# --- Cancel ------------------------------------------------------------------------------------


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Those e-mailed an invitation get it with the cancellation."),
    )


@require_http_methods(["GET", "POST"])
@edit_view
def cancel(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    if meeting.is_cancelled:
        return redirect("meetings:cancelled", citizen_id=citizen.pk, meeting_id=meeting.pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services_invitations.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is cancelled."))
            if result.emailed:
                messages.info(
                    request,
                    _("The cancellation is e-mailed to %(names)s.")
                    % {"names": names(result.emailed)},
                )
            if result.failed:
                messages.error(
                    request,
                    _("These e-mails could not be sent; tell them yourself: %(names)s.")
                    % {"names": names(result.failed)},
                )
            return redirect("meetings:cancelled", citizen_id=citizen.pk, meeting_id=meeting.pk)
    by_email, by_hand = _sent(meeting)
    return render(
        request,
        "meetings/manage/cancel.html",
        {
            "citizen": citizen,
            "meeting": meeting,
            "form": form,
            "may_cancel": meeting.status in _OPEN,
            "by_email": by_email,
            "by_hand": by_hand,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@edit_view
def cancelled(request, citizen, meeting_id):
    """Who was told by e-mail and who must be told by hand, after the meeting was cancelled."""
    meeting = meeting_of(citizen, meeting_id)
    if not meeting.is_cancelled:
        return redirect(meeting_url(meeting))
    by_email, by_hand = _sent(meeting)
    return render(
        request,
        "meetings/manage/cancelled.html",
        {"citizen": citizen, "meeting": meeting, "by_email": by_email, "by_hand": by_hand},
    )


# --- Remove an invitee -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@edit_view
def invitee_remove(request, citizen, meeting_id, invitee_id):
    """A confirmation page (GET), then the removal (POST)."""
    meeting = meeting_of(citizen, meeting_id)
    invitee = get_object_or_404(Invitee, pk=invitee_id, meeting=meeting)
    was_sent = invitee.sent_sequence is not None
    status = 200
    if request.method == "POST":
        name = invitee.name
        try:
            result = services_invitations.invitee_remove(
                meeting=meeting, invitee=invitee, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            tell_removed(request, invitee, name=name, was_sent=was_sent, result=result)
            return redirect(meeting_url(meeting, "invitees"))
    return render(
        request,
        "meetings/manage/invitee_remove.html",
        {
            "citizen": citizen,
            "meeting": meeting,
            "invitee": invitee,
            "may_remove": meeting.status in _OPEN,
            "will_email": was_sent and invitee.channel == Channel.EMAIL,
            "by_hand": was_sent and invitee.channel != Channel.EMAIL,
        },
        status=status,
    )


# --- Feedback ----------------------------------------------------------------------------------


def _may_view_team_feedback(request) -> bool:
    organisation = getattr(request, "organisation", None)
    return organisation is not None and policy.can_org(
        request.user, OrgAction.VIEW_MEETING_FEEDBACK, organisation
    )


@require_POST
@edit_view
def feedback_send(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    try:
        sent = services_feedback.feedback_request_send(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The feedback request was not sent: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
        return redirect(meeting_url(meeting, "feedback"))
    tell_feedback_sent(request, sent)
    return redirect("meetings:feedback_results", citizen_id=citizen.pk, meeting_id=meeting.pk)


@require_GET
@edit_view
def feedback_results(request, citizen, meeting_id):
    return results_page(request, citizen, meeting_of(citizen, meeting_id))


def results_page(request, citizen, meeting):
    """The feedback page: the results (withheld below the minimum), asking by each one's
    channel, the form on paper and its answers typed in, the tablet handed over."""
    from omkreds.meetings.views_feedback import meeting_section

    results = services_feedback.feedback_results(meeting=meeting)
    answers = list(guide.FEEDBACK_ANSWERS)
    rows = [
        (question.item, [question.counts[a] for a in answers], question.answered)
        for question in results.questions
    ]
    return render(
        request,
        "meetings/manage/feedback.html",
        {
            "citizen": citizen,
            "meeting": meeting,
            "results": results,
            "minimum": services_feedback.MIN_FEEDBACK,
            "answer_labels": [guide.lazy_text(guide.FEEDBACK_ANSWERS[a]) for a in answers],
            "rows": rows,
            "may_send": meeting.status in _HELD,
            "may_view_team": _may_view_team_feedback(request),
            **meeting_section(meeting),
        },
    )


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Show the figures"),
        choices=list(feedback_stats.PERIODS.items()),
        widget=forms.Select,
    )


def _period_label(row: feedback_stats.PeriodFeedback) -> str:
    if row.period == feedback_stats.QUARTER:
        return _("Q%(quarter)d %(year)d") % {
            "quarter": (row.starts_on.month - 1) // 3 + 1,
            "year": row.starts_on.year,
        }
    return formats.date_format(row.starts_on, "YEAR_MONTH_FORMAT")


@require_GET
@login_required
def team_feedback(request):
    """Feedback over time for the lead's team: meetings and averages, no names."""
    if not _may_view_team_feedback(request):
        raise Http404
    organisation = request.organisation
    form = PeriodForm(request.GET or {"period": feedback_stats.MONTH})
    period = form.cleaned_data["period"] if form.is_valid() else feedback_stats.MONTH
    citizens = policy.citizens_in_reach(request.user).filter(organisation=organisation)
    result = feedback_stats.feedback_over_time(citizens=citizens, period=period)
    log.record_many(request, citizen_ids=result.citizen_ids, action=OrgAction.VIEW_MEETING_FEEDBACK)
    membership = getattr(request, "membership", None)
    return render(
        request,
        "meetings/manage/team_feedback.html",
        {
            "form": form,
            "result": result,
            "rows": [(row, _period_label(row)) for row in result.periods],
            "minimum": services_feedback.MIN_FEEDBACK,
            "team": membership.team if membership else None,
        },
        status=200 if form.is_valid() else 400,
    )
