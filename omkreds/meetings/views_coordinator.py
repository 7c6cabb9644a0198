"""Naming the advisory network coordinator of a meeting (seed 002; `network_coordinator.py`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from omkreds.citizens.forms import organisation_users
from omkreds.meetings import network_coordinator
from omkreds.meetings.forms import UserChoiceField, add_service_error
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url


class NetworkCoordinatorForm(forms.Form):
    coordinator = UserChoiceField(
        label=gettext_lazy("Network coordinator"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("— nobody —"),
        help_text=gettext_lazy(
            "Someone in your organisation to contact to discuss ways and options for arranging "
            "the meeting. They are told by e-mail."
        ),
    )
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = organisation_users(
            organisation, roles=network_coordinator.ROLES
        )


@require_http_methods(["GET", "POST"])
@edit_view
def coordinator(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    form = _form(meeting, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                named = network_coordinator.network_coordinator_name(
                    meeting=meeting,
                    by=request.user,
                    coordinator=form.cleaned_data["coordinator"],
                    expected=form.cleaned_data["based_on"],
                )
            except network_coordinator.CoordinatorChanged as error:
                # Shown afresh, based on who it is now; the refusal says why.
                meeting = meeting_of(citizen, meeting_id)
                return _page(request, citizen, meeting, _form(meeting), 409, conflict=str(error))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if named.network_coordinator_id:
                    messages.success(
                        request,
                        _("%(name)s is the network coordinator and is told by e-mail.")
                        % {"name": named.network_coordinator.full_name},
                    )
                else:
                    messages.success(request, _("The meeting has no network coordinator now."))
                return redirect(meeting_url(meeting, "network-coordinator"))
    return _page(request, citizen, meeting, form, status)


def _form(meeting, data=None) -> NetworkCoordinatorForm:
    return NetworkCoordinatorForm(
        data,
        organisation=meeting.citizen.organisation,
        initial={
            "coordinator": meeting.network_coordinator_id,
            "based_on": network_coordinator.based_on(meeting),
        },
    )


def _page(request, citizen, meeting, form, status: int, conflict: str = ""):
    return render(
        request,
        "meetings/staff/network_coordinator.html",
        {"citizen": citizen, "meeting": meeting, "form": form, "conflict": conflict},
        status=status,
    )
