"""Recording the planning meeting of the main person, the employee and the coordinator
(seed 003; planning.py). The case and the council's coordinator record it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from omkreds.citizens.forms import DateInput
from omkreds.councils import planning
from omkreds.councils.views import council_page
from omkreds.meetings.forms import add_service_error
from omkreds.meetings.models import LONG_TEXT


class PlanningForm(forms.Form):
    met_on = forms.DateField(label=gettext_lazy("Date of the planning meeting"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)


def _form(council, data=None) -> PlanningForm:
    return PlanningForm(
        data,
        initial={
            "met_on": council.planning_met_on,
            "note": council.planning_note,
            "based_on": planning.based_on(council),
        },
    )


def _page(request, council, form, status: int = 200, conflict: str = ""):
    questions = list(council.questions.all())
    context = {
        "council": council,
        "form": form,
        "questions": questions,
        "changed": planning.questions_changed_since(council, questions),
        "conflict": conflict,
    }
    return render(request, "councils/planning.html", context, status=status)


@require_http_methods(["GET", "POST"])
@council_page()
def planning_meeting(request, council):
    if request.method == "GET":
        return _page(request, council, _form(council))
    form = _form(council, request.POST)
    if form.is_valid():
        try:
            planning.planning_meeting_record(
                council=council,
                by=request.user,
                met_on=form.cleaned_data["met_on"],
                note=form.cleaned_data["note"],
                expected=form.cleaned_data["based_on"],
            )
        except planning.PlanningChanged as error:
            council.refresh_from_db()
            return _page(request, council, _form(council), 409, conflict=str(error))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The planning meeting is recorded."))
            return redirect(reverse("councils:council", args=[council.pk]) + "#planning")
    return _page(request, council, form, 400)
