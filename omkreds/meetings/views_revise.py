"""Revising a meeting still being planned: the worry, the goal and the questions decided in step 1
(seed 002), changed with the citizen before the meeting — also the follow-up meeting, which
starts with "What has happened since the last meeting?" and gets its own questions here.
Changed questions after the invitations went out make the meeting page offer "send the update"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from omkreds.meetings import services
from omkreds.meetings.forms import DecideForm, add_service_error
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url


class ReviseForm(forms.Form):
    """The decision's fields of `DecideForm`; who takes part is changed on the meeting page."""

    concern = DecideForm.base_fields["concern"]
    why_not_own_tools = DecideForm.base_fields["why_not_own_tools"]
    goal = DecideForm.base_fields["goal"]
    questions = DecideForm.base_fields["questions"]
    clean_questions = DecideForm.clean_questions


@require_http_methods(["GET", "POST"])
@edit_view
def revise(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    initial = {
        "concern": meeting.concern,
        "why_not_own_tools": meeting.why_not_own_tools,
        "goal": meeting.goal,
        "questions": "\n".join(q.text for q in meeting.questions.all()),
    }
    form = ReviseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sequence = meeting.sequence
        try:
            services.meeting_revise(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The decision and the questions are saved."))
            if meeting.sequence != sequence:
                messages.info(
                    request,
                    _(
                        "The invitations that went out list the old questions: send the update "
                        "to tell everyone."
                    ),
                )
                return redirect(meeting_url(meeting) + "#update-due")
            return redirect(meeting_url(meeting))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/staff/revise.html",
        {"citizen": citizen, "meeting": meeting, "form": form},
        status=status,
    )
