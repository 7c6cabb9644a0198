"""The citizen as a participant of their own meeting (see `services_citizen`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omkreds.meetings.forms import CitizenTakesPartForm
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url
from omkreds.meetings.services_citizen import citizen_take_part as take_part


@require_POST
@edit_view
def citizen_take_part(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    form = CitizenTakesPartForm(request.POST, citizen=citizen, prefix="citizen")
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        take_part(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s takes part.") % {"name": citizen.name})
    return redirect(meeting_url(meeting, "invitees"))
